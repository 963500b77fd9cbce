// The result cache of one run: looks entries up by key, stores finished tasks (atomically, on a worker
// thread), and keeps the per-plan index of the last key of each task, flushed once when the run ends.
// Everything it writes has passed the run's secret masker.
import { existsSync } from 'node:fs';
import { makeFolders } from '../store/make-folders.ts';
import { formatPythonIsoTime } from '../store/python-time.ts';
import {
  type CacheKind,
  type EntryLookup,
  entryFolder,
  type FreshnessRules,
  readCacheEntry,
} from './cache-entry.ts';
import { type IndexedKey, readCacheIndex, updateCacheIndex } from './cache-index.ts';
import { CACHE_POLICY_VERSION, type CacheKey, componentHashes, fieldHashes } from './cache-key.ts';
import { cacheWhy, type FailureFacts } from './cache-why.ts';
import { EntryWriter } from './entry-writer.ts';
import { type ComponentChange, diffKeys } from './key-diff.ts';

export const DEFAULT_NEGATIVE_TTL_SEC = 300;

/** What an entry adds to the task's result.json fields. */
type CacheEntryFacts = Record<string, unknown>;

/**
 * The entry's result.json, compact (every hit parses it, and a third of an indented file is
 * indentation): the task's result fields, then the entry's own facts, which win over a result field of
 * the same name (`task_hash`). Written field by field: merging the two objects into a third cost more
 * than writing the text (~30 us per entry here).
 */
export function entryDocumentText(result: Record<string, unknown>, facts: CacheEntryFacts): string {
  const members: string[] = [];
  for (const name of Object.keys(result)) {
    if (Object.hasOwn(facts, name)) continue;
    // undefined for what JSON leaves out (undefined, a function, a symbol, a toJSON answering undefined).
    const json = JSON.stringify(result[name]) as string | undefined;
    if (json !== undefined) members.push(`${JSON.stringify(name)}:${json}`);
  }
  const factMembers = JSON.stringify(facts).slice(1, -1);
  if (factMembers !== '') members.push(factMembers);
  return `{${members.join(',')}}`;
}

export interface ResultCacheOptions {
  /** The cache folder (`<run root>/.cache` unless --cache-dir). */
  dir: string;
  planName: string;
}

export interface StoreInput {
  taskId: string;
  key: CacheKey;
  /** The task's result.json document as written in the run directory (already masked). */
  result: Record<string, unknown>;
  /** The task's full output, masked (result.json may keep only its tail). */
  output: string;
  outputHash: string;
  /** The run's `<task>.log`, complete on disk, and its hash. */
  logPath: string;
  logHash: string;
  failure: FailureFacts;
  negativeTtlSec: number;
}

export interface StoredEntry {
  key: string;
  kind: CacheKind;
  why: string;
  cachedAt: string;
  expiresAt?: string;
}

export class ResultCache {
  readonly dir: string;
  readonly planName: string;
  readonly #indexUpdates = new Map<string, string>();
  readonly #writer = new EntryWriter();
  #index: Map<string, IndexedKey> | undefined;
  // A run whose cache folder did not exist when it started (a first run) misses without touching the
  // disk, also after its first store, except for keys it stored itself: a stat per task otherwise. An
  // entry that another process (or a concurrent sub-plan) stores meanwhile is missed, and so run again.
  readonly #existedAtStart: boolean;
  readonly #storedHere = new Set<string>();
  #folderMade = false;

  constructor(options: ResultCacheOptions) {
    this.dir = options.dir;
    this.planName = options.planName;
    this.#existedAtStart = existsSync(options.dir);
  }

  lookup(key: string, rules: FreshnessRules): EntryLookup {
    if (!this.#existedAtStart && !this.#storedHere.has(key)) return { found: false, reason: 'no_entry' };
    return readCacheEntry(this.dir, key, rules);
  }

  /**
   * How `key` differs from the last key stored for `taskId` (empty when nothing was stored before or the
   * key is the same). Reads the index once per run.
   */
  changesSinceLast(
    taskId: string,
    key: CacheKey,
    mask: (text: string) => string,
  ): { previous: IndexedKey; changes: ComponentChange[] } | undefined {
    this.#index ??= this.#existedAtStart ? readCacheIndex(this.dir, this.planName) : new Map();
    const previous = this.#index.get(taskId);
    if (!previous || previous.key === key.key) return undefined;
    return { previous, changes: diffKeys(key, previous, mask) };
  }

  /** Writes the entry (log first, then result.json, each through a temp file and a rename). */
  async store(input: StoreInput, mask: (text: string) => string, now = new Date()): Promise<StoredEntry> {
    const why = cacheWhy(input.failure);
    const kind: CacheKind = why === 'success' ? 'success' : 'negative';
    const cachedAt = formatPythonIsoTime(now.getTime() * 1000);
    const expiresAt =
      kind === 'negative'
        ? formatPythonIsoTime((now.getTime() + input.negativeTtlSec * 1000) * 1000)
        : undefined;
    const facts: CacheEntryFacts = {
      output: mask(input.output),
      task_hash: input.key.key,
      _cached_at: cachedAt,
      _cache_policy_version: CACHE_POLICY_VERSION,
      _cache_why: why,
      _cache_kind: kind,
      ...(kind === 'negative'
        ? { _negative_cache_ttl_sec: input.negativeTtlSec, _cache_expires_at: expiresAt }
        : {}),
      _cache_key: input.key.key,
      _plan_name: mask(this.planName),
      _output_hash: input.outputHash,
      _log_hash: input.logHash,
      _failure_category: input.failure.failureCategory,
      _judge_verdict: input.failure.judgeVerdict ?? null,
    };
    if (!this.#existedAtStart) this.#storedHere.add(input.key.key);
    // The worker makes each entry's folder under this one; a cache folder that cannot exist (one under
    // /proc, where a recursive mkdir never returns) fails the store here instead.
    if (!this.#folderMade) {
      makeFolders(this.dir);
      this.#folderMade = true;
    }
    await this.#writer.write({
      folder: entryFolder(this.dir, input.key.key),
      logSource: input.logPath,
      logHash: input.logHash,
      // Masked member by member (the result by the caller, the texts above), never as finished text: a
      // secret such as `2026` would otherwise be cut out of timestamps and numbers, and the entry
      // could never be read back.
      resultText: entryDocumentText(input.result, facts),
    });
    const indexed: IndexedKey = {
      key: input.key.key,
      stored_at: cachedAt,
      kind,
      components: componentHashes(input.key, mask),
      fields: fieldHashes(input.key, mask),
    };
    this.#indexUpdates.set(input.taskId, JSON.stringify(indexed));
    return { key: input.key.key, kind, why, cachedAt, expiresAt };
  }

  /** Sends queued entries to the writer now (the run is ending and waits for them). */
  flushWrites(): void {
    this.#writer.flush();
  }

  /** Stops the entry writer once every store has settled. */
  close(): Promise<void> {
    return this.#writer.close();
  }

  /** Writes the index entries of this run's stores. Call once, when the run has ended. */
  flushIndex(): void {
    try {
      updateCacheIndex(this.dir, this.planName, this.#indexUpdates);
    } catch {
      // The index only explains misses; a run never fails for it.
    }
    this.#indexUpdates.clear();
  }
}
