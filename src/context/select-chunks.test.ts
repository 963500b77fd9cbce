import { describe, expect, it } from 'vitest';
import { normalizeTerm, rankTexts } from './rank-chunks.ts';
import { selectChunks } from './select-chunks.ts';
import { wordCounter } from './token-counter.ts';

const report = [
  'Frontend: the colour palette changed to blue and green for the dashboard widgets.',
  'Build: the webpack bundle grew by twelve kilobytes after adding the chart library.',
  'Database: migration 0042 failed because the users table has a duplicate email index.',
  'Docs: the README explains installing on Windows with WSL2 and PowerShell.',
].join('\n\n');

const upstream = (id: string, text: string) => ({ id, status: 'success', exitCode: 0, durationSec: 1, text });

describe('rankTexts (BM25)', () => {
  it('scores the chunk that shares the query terms highest, and unrelated chunks 0', async () => {
    const scores = await rankTexts('why did the database migration fail', report.split('\n\n'));
    expect(scores[2]).toBeGreaterThan(0);
    expect(scores.filter((score) => score > 0)).toHaveLength(1);
  });

  it('drops stop words and folds simple suffixes', () => {
    expect(normalizeTerm('The')).toBeNull();
    expect(['failed', 'fails', 'failing'].map(normalizeTerm)).toEqual(['fail', 'fail', 'fail']);
    expect(normalizeTerm('libraries')).toBe('library');
    expect(normalizeTerm('class')).toBe('class');
  });
});

describe('selectChunks', () => {
  it('keeps only the relevant chunk when the budget is small, with markers for the rest', async () => {
    const selection = await selectChunks(
      [upstream('gen', report)],
      'Why did the database migration fail?',
      25,
      wordCounter,
    );
    const text = selection.texts.get('gen')!;
    expect(text).toContain('migration 0042 failed');
    expect(text).not.toContain('palette');
    expect(text).not.toContain('webpack');
    expect(text).toMatch(/^\[… 2 chunks omitted\]\n\nDatabase/);
    expect(selection.trimmed).toEqual([
      {
        upstream: 'gen',
        chunksTotal: 4,
        chunksKept: 1,
        tokensBefore: wordCounter.count(report),
        tokensAfter: 21,
      },
    ]);
    expect(selection.noMatch).toBe(false);
  });

  it('keeps the original order of the chunks it keeps, across upstreams', async () => {
    const selection = await selectChunks(
      [upstream('a', report), upstream('b', 'Database notes: the email index was added twice in 0041.')],
      'database email index migration',
      60,
      wordCounter,
    );
    expect(selection.texts.get('b')).toContain('email index was added twice');
    const kept = selection.texts.get('a')!;
    expect(kept).toContain('Database: migration');
    expect(kept.indexOf('Database')).toBeGreaterThan(kept.indexOf('omitted'));
  });

  it('keeps everything when it fits, and the first chunks when nothing matches', async () => {
    const all = await selectChunks([upstream('gen', report)], 'anything', 1000, wordCounter);
    expect(all).toEqual({ texts: new Map([['gen', report]]), trimmed: [], noMatch: false });
    const none = await selectChunks([upstream('gen', report)], 'kubernetes helm', 45, wordCounter);
    expect(none.noMatch).toBe(true);
    // The head of the output, in order: the first chunk that does not fit ends the selection.
    expect(none.texts.get('gen')).toMatch(/^Frontend.*\n\nBuild.*\n\n\[… 2 chunks omitted\]$/);
  });
});
