import { describe, expect, it } from 'vitest';
import { extractJson, valueAtPath } from './json-extract.ts';

describe('extractJson', () => {
  it('takes the whole output when it is JSON', () => {
    expect(extractJson('  {"a": 1}\n')).toEqual({ ok: true, value: { a: 1 }, source: 'whole' });
    expect(extractJson('[1, 2]')).toMatchObject({ ok: true, value: [1, 2] });
  });

  it('takes the last fenced json block that parses', () => {
    const text = 'First try:\n```json\n{"a": 1}\n```\nBetter:\n```json\n{"a": 2}\n```\nDone.';
    expect(extractJson(text)).toEqual({ ok: true, value: { a: 2 }, source: 'fenced' });
    expect(extractJson('```\n{"b": true}\n```')).toMatchObject({
      ok: true,
      value: { b: true },
      source: 'fenced',
    });
  });

  it('falls back to the last balanced {...} or [...] span, ignoring brackets inside strings', () => {
    const text = 'Result {"note": "a } tricky [ string", "n": [1, {"x": 2}]} and that is all {not json}';
    expect(extractJson(text)).toEqual({
      ok: true,
      value: { note: 'a } tricky [ string', n: [1, { x: 2 }] },
      source: 'span',
    });
  });

  it('says why when there is no JSON', () => {
    const result = extractJson('no json here, only {prose}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/not JSON/);
    expect(extractJson('   ')).toEqual({ ok: false, error: 'the output is empty' });
  });
});

describe('valueAtPath', () => {
  it('walks objects and list indexes', () => {
    const value = { a: { list: [{ name: 'x' }, { name: 'y' }] } };
    expect(valueAtPath(value, ['a', 'list', '1', 'name'])).toBe('y');
    expect(valueAtPath(value, ['a', 'missing'])).toBeUndefined();
    expect(valueAtPath(value, ['a', 'list', 'name'])).toBeUndefined();
    expect(valueAtPath({ a: 1 }, ['toString'])).toBeUndefined();
  });
});
