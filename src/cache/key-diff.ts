// Which components (and fields) of a task's key differ from the last key stored for that task id: the
// "why" of a miss in `cache_miss` events and `maestro explain`.

import type { IndexedKey } from './cache-index.ts';
import {
  CACHE_COMPONENTS,
  type CacheComponent,
  type CacheKey,
  componentHashes,
  fieldHashes,
} from './cache-key.ts';

export interface ComponentChange {
  component: CacheComponent;
  /** Fields added, removed or changed ('' entries are never listed; masked values show as changed). */
  fields: string[];
}

export function diffKeys(
  current: CacheKey,
  previous: IndexedKey,
  mask: (text: string) => string,
): ComponentChange[] {
  const hashes = componentHashes(current, mask);
  const changes: ComponentChange[] = [];
  let fieldsNow: ReturnType<typeof fieldHashes> | undefined;
  for (const component of CACHE_COMPONENTS) {
    // A masked component cannot be compared: it is listed whenever the key changed.
    if (hashes[component] !== 'masked' && previous.components?.[component] === hashes[component]) continue;
    fieldsNow ??= fieldHashes(current, mask);
    const before = previous.fields?.[component] ?? {};
    const after = fieldsNow[component];
    const names = new Set([...Object.keys(before), ...Object.keys(after)]);
    const fields = [...names]
      .filter((name) => before[name] !== after[name] || after[name] === 'masked')
      .sort();
    changes.push({ component, fields });
  }
  return changes;
}

/** `command (command), env (PLANVAR)`: a one-line summary of the changes. */
export function describeChanges(changes: readonly ComponentChange[]): string {
  return changes
    .map((change) =>
      change.fields.length > 0 ? `${change.component} (${change.fields.join(', ')})` : change.component,
    )
    .join(', ');
}
