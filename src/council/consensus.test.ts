import { describe, expect, it } from 'vitest';
import { decideConsensus, type FinalReply } from './consensus.ts';
import { parseThreshold } from './council-flag-values.ts';
import { aggregateRankings } from './ranking.ts';
import type { Position } from './types.ts';

const number = (value: string): Position => ({ kind: 'number', value });
const final = (memberId: string, position: Position | null, ok = true): FinalReply => ({
  memberId,
  ok,
  position,
});
const base = { answerKind: 'auto' as const, quorum: 3, threshold: 2 / 3, ranking: null };

describe('decideConsensus (vote)', () => {
  it('unanimous', () => {
    const result = decideConsensus({
      ...base,
      finals: [final('m1', number('4')), final('m2', number('4')), final('m3', number('4'))],
    });
    expect(result).toMatchObject({
      status: 'consensus',
      basis: 'vote',
      support: 1,
      margin: 3,
      leadingPosition: number('4'),
    });
  });

  it('2 of 3 reaches a 2/3 threshold exactly', () => {
    const result = decideConsensus({
      ...base,
      finals: [final('m1', number('4')), final('m2', number('4')), final('m3', number('5'))],
    });
    expect(result.status).toBe('consensus');
    expect(result.margin).toBe(1);
    expect(result.groups.map((group) => group.memberIds)).toEqual([['m1', 'm2'], ['m3']]);
  });

  it('2 of 4 is below 2/3', () => {
    const finals = [
      final('m1', number('1')),
      final('m2', number('1')),
      final('m3', number('2')),
      final('m4', number('3')),
    ];
    const result = decideConsensus({ ...base, finals });
    expect(result.status).toBe('no_consensus');
    expect(result.leadingPosition).toEqual(number('1'));
  });

  it('a tie is never a consensus, whatever the threshold', () => {
    const finals = [
      final('m1', number('1')),
      final('m2', number('1')),
      final('m3', number('2')),
      final('m4', number('2')),
    ];
    const result = decideConsensus({ ...base, finals, threshold: 0.5 });
    expect(result.status).toBe('no_consensus');
    expect(result.leadingPosition).toBeNull();
    expect(result.reason).toContain('tie');
  });

  it('no quorum when failed members leave fewer valid answers than the quorum', () => {
    const finals = [final('m1', number('4')), final('m2', null, false), final('m3', null, false)];
    const result = decideConsensus({ ...base, finals });
    expect(result.status).toBe('no_quorum');
    expect(result.support).toBe(0);
    expect(result.validMemberIds).toEqual(['m1']);
  });

  it('a member that answered without a position counts toward the quorum and as not agreeing', () => {
    const finals = [final('m1', number('4')), final('m2', number('4')), final('m3', null)];
    const result = decideConsensus({ ...base, answerKind: 'number', finals });
    expect(result).toMatchObject({ status: 'consensus', basis: 'vote', validMemberIds: ['m1', 'm2', 'm3'] });
    expect(result.support).toBeCloseTo(2 / 3);
    expect(result.reason).toBe(
      '2 of 3 valid members agree on 4 (1 without a comparable answer), threshold 0.667',
    );
    // It dilutes the share: 3 of 4 is not unanimity.
    const four = decideConsensus({
      ...base,
      threshold: 0.8,
      finals: [
        final('m1', number('4')),
        final('m2', number('4')),
        final('m3', number('4')),
        final('m4', null),
      ],
    });
    expect(four).toMatchObject({ status: 'no_consensus', support: 0.75 });
  });

  it('an explicit kind with no position at all is decided by the rankings, not discarded', () => {
    const finals = [final('m1', null), final('m2', null), final('m3', null)];
    const ranking = aggregateRankings({
      ballots: [
        ['B', 'A', 'C'],
        ['B', 'C', 'A'],
        ['B', 'A', 'C'],
      ],
      labels: { A: 'm1', B: 'm2', C: 'm3' },
      method: 'borda',
    });
    expect(decideConsensus({ ...base, answerKind: 'number', finals, ranking })).toMatchObject({
      status: 'consensus',
      basis: 'ranking',
      leadingLabel: 'B',
      support: 1,
    });
    expect(decideConsensus({ ...base, answerKind: 'number', finals })).toMatchObject({
      status: 'no_consensus',
      reason: 'no valid rankings',
    });
  });
});

describe('decideConsensus (threshold as written)', () => {
  const twoOfThree = [final('m1', number('4')), final('m2', number('4')), final('m3', number('5'))];

  it.each(['0.67', '67%', '2/3'])('%s is reached by 2 of 3 and printed as written', (text) => {
    const threshold = parseThreshold(text);
    const result = decideConsensus({ ...base, threshold, thresholdText: text, finals: twoOfThree });
    expect(result.status).toBe('consensus');
    expect(result.reason).toBe(`2 of 3 valid members agree on 4, threshold ${text}`);
  });

  it('a decimal reaches within 0.005; a fraction stays exact', () => {
    const finals = [...twoOfThree, final('m4', number('6'))]; // 2 of 4 = 0.5
    const read = (text: string) =>
      decideConsensus({ ...base, threshold: parseThreshold(text), thresholdText: text, finals }).status;
    expect(read('0.504')).toBe('consensus');
    expect(read('126/250')).toBe('no_consensus');
    expect(read('0.51')).toBe('no_consensus');
    expect(decideConsensus({ ...base, threshold: 0.67, finals: twoOfThree }).reason).toContain(
      'threshold 0.67',
    );
  });
});

describe('decideConsensus (ranking)', () => {
  const labels = { A: 'm1', B: 'm2', C: 'm3' };
  const finals = [final('m1', null), final('m2', null), final('m3', null)];

  it('auto with free-form answers falls back to the ranking', () => {
    const ranking = aggregateRankings({
      ballots: [
        ['B', 'A', 'C'],
        ['B', 'C', 'A'],
        ['A', 'B', 'C'],
      ],
      labels,
      method: 'borda',
    });
    const result = decideConsensus({ ...base, finals, ranking });
    expect(result).toMatchObject({ status: 'consensus', basis: 'ranking', leadingLabel: 'B', margin: 1 });
    expect(result.support).toBeCloseTo(2 / 3);
  });

  it('no consensus when the top response is first on too few ballots', () => {
    const ranking = aggregateRankings({
      ballots: [
        ['B', 'A', 'C'],
        ['C', 'B', 'A'],
        ['A', 'B', 'C'],
      ],
      labels,
      method: 'borda',
    });
    const result = decideConsensus({ ...base, answerKind: 'free', finals, ranking });
    expect(result.status).toBe('no_consensus');
    expect(result.leadingLabel).toBe('B');
  });

  it('no consensus without rankings, and without a quorum of rankings', () => {
    expect(decideConsensus({ ...base, answerKind: 'free', finals }).status).toBe('no_consensus');
    const ranking = aggregateRankings({ ballots: [['A'], ['A']], labels, method: 'borda' });
    const result = decideConsensus({ ...base, answerKind: 'free', finals, ranking });
    expect(result.status).toBe('no_consensus');
    expect(result.reason).toContain('only 2 valid rankings');
  });
});
