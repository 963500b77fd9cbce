import { describe, expect, it } from 'vitest';
import { aggregateRankings, parseRanking } from './ranking.ts';

const labels = { A: 'm1', B: 'm2', C: 'm3' };

describe('parseRanking', () => {
  it('reads the numbered FINAL RANKING list', () => {
    const text =
      'Response A is wrong. Response B is fine.\n\nFINAL RANKING:\n1. Response C\n2. Response A\n3. Response B';
    expect(parseRanking(text, ['A', 'B', 'C'])).toEqual(['C', 'A', 'B']);
  });

  it('accepts markdown emphasis and ) numbering', () => {
    expect(parseRanking('**FINAL RANKING:**\n1) **Response B**\n2) Response A', ['A', 'B'])).toEqual([
      'B',
      'A',
    ]);
  });

  it('ignores unknown labels and repeats', () => {
    const text = 'FINAL RANKING:\n1. Response Z\n2. Response B\n3. Response B\n4. Response A';
    expect(parseRanking(text, ['A', 'B', 'C'])).toEqual(['B', 'A']);
  });

  it('falls back to mentions after the heading, then to mentions anywhere', () => {
    expect(parseRanking('FINAL RANKING: Response B, then Response A', ['A', 'B'])).toEqual(['B', 'A']);
    expect(parseRanking('I prefer Response C over Response A.', ['A', 'B', 'C'])).toEqual(['C', 'A']);
    expect(parseRanking('no ranking here', ['A'])).toEqual([]);
  });

  it('uses the last FINAL RANKING section', () => {
    const text =
      'Format: FINAL RANKING:\n1. Response A\n\nMy answer.\nFINAL RANKING:\n1. Response B\n2. Response A';
    expect(parseRanking(text, ['A', 'B'])).toEqual(['B', 'A']);
  });
});

describe('aggregateRankings', () => {
  const ballots = [
    ['A', 'B', 'C'],
    ['A', 'C', 'B'],
    ['B', 'A', 'C'],
  ];

  it('Borda: L - place points, best first, with first-place counts', () => {
    const result = aggregateRankings({ ballots, labels, method: 'borda' });
    expect(result.validBallots).toBe(3);
    expect(result.entries.map((entry) => [entry.label, entry.bordaPoints, entry.firstPlaceVotes])).toEqual([
      ['A', 5, 2],
      ['B', 3, 1],
      ['C', 1, 0],
    ]);
    expect(result.entries[0]?.memberId).toBe('m1');
  });

  it('mean rank: lower is better', () => {
    const result = aggregateRankings({ ballots, labels, method: 'mean' });
    expect(result.entries.map((entry) => [entry.label, Number(entry.meanRank.toFixed(3))])).toEqual([
      ['A', 1.333],
      ['B', 2],
      ['C', 2.667],
    ]);
  });

  it('Borda and mean rank differ on partial ballots', () => {
    // A is ranked only once, first; B is ranked second by everyone else.
    const partial = [
      ['A', 'B'],
      ['C', 'B'],
      ['C', 'B'],
    ];
    const borda = aggregateRankings({ ballots: partial, labels, method: 'borda' });
    const mean = aggregateRankings({ ballots: partial, labels, method: 'mean' });
    expect(borda.entries.map((entry) => [entry.label, entry.bordaPoints])).toEqual([
      ['C', 4],
      ['B', 3],
      ['A', 2],
    ]);
    expect(mean.entries.map((entry) => [entry.label, entry.meanRank])).toEqual([
      ['A', 1],
      ['C', 1],
      ['B', 2],
    ]);
  });

  it('puts a label no ballot ranked last under mean rank', () => {
    const result = aggregateRankings({ ballots: [['B']], labels, method: 'mean' });
    expect(result.entries.map((entry) => [entry.label, entry.meanRank])).toEqual([
      ['B', 1],
      ['A', 4],
      ['C', 4],
    ]);
  });

  it('breaks ties by label and ignores empty ballots', () => {
    const result = aggregateRankings({
      ballots: [['B', 'A'], ['A', 'B'], []],
      labels: { A: 'm1', B: 'm2' },
      method: 'borda',
    });
    expect(result.validBallots).toBe(2);
    expect(result.entries.map((entry) => entry.label)).toEqual(['A', 'B']);
  });
});
