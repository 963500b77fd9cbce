// The hash chain of events.jsonl, as maestro-cli defines it (eventsource.py): each event's hash covers
// its payload serialised with sorted keys plus the previous event's hash.
import { pythonDumps } from './python-json.ts';
import { shortSha256 } from './short-hash.ts';

/** `prev_hash` of the first event of a run. */
export const GENESIS_HASH = '0000000000000000';

/** Keys the chain adds to a payload; they are left out when hashing. */
export const CHAIN_KEYS: ReadonlySet<string> = new Set(['seq', 'prev_hash', 'hash']);

/** sha256(json.dumps(payload, sort_keys=True) + prev_hash).hexdigest()[:16] */
export function computeEventHash(payload: Readonly<Record<string, unknown>>, previousHash: string): string {
  return shortSha256(pythonDumps(payload, { sortKeys: true }) + previousHash);
}

/** The payload a verifier hashes: the record without seq, prev_hash and hash. */
export function eventPayload(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    if (!CHAIN_KEYS.has(key)) payload[key] = record[key];
  }
  return payload;
}
