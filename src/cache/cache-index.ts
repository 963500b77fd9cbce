// A small index beside the entries: for each task of a plan, the key of its most recently stored entry
// and the short hash of each key component and field. `maestro explain` compares a task's key now with
// it to say which component changed. One file per plan (`index/<plan>.json`), merged and replaced
// atomically once per run, so a big run adds one file instead of one per task.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFolders } from '../store/make-folders.ts';
import type { CacheKind } from './cache-entry.ts';
import type { CacheComponent } from './cache-key.ts';

export interface IndexedKey {
  key: string;
  stored_at: string;
  kind: CacheKind;
  components: Record<CacheComponent, string>;
  fields: Record<CacheComponent, Record<string, string>>;
}

// The file: {"version": 2, "plan": <name>, "tasks": {<task id>: IndexedKey}}. Version 1 held SHA-256
// component hashes; its entries cannot be compared with today's, so it reads as empty.
const INDEX_VERSION = 2;
interface IndexFile {
  version: typeof INDEX_VERSION;
  plan: string;
  tasks: Record<string, IndexedKey>;
}

export function indexPath(cacheDir: string, planName: string): string {
  return join(cacheDir, 'index', `${planName.replace(/[^a-zA-Z0-9_-]/g, '_')}.json`);
}

/** The index of `planName` (empty when there is none or it cannot be read). */
export function readCacheIndex(cacheDir: string, planName: string): Map<string, IndexedKey> {
  try {
    const file = JSON.parse(readFileSync(indexPath(cacheDir, planName), 'utf8')) as IndexFile;
    if (file.version !== INDEX_VERSION || typeof file.tasks !== 'object' || file.tasks === null)
      return new Map();
    return new Map(Object.entries(file.tasks));
  } catch {
    return new Map();
  }
}

/**
 * Merges `updates` (task id → its IndexedKey as JSON text, which is how a run keeps them: one string per
 * task instead of a few dozen small objects) into the index on disk (read, merge, temp file, rename).
 */
export function updateCacheIndex(
  cacheDir: string,
  planName: string,
  updates: ReadonlyMap<string, string>,
): void {
  if (updates.size === 0) return;
  const path = indexPath(cacheDir, planName);
  let text = `{"version":${INDEX_VERSION},"plan":${JSON.stringify(planName)},"tasks":{`;
  let first = true;
  const add = (taskId: string, entryText: string) => {
    text += `${first ? '' : ','}${JSON.stringify(taskId)}:${entryText}`;
    first = false;
  };
  // Entries of tasks this run did not store are kept as they were.
  for (const [taskId, indexed] of readCacheIndex(cacheDir, planName)) {
    if (!updates.has(taskId)) add(taskId, JSON.stringify(indexed));
  }
  for (const [taskId, entryText] of updates) add(taskId, entryText);
  text += '}}';
  makeFolders(join(cacheDir, 'index'));
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}
