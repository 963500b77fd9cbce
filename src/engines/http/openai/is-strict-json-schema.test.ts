import { describe, expect, it } from 'vitest';
import { isStrictJsonSchema } from './is-strict-json-schema.ts';

describe('isStrictJsonSchema', () => {
  const strictItem = {
    type: 'object',
    properties: { id: { type: 'integer' } },
    required: ['id'],
    additionalProperties: false,
  };

  it('accepts schemas whose every object is closed and fully required', () => {
    const schema = {
      type: 'object',
      properties: { items: { type: 'array', items: strictItem }, name: { type: 'string' } },
      required: ['items', 'name'],
      additionalProperties: false,
    };
    expect(isStrictJsonSchema(schema)).toBe(true);
    expect(isStrictJsonSchema({ type: 'string' })).toBe(true);
  });

  it('rejects an open or partly optional object anywhere', () => {
    expect(
      isStrictJsonSchema({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }),
    ).toBe(false);
    const nested = {
      ...strictItem,
      properties: { id: { type: 'object', properties: { x: {} }, additionalProperties: false } },
    };
    expect(isStrictJsonSchema(nested)).toBe(false);
  });
});
