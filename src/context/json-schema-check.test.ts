import { describe, expect, it } from 'vitest';
import { checkAgainstSchema } from './json-schema-check.ts';

const schema = {
  type: 'object',
  required: ['title', 'count'],
  additionalProperties: false,
  properties: {
    title: { type: 'string' },
    count: { type: 'integer', minimum: 0 },
    level: { enum: ['low', 'high'] },
    email: { type: 'string', format: 'email' },
  },
};

describe('checkAgainstSchema', () => {
  it('accepts a value that matches (formats are not checked)', async () => {
    expect(await checkAgainstSchema(schema, { title: 't', count: 2, email: 'not an email' })).toEqual({
      ok: true,
    });
  });

  it('lists every problem with its place, in words a model can act on', async () => {
    const result = await checkAgainstSchema(schema, { count: -1, level: 'mid', extra: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        "(root) must have required property 'title'",
        "(root) must NOT have additional properties: 'extra'",
        '/count must be >= 0',
        '/level must be equal to one of the allowed values: ["low","high"]',
      ]),
    );
  });

  it('reports a schema that is not a JSON Schema instead of throwing', async () => {
    const result = await checkAgainstSchema({ type: 'objectish' }, {});
    expect(result).toMatchObject({ ok: false, errors: [] });
    expect('schemaError' in result && result.schemaError).toMatch(/schema is invalid/);
  });
});

describe('checkAgainstSchema with $id', () => {
  it('checks two different schemas that share an $id, each against its own rules', async () => {
    const first = { $id: 'https://example.com/answer', type: 'object', required: ['a'] };
    const second = { $id: 'https://example.com/answer', type: 'object', required: ['b'] };
    expect(await checkAgainstSchema(first, { a: 1 })).toEqual({ ok: true });
    expect(await checkAgainstSchema(second, { b: 1 })).toEqual({ ok: true });
    const wrong = await checkAgainstSchema(second, { a: 1 });
    expect(wrong.ok).toBe(false);
    expect('schemaError' in wrong).toBe(false);
  });
});
