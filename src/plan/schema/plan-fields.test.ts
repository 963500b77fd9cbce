// The zod-free key tables must describe the zod schemas exactly: same keys in the same order, and the
// flat key trees must answer the unknown-key check as the full trees do for mappings without 'schema' keys.
import { describe, expect, it } from 'vitest';
import { FLAT_KEY_TREES } from '../validate/key-trees.ts';
import { DEFAULTS_TREE, PLAN_TREE, TASK_TREE } from '../validate/known-keys.ts';
import { defaultsShape } from './defaults-schema.ts';
import { mockSpecShape } from './mock-schema.ts';
import {
  DEFAULTS_FIELDS,
  type FieldTable,
  keysOf,
  MOCK_SPEC_KEYS,
  PLAN_FIELDS,
  TASK_FIELDS,
  TASK_INTERNAL_KEYS,
} from './plan-fields.ts';
import { planKeys } from './plan-schema.ts';
import { taskShape } from './task-schema.ts';

const kindOf = (table: FieldTable, key: string) => table.find(([name]) => name === key)?.[1];

describe('plan field tables', () => {
  it('list the keys of the zod shapes in schema order', () => {
    expect(keysOf(TASK_FIELDS)).toEqual(Object.keys(taskShape));
    expect(keysOf(PLAN_FIELDS)).toEqual(planKeys);
    expect(keysOf(DEFAULTS_FIELDS)).toEqual(Object.keys(defaultsShape));
    expect([...MOCK_SPEC_KEYS]).toEqual(Object.keys(mockSpecShape));
  });

  it('give the flat key trees the same keys as the full trees', () => {
    expect(FLAT_KEY_TREES.PLAN_TREE.keys).toEqual(PLAN_TREE.keys);
    expect(FLAT_KEY_TREES.TASK_TREE.keys).toEqual(TASK_TREE.keys);
    expect(FLAT_KEY_TREES.TASK_TREE.internal).toEqual(TASK_TREE.internal);
    expect(FLAT_KEY_TREES.PLAN_TREE.children?.defaults?.keys).toEqual(DEFAULTS_TREE.keys);
    expect(TASK_TREE.internal).toEqual([...TASK_INTERNAL_KEYS]);
  });

  it("mark every key the full trees descend into as a 'schema' key", () => {
    const nested = (tree: typeof PLAN_TREE) => [
      ...Object.keys(tree.children ?? {}),
      ...Object.keys(tree.items ?? {}),
    ];
    for (const key of nested(TASK_TREE)) expect(kindOf(TASK_FIELDS, key), key).toBe('schema');
    for (const key of nested(DEFAULTS_TREE)) expect(kindOf(DEFAULTS_FIELDS, key), key).toBe('schema');
    for (const key of nested(PLAN_TREE)) {
      if (key === 'defaults') expect(kindOf(PLAN_FIELDS, key)).toEqual({ mapping: DEFAULTS_FIELDS });
      else expect(kindOf(PLAN_FIELDS, key), key).toBe('schema');
    }
  });
});
