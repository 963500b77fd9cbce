// One cache entry on disk, in maestro-cli's layout: `<cache dir>/<key[:2]>/<key>/result.json` (the task's
// result.json plus `_cache_*` facts) and `task.log`. Reading decides whether an entry may be used now:
// successes always, failures until their TTL runs out.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_POLICY_VERSION } from './cache-key.ts';

export type CacheKind = 'success' | 'negative';

/** `_cache_why` values, as maestro-cli writes them. */
export type CacheWhy =
  | 'success'
  | 'negative:timeout'
  | 'negative:rate_limit'
  | 'negative:verify_fail'
  | 'negative:judge_fail'
  | 'negative:generic';

/** The `_`-prefixed facts an entry's result.json carries besides the task's result. */
export interface CacheFacts {
  _cached_at: string;
  _cache_policy_version: number;
  _cache_why: CacheWhy;
  _cache_kind: CacheKind;
  _negative_cache_ttl_sec?: number;
  _cache_expires_at?: string;
  /** Maestro's additions: what a hit needs without re-reading or recomputing. */
  _cache_key: string;
  _plan_name: string;
  _output_hash: string;
  _log_hash: string;
  _failure_category: string | null;
  _judge_verdict: string | null;
}

export type CacheEntryDocument = Record<string, unknown> & CacheFacts;

export interface CacheEntry {
  key: string;
  document: CacheEntryDocument;
  kind: CacheKind;
  cachedAt: Date;
  expiresAt: Date | undefined;
}

export type EntryLookup =
  | { found: true; entry: CacheEntry }
  | {
      found: false;
      reason: 'no_entry' | 'expired' | 'unreadable' | 'policy_version' | 'negative_disabled';
      entry?: CacheEntry;
    };

export function entryFolder(cacheDir: string, key: string): string {
  return join(cacheDir, key.slice(0, 2), key);
}

export interface FreshnessRules {
  /** The task's current `negative_cache_ttl_sec` (0: failures are not reused). */
  negativeTtlSec: number;
  /** When false, negative entries are not used (e.g. --resume, which exists to retry failures). */
  useNegative: boolean;
  now: Date;
}

/**
 * Reads the entry for `key` and decides whether it may be used now. Never throws. The read is
 * synchronous on purpose: for a small file, fs/promises' open/stat/read/close round trips through
 * libuv's pool cost the main thread several times what one readFileSync does.
 */
export function readCacheEntry(cacheDir: string, key: string, rules: FreshnessRules): EntryLookup {
  const path = join(entryFolder(cacheDir, key), 'result.json');
  // A stat is ten times cheaper than the exception a failed read throws, and most lookups that fail, fail here.
  if (!existsSync(path)) return { found: false, reason: 'no_entry' };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { found: false, reason: 'no_entry' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { found: false, reason: 'unreadable' };
  }
  if (!isUsableDocument(parsed)) return { found: false, reason: 'unreadable' };
  const document = parsed;
  if (document._cache_policy_version !== CACHE_POLICY_VERSION)
    return { found: false, reason: 'policy_version' };
  const kind: CacheKind = document._cache_kind === 'negative' ? 'negative' : 'success';
  const status = document.status;
  const consistent =
    kind === 'success' ? status === 'success' : status === 'failed' || status === 'soft_failed';
  if (!consistent) return { found: false, reason: 'unreadable' };
  const cachedAt = new Date(document._cached_at);
  if (Number.isNaN(cachedAt.getTime())) return { found: false, reason: 'unreadable' };
  // A hit restores the entry's log too: an entry that lost it is not one.
  if (!existsSync(join(entryFolder(cacheDir, key), 'task.log')))
    return { found: false, reason: 'unreadable' };
  const entry: CacheEntry = { key, document, kind, cachedAt, expiresAt: undefined };
  if (kind === 'success') return { found: true, entry };
  // A failure is remembered for the shorter of the TTL it was stored with and the task's TTL now.
  const storedExpiry = Date.parse(String(document._cache_expires_at ?? ''));
  const currentExpiry = cachedAt.getTime() + rules.negativeTtlSec * 1000;
  const expiresAt = new Date(
    Number.isNaN(storedExpiry) ? currentExpiry : Math.min(storedExpiry, currentExpiry),
  );
  entry.expiresAt = expiresAt;
  if (!rules.useNegative || rules.negativeTtlSec <= 0)
    return { found: false, reason: 'negative_disabled', entry };
  if (rules.now.getTime() >= expiresAt.getTime()) return { found: false, reason: 'expired', entry };
  return { found: true, entry };
}

// A hit's document becomes the task's record. One that parses but has another shape (edited by hand,
// written by another tool) is unreadable, a miss, rather than a crash of the task that looked it up:
// a plain object, whose failure history (if any) is a list of objects and whose usage is an object.
function isUsableDocument(value: unknown): value is CacheEntryDocument {
  if (!isPlainObject(value)) return false;
  const history = value.failure_history;
  if (history !== undefined && !(Array.isArray(history) && history.every(isPlainObject))) return false;
  const usage = value.token_usage;
  return usage === undefined || usage === null || isPlainObject(usage);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function entryLogPath(cacheDir: string, key: string): string {
  return join(entryFolder(cacheDir, key), 'task.log');
}

/** The text of an entry's task.log ('' when it is missing). */
export function readEntryLog(cacheDir: string, key: string): string {
  try {
    return readFileSync(entryLogPath(cacheDir, key), 'utf8');
  } catch {
    return '';
  }
}
