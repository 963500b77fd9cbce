import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './parse-retry-after.ts';

describe('parseRetryAfter', () => {
  it('reads seconds, fractional seconds and retry-after-ms (which wins)', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '0.25' }))).toBe(250);
    expect(parseRetryAfter(new Headers({ 'retry-after': '2', 'retry-after-ms': '150' }))).toBe(150);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    const now = Date.parse('2025-06-01T12:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Sun, 01 Jun 2025 12:00:03 GMT' }), now)).toBe(3000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Sun, 01 Jun 2025 11:00:00 GMT' }), now)).toBe(0);
  });

  it('ignores absent or unusable values', () => {
    expect(parseRetryAfter(new Headers())).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': '-1' }))).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': 'x', 'retry-after': '1' }))).toBe(1000);
  });
});
