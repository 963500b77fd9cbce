import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from './canonical-json.ts';

const hashOf = (value: unknown) => sha256Hex(canonicalJson(value));

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null, undefined], c: 'x' }, e: undefined })).toBe(
      '{"a":{"c":"x","d":[true,null,null]},"b":1}',
    );
  });

  it('gives equal hashes for equal data written in another key order', () => {
    expect(hashOf({ x: 1, y: [1, 2] })).toBe(hashOf({ y: [1, 2], x: 1 }));
    expect(hashOf({ x: 1 })).not.toBe(hashOf({ x: '1' }));
  });

  it('matches JSON.stringify for strings that need escaping', () => {
    const text = 'quote " backslash \\ newline \n é \u0001';
    expect(canonicalJson({ text })).toBe(JSON.stringify({ text }));
  });
});
