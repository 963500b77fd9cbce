// maestro-cli silently ignores unknown keys, so `depend_on:` quietly drops a dependency. Maestro warns
// (W100) with a did-you-mean, or fails (E080) in strict mode.
import { MaestroError } from '../../errors/index.ts';
import { didYouMean } from '../did-you-mean.ts';
import { isMapping } from '../load/task-entry.ts';
import type { PlanWarning } from '../types.ts';
import type { YamlPath, YamlSource } from '../yaml/yaml-source.ts';
import type { KeyTree } from './known-keys.ts';
import { formatPath } from './schema-issues.ts';

export interface UnknownKeyScan {
  source: YamlSource;
  /** Path of `value` inside the source. */
  path: YamlPath;
  /** Words for the message: `task 'b'`, `the plan`. */
  owner: string;
  strict: boolean;
  warnings: PlanWarning[];
  /** Keys that hold YAML anchors by convention (`_shared: &x`, `x-common:`) are not reported. */
  allowAnchorKeys?: boolean;
}

export function reportUnknownKeys(value: unknown, tree: KeyTree, scan: UnknownKeyScan): void {
  walk(value, tree, [], scan);
}

/**
 * Whether `value` has a key `tree` does not know, or one with a mapping or list to look into: when not,
 * reportUnknownKeys has nothing to say (a cheap test for the thousand plain tasks of a large plan).
 */
export function needsKeyScan(value: unknown, tree: KeyTree): boolean {
  if (!isMapping(value)) return false;
  const known = knownKeys(tree);
  for (const key in value) {
    if (!known.has(key) || tree.children?.[key] !== undefined || tree.items?.[key] !== undefined) return true;
  }
  return false;
}

const knownKeySets = new WeakMap<KeyTree, ReadonlySet<string>>();

function knownKeys(tree: KeyTree): ReadonlySet<string> {
  let known = knownKeySets.get(tree);
  if (!known) {
    known = new Set([...tree.keys, ...(tree.internal ?? [])]);
    knownKeySets.set(tree, known);
  }
  return known;
}

function walk(value: unknown, tree: KeyTree, relative: YamlPath, scan: UnknownKeyScan): void {
  if (!isMapping(value)) return;
  const known = knownKeys(tree);
  for (const key of Object.keys(value)) {
    if (known.has(key)) {
      if (tree.children?.[key] !== undefined || tree.items?.[key] !== undefined)
        descend(value[key], tree, key, [...relative, key], scan);
      continue;
    }
    if (scan.allowAnchorKeys && relative.length === 0 && (key.startsWith('_') || key.startsWith('x-')))
      continue;
    report(key, tree, [...relative, key], scan);
  }
}

function descend(value: unknown, tree: KeyTree, key: string, relative: YamlPath, scan: UnknownKeyScan): void {
  const child = tree.children?.[key];
  if (child) {
    walk(value, child, relative, scan);
    return;
  }
  const item = tree.items?.[key];
  if (!item || !Array.isArray(value)) return;
  for (const [index, entry] of value.entries()) walk(entry, item, [...relative, index], scan);
}

function report(key: string, tree: KeyTree, relative: YamlPath, scan: UnknownKeyScan): void {
  const at = formatPath([...scan.path, ...relative]);
  const message = `Unknown key '${key}' in ${scan.owner} at ${at}${didYouMean(key, tree.keys)}`;
  const location = scan.source.locateKey([...scan.path, ...relative]);
  if (scan.strict)
    throw new MaestroError({ code: 'E080', message, location, hint: 'strict mode rejects unknown keys' });
  scan.warnings.push({ code: 'W100', message, location });
}
