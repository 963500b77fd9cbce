// The fast reader must return exactly what the zod schema returns (values, key order) whenever it
// answers, and must never accept what the schema rejects.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastParseMapping } from './fast-parse.ts';
import { DEFAULTS_FIELDS, type FieldTable, keysOf, PLAN_FIELDS, TASK_FIELDS } from './plan-fields.ts';
import { planHeaderSchema } from './plan-schema.ts';
import { taskSchema } from './task-schema.ts';

function vocabulary(table: FieldTable): string[] {
  return table.flatMap(([, kind]) => {
    if (typeof kind !== 'object') return [];
    if ('oneOf' in kind) return [...kind.oneOf];
    if ('mapping' in kind) return vocabulary(kind.mapping);
    return [];
  });
}

const scalar = fc.oneof(
  fc.constantFrom(
    '',
    'a',
    'build',
    'true',
    'false',
    'yes',
    '4',
    ' 7 ',
    '-1',
    '0',
    '1',
    '1.5',
    '1e3',
    '.5',
    '1.0',
    'NaN',
    '__proto__',
    ...vocabulary(TASK_FIELDS),
    ...vocabulary(PLAN_FIELDS),
  ),
  fc.constantFrom(0, 1, 2, 3, 4, -1, 0.5, 1.5, -0, 1e20, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 6 }),
);
const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('A', 'B', 'x y', '1'), scalar, { maxKeys: 3 }) },
);

function mappingOf(table: FieldTable, nested: Record<string, fc.Arbitrary<unknown>> = {}) {
  const keys = [...keysOf(table), 'unknown_key', 'x-extra'];
  return fc
    .array(
      fc.constantFrom(...keys).chain((key) => fc.tuple(fc.constant(key), nested[key] ?? value)),
      { maxLength: 6 },
    )
    .map((entries) => Object.fromEntries(entries));
}

function agree(
  table: FieldTable,
  schema: typeof taskSchema | typeof planHeaderSchema,
  raw: unknown,
): boolean {
  const fast = fastParseMapping(raw, table);
  const full = schema.safeParse(raw);
  if (fast === undefined) return false;
  expect(full.success, `fast accepted what zod rejects: ${JSON.stringify(raw)}`).toBe(true);
  expect(fast).toStrictEqual(full.data);
  expect(Object.keys(fast)).toEqual(Object.keys(full.data as object));
  return true;
}

describe('fastParseMapping', () => {
  it('reads tasks exactly as the task schema does', () => {
    let answered = 0;
    fc.assert(
      fc.property(mappingOf(TASK_FIELDS), (raw) => {
        if (agree(TASK_FIELDS, taskSchema, raw)) answered += 1;
      }),
      { numRuns: 3000 },
    );
    // The comparison means something only if the fast reader answers often enough.
    expect(answered).toBeGreaterThan(300);
  });

  it('reads the plan root exactly as the header schema does', () => {
    let answered = 0;
    const plan = mappingOf(PLAN_FIELDS, {
      defaults: mappingOf(DEFAULTS_FIELDS),
      tasks: fc.array(fc.dictionary(fc.constantFrom('id', 'command'), scalar), { maxLength: 2 }),
    });
    fc.assert(
      fc.property(plan, (raw) => {
        if (agree(PLAN_FIELDS, planHeaderSchema, raw)) answered += 1;
      }),
      { numRuns: 3000 },
    );
    expect(answered).toBeGreaterThan(300);
  });

  it('answers the usual task without the schema', () => {
    const raw = {
      id: 7,
      command: 'make',
      depends_on: 'a',
      env: { N: 1, E: null, B: true },
      timeout_sec: '30',
    };
    expect(fastParseMapping(raw, TASK_FIELDS)).toEqual({
      id: '7',
      depends_on: ['a'],
      command: 'make',
      // As maestro-cli's str(): None and True, not '' and 'true'.
      env: { N: '1', E: 'None', B: 'True' },
      timeout_sec: 30,
    });
  });

  it('leaves anything unsure to the schema', () => {
    expect(fastParseMapping({ id: 'a', judge: { preset: 'x' } }, TASK_FIELDS)).toBeUndefined();
    expect(fastParseMapping({ id: 'a', max_retries: 4 }, TASK_FIELDS)).toBeUndefined();
    expect(fastParseMapping({ id: 'a', context_mode: 'rwa' }, TASK_FIELDS)).toBeUndefined();
    expect(fastParseMapping(['a'], TASK_FIELDS)).toBeUndefined();
    expect(fastParseMapping({ version: 2 }, PLAN_FIELDS)).toBeUndefined();
  });
});
