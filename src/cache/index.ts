/**
 * @module cache — the content-addressed result cache: task keys over everything that can change a
 * result, entries in maestro-cli's layout (`<run root>/.cache/<key[:2]>/<key>/{result.json,task.log}`),
 * negative entries with a TTL, and the per-plan index `maestro explain` compares keys with.
 */

export {
  type CacheEntry,
  type CacheEntryDocument,
  type CacheKind,
  type EntryLookup,
  entryFolder,
  entryLogPath,
  readCacheEntry,
  readEntryLog,
} from './cache-entry.ts';
export { type IndexedKey, readCacheIndex } from './cache-index.ts';
export {
  CACHE_COMPONENTS,
  CACHE_POLICY_VERSION,
  type CacheComponent,
  type CacheKey,
  type CacheKeyInput,
  COMPONENT_DESCRIPTIONS,
  componentHashes,
  computeCacheKey,
  type UpstreamFact,
} from './cache-key.ts';
export { canonicalJson, sha256Hex } from './canonical-json.ts';
export { type ComponentChange, describeChanges, diffKeys } from './key-diff.ts';
export { DEFAULT_NEGATIVE_TTL_SEC, ResultCache, type StoredEntry } from './result-cache.ts';
