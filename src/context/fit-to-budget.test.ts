import { describe, expect, it } from 'vitest';
import { fitToBudget, keepHeadAndTail } from './fit-to-budget.ts';
import { wordCounter } from './token-counter.ts';

const words = (count: number, prefix = 'w') =>
  Array.from({ length: count }, (_, index) => `${prefix}${index}`).join(' ');

describe('fitToBudget', () => {
  it('leaves texts under their share whole and gives the rest to the big one', () => {
    const fit = fitToBudget(
      [
        { id: 'small', text: words(10) },
        { id: 'big', text: words(500) },
      ],
      100,
      wordCounter,
    );
    expect(fit.texts.get('small')).toBe(words(10));
    expect(fit.trimmed).toEqual([{ upstream: 'big', tokensBefore: 500, tokensAfter: expect.any(Number) }]);
    expect(fit.trimmed[0]!.tokensAfter).toBeLessThanOrEqual(90);
    expect(fit.trimmed[0]!.tokensAfter).toBeGreaterThan(60);
  });

  it('changes nothing when everything fits', () => {
    const fit = fitToBudget([{ id: 'a', text: 'one two' }], 5, wordCounter);
    expect(fit).toEqual({ texts: new Map([['a', 'one two']]), trimmed: [] });
  });
});

describe('keepHeadAndTail', () => {
  it('keeps whole lines of the head and tail, and the key lines between them', () => {
    const lines = Array.from({ length: 100 }, (_, index) => `line ${index} ok`);
    lines[50] = 'fatal: cannot open config';
    const result = keepHeadAndTail(lines.join('\n'), 60, wordCounter);
    expect(wordCounter.count(result)).toBeLessThanOrEqual(60);
    expect(result.startsWith('line 0 ok\n')).toBe(true);
    expect(result.endsWith('line 99 ok')).toBe(true);
    expect(result).toContain('fatal: cannot open config');
    expect(result).toMatch(/\[… \d+ tokens cut to fit context_budget_tokens; key lines kept …\]/);
  });
});
