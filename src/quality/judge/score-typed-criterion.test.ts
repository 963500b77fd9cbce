import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { normalizeCriteria, type TypedCriterion } from './judge-criteria.ts';
import { isJsonDocument, scoreTypedCriterion } from './score-typed-criterion.ts';

const planDir = mkdtempSync(join(tmpdir(), 'maestro-typed-'));
writeFileSync(
  join(planDir, 'schema.yaml'),
  'type: object\nrequired: [name]\nproperties:\n  name: {type: string}\n',
);
afterAll(() => rmSync(planDir, { recursive: true, force: true }));

async function score(
  entry: Record<string, unknown>,
  output: string,
  extra: { costUsd?: number | null; durationMs?: number } = {},
) {
  const [criterion] = normalizeCriteria([entry]) as TypedCriterion[];
  return scoreTypedCriterion(criterion!, {
    output,
    costUsd: extra.costUsd ?? null,
    durationMs: extra.durationMs ?? 0,
    baseDir: planDir,
  });
}

describe('isJsonDocument', () => {
  it('accepts a whole JSON output or one fenced block, nothing with prose around it', () => {
    expect(isJsonDocument(' {"a": 1}\n')).toBe(true);
    expect(isJsonDocument('```json\n[1, 2]\n```')).toBe(true);
    expect(isJsonDocument('Here: {"a": 1}')).toBe(false);
    expect(isJsonDocument('')).toBe(false);
  });
});

describe('scoreTypedCriterion', () => {
  it('contains compares text; a non-string value is compared as JSON', async () => {
    expect(await score({ type: 'contains', value: 'def ' }, 'def f(): pass')).toMatchObject({
      passed: true,
      score: 1,
    });
    expect(await score({ type: 'contains', value: 42 }, 'answer: 42')).toMatchObject({ passed: true });
    expect(await score({ type: 'contains', value: 'class' }, 'def f(): pass')).toMatchObject({
      passed: false,
      score: 0,
    });
  });

  it('regex searches anywhere, accepts value for pattern, and fails an invalid pattern with a reason', async () => {
    expect(await score({ type: 'regex', value: '\\d{3}' }, 'code 404 here')).toMatchObject({ passed: true });
    expect(await score({ type: 'regex', pattern: '^\\d+$' }, 'code 404')).toMatchObject({ passed: false });
    const invalid = await score({ type: 'regex', pattern: '[' }, 'x');
    expect(invalid.passed).toBe(false);
    expect(invalid.reasoning).toContain('invalid regular expression');
  });

  it('json-schema checks the JSON found in the output against a schema_file beside the plan', async () => {
    expect(
      await score(
        { type: 'json-schema', schema_file: 'schema.yaml' },
        'Result:\n```json\n{"name": "x"}\n```',
      ),
    ).toMatchObject({ passed: true });
    const wrong = await score({ type: 'json-schema', schema_file: 'schema.yaml' }, '{"name": 3}');
    expect(wrong.passed).toBe(false);
    expect(wrong.reasoning).toContain('/name must be string');
    const missing = await score({ type: 'json-schema', schema_file: 'nope.json' }, '{}');
    expect(missing.reasoning).toContain('cannot read schema_file');
  });

  it('cost_under and duration_under compare the attempt, an unknown cost counting as 0', async () => {
    expect(await score({ type: 'cost_under', value: 0.5 }, '', { costUsd: 0.49 })).toMatchObject({
      passed: true,
    });
    expect(await score({ type: 'cost_under', value: 0.5 }, '', { costUsd: 0.5 })).toMatchObject({
      passed: false,
    });
    expect(await score({ type: 'cost_under', value: 0.5 }, '', { costUsd: null })).toMatchObject({
      passed: true,
    });
    expect(await score({ type: 'duration_under', value: 2 }, '', { durationMs: 2500 })).toMatchObject({
      passed: false,
    });
  });
});
