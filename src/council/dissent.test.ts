import { describe, expect, it } from 'vitest';
import { computeDissent, finalDissenters } from './dissent.ts';
import { checkEarlyStop } from './early-stop.ts';
import type { Position } from './types.ts';

const number = (value: string): Position => ({ kind: 'number', value });
const entry = (memberId: string, value: string | null) => ({
  memberId,
  position: value === null ? null : number(value),
});

describe('computeDissent', () => {
  it('records changes, agreement, outliers and the lone dissenter', () => {
    const records = computeDissent({
      rounds: [
        { round: 0, entries: [entry('m1', '4'), entry('m2', '4'), entry('m3', '5')] },
        { round: 1, entries: [entry('m1', '4'), entry('m2', '5'), entry('m3', '5')] },
      ],
      finalPosition: number('5'),
    });
    const at = (round: number, memberId: string) =>
      records.find((record) => record.round === round && record.memberId === memberId);
    expect(at(0, 'm3')).toMatchObject({ outlier: true, changed: false, agreesWithFinal: true });
    expect(at(1, 'm2')).toMatchObject({ changed: true, agreesWithFinal: true, outlier: false });
    expect(at(1, 'm1')).toMatchObject({
      changed: false,
      agreesWithFinal: false,
      outlier: true,
      loneDissenter: true,
    });
    expect(finalDissenters(records)).toEqual(['m1']);
  });

  it('no outliers with fewer than three positions, and none without a majority group', () => {
    const two = computeDissent({
      rounds: [{ round: 0, entries: [entry('m1', '1'), entry('m2', '2')] }],
      finalPosition: null,
    });
    expect(two.some((record) => record.outlier)).toBe(false);
    const split = computeDissent({
      rounds: [{ round: 0, entries: [entry('m1', '1'), entry('m2', '2'), entry('m3', '3')] }],
      finalPosition: null,
    });
    expect(split.some((record) => record.outlier)).toBe(false);
    expect(split.every((record) => record.agreesWithFinal === null)).toBe(true);
  });

  it('uses endorsements for the last round when answers have no positions', () => {
    const records = computeDissent({
      rounds: [{ round: 0, entries: [entry('m1', null), entry('m2', null), entry('m3', null)] }],
      finalPosition: null,
      endorsements: new Map([
        ['m1', true],
        ['m2', true],
        ['m3', false],
      ]),
    });
    expect(records.map((record) => record.agreesWithFinal)).toEqual([true, true, false]);
    expect(records[2]?.loneDissenter).toBe(true);
  });
});

describe('checkEarlyStop', () => {
  const state = (round: number, values: Record<string, string | null>) => ({
    round,
    positions: new Map(
      Object.entries(values).map(([id, value]) => [id, value === null ? null : number(value)]),
    ),
  });

  it('stops after round 0 only when unanimous', () => {
    expect(checkEarlyStop(undefined, state(0, { m1: '1', m2: '1' }))).toEqual({
      afterRound: 0,
      reason: 'unanimous',
    });
    expect(checkEarlyStop(undefined, state(0, { m1: '1', m2: '2' }))).toBeNull();
  });

  it('stops when no member changed, continues when one did', () => {
    const before = state(0, { m1: '1', m2: '2' });
    expect(checkEarlyStop(before, state(1, { m1: '1', m2: '2' }))).toEqual({
      afterRound: 1,
      reason: 'unchanged',
    });
    expect(checkEarlyStop(before, state(1, { m1: '1', m2: '1' }))).toBeNull();
  });

  it('never stops on answers without positions', () => {
    expect(checkEarlyStop(undefined, state(0, { m1: null, m2: null }))).toBeNull();
  });
});
