// Which key tree the unknown-key check walks. known-keys.ts builds the full trees from the zod shapes,
// so importing it loads zod; a mapping made only of plain keys (no judge, mock, matrix, imports, engine
// block, ...) is checked against the flat key lists of plan-fields.ts instead, which give the same
// answer there: every key the full trees descend into is a 'schema' key (plan-fields.test.ts checks it).
import {
  DEFAULTS_FIELDS,
  type FieldTable,
  keysOf,
  PLAN_FIELDS,
  TASK_FIELDS,
  TASK_INTERNAL_KEYS,
} from '../schema/plan-fields.ts';
import type { KeyTree } from './known-keys.ts';

export interface KeyTrees {
  PLAN_TREE: KeyTree;
  TASK_TREE: KeyTree;
}

const internal: readonly string[] = TASK_INTERNAL_KEYS;

/** Trees for mappings without 'schema' keys. */
export const FLAT_KEY_TREES: KeyTrees = {
  PLAN_TREE: {
    keys: keysOf(PLAN_FIELDS),
    children: { defaults: { keys: keysOf(DEFAULTS_FIELDS) } },
  },
  TASK_TREE: {
    keys: keysOf(TASK_FIELDS).filter((key) => !internal.includes(key)),
    internal,
  },
};

const schemaKeys = (table: FieldTable) =>
  new Set(table.filter(([, kind]) => kind === 'schema').map(([key]) => key));
const PLAN_SCHEMA_KEYS = schemaKeys(PLAN_FIELDS);
const DEFAULTS_SCHEMA_KEYS = schemaKeys(DEFAULTS_FIELDS);
const TASK_SCHEMA_KEYS = schemaKeys(TASK_FIELDS);

let fullTrees: Promise<KeyTrees> | undefined;

/** The trees to check `value` (the plan root or one task entry) against. */
export function keyTrees(
  value: Record<string, unknown>,
  what: 'plan' | 'task',
): KeyTrees | Promise<KeyTrees> {
  if (!needsFullTrees(value, what)) return FLAT_KEY_TREES;
  fullTrees ??= import('./known-keys.ts');
  return fullTrees;
}

function needsFullTrees(value: Record<string, unknown>, what: 'plan' | 'task'): boolean {
  if (what === 'task') return hasKeyOf(value, TASK_SCHEMA_KEYS);
  if (hasKeyOf(value, PLAN_SCHEMA_KEYS)) return true;
  const defaults = value.defaults;
  return typeof defaults === 'object' && defaults !== null && hasKeyOf(defaults, DEFAULTS_SCHEMA_KEYS);
}

function hasKeyOf(value: object, keys: ReadonlySet<string>): boolean {
  for (const key of Object.keys(value)) if (keys.has(key)) return true;
  return false;
}
