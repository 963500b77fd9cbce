import { describe, expect, it } from 'vitest';
import { resolvePopulation } from './population-candidates.ts';
import {
  type CandidateStanding,
  selectBest,
  selectFirstPassing,
  selectMajority,
} from './select-candidate.ts';

const standing = (index: number, fields: Partial<CandidateStanding> = {}): CandidateStanding => ({
  index,
  ran: true,
  output: `answer ${index}`,
  ...fields,
});

describe('selectBest', () => {
  it('keeps the highest judge score among candidates that passed the other gates', () => {
    const selection = selectBest([
      standing(1, { score: 0.6, passedOtherGates: true }),
      standing(2, { score: 0.99, passedOtherGates: false }),
      standing(3, { score: 0.9, passedOtherGates: true }),
      standing(4, { score: 0.9, passedOtherGates: true }),
    ]);
    expect(selection.index).toBe(3);
    expect(selection.reason).toContain('0.9');
  });

  it('without a judge keeps the first candidate that passed the gates', () => {
    expect(
      selectBest([standing(1, { ran: false }), standing(2, { passedOtherGates: false }), standing(3)]).index,
    ).toBe(3);
  });
});

describe('selectFirstPassing', () => {
  it('keeps the first candidate in list order that passed, else the first that ran', () => {
    expect(
      selectFirstPassing([standing(1, { passedGates: false }), standing(2, { passedGates: true })]).index,
    ).toBe(2);
    const none = selectFirstPassing([standing(1, { ran: false }), standing(2, { passedGates: false })]);
    expect(none).toMatchObject({ index: 2 });
    expect(none.reason).toContain('no candidate passed');
  });
});

describe('selectMajority', () => {
  it('keeps the most common normalised answer, ties to the earlier answer', () => {
    const picked = selectMajority([
      standing(1, { output: 'Lyon' }),
      standing(2, { output: 'Paris' }),
      standing(3, { output: '  paris\n' }),
      standing(4, { output: 'Paris', ran: false }),
    ]);
    expect(picked).toMatchObject({ index: 2, votes: 2 });
    expect(selectMajority([standing(1, { output: 'a' }), standing(2, { output: 'b' })]).index).toBe(1);
  });
});

describe('resolvePopulation', () => {
  it('runs model names on the task engine and mappings on their own engine, parallel by default', () => {
    const population = resolvePopulation(
      { candidates: ['small', { engine: 'openai', model: 'gpt-5' }, { mock: { reply: 'x' } }] },
      { engine: 'mock', model: 'base', mock: { reply: 'task' } },
    );
    expect(population).toMatchObject({ strategy: 'best', parallel: true });
    expect(population.candidates.map((candidate) => candidate.label)).toEqual([
      'mock:small',
      'openai:gpt-5',
      'mock:base',
    ]);
    expect(population.candidates[0]!.mock).toEqual({ reply: 'task' });
    expect(population.candidates[2]!.mock).toEqual({ reply: 'x' });
  });
});
