import { describe, expect, it } from 'vitest';
import { assignLabels, presentationOrder } from './labels.ts';
import { assignRoles, DEFAULT_ROLES, roleInstruction } from './roles.ts';
import { mulberry32, seededShuffle } from './seeded-random.ts';

const memberIds = ['m1', 'm2', 'm3'];
const roles = [...DEFAULT_ROLES];

describe('assignRoles', () => {
  it('fixed: member i plays roles[i] in every round', () => {
    const options = { memberIds, roles, mode: 'fixed' as const, seed: 7 };
    for (const round of [1, 2, 3]) {
      expect(assignRoles(options, round)).toEqual({ m1: 'proposer', m2: 'critic', m3: "devil's advocate" });
    }
  });

  it('gives no roles in round 0', () => {
    expect(assignRoles({ memberIds, roles, mode: 'rotating', seed: 1 }, 0)).toEqual({});
  });

  it('rotating: every member changes role every round', () => {
    const options = { memberIds, roles, mode: 'rotating' as const, seed: 99 };
    for (const round of [1, 2, 3]) {
      const now = assignRoles(options, round);
      const next = assignRoles(options, round + 1);
      for (const memberId of memberIds) expect(next[memberId]).not.toBe(now[memberId]);
    }
  });

  it('rotating is reproducible from the seed and depends on it', () => {
    const plan = (seed: number) =>
      [1, 2, 3].map((round) => assignRoles({ memberIds, roles, mode: 'rotating', seed }, round));
    expect(plan(12345)).toEqual(plan(12345));
    const distinct = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => JSON.stringify(plan(seed))));
    expect(distinct.size).toBeGreaterThan(1);
  });

  it('cycles the roles when there are more members than roles', () => {
    const six = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'];
    const assignment = assignRoles({ memberIds: six, roles, mode: 'fixed', seed: 0 }, 1);
    expect(assignment.m5).toBe('proposer');
    expect(assignment.m6).toBe('critic');
  });

  it('has an instruction for every default role and for unknown ones', () => {
    for (const role of DEFAULT_ROLES)
      expect(roleInstruction(role)).toContain(role === "devil's advocate" ? 'devil' : role);
    expect(roleInstruction('historian')).toContain('historian');
  });
});

describe('seeded randomness', () => {
  it('mulberry32 is deterministic and in [0, 1)', () => {
    const first = mulberry32(42);
    const second = mulberry32(42);
    for (let index = 0; index < 100; index += 1) {
      const value = first();
      expect(value).toBe(second());
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('shuffles are permutations, reproducible per seed', () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    expect(seededShuffle(items, 3).sort()).toEqual(items);
    expect(seededShuffle(items, 3)).toEqual(seededShuffle(items, 3));
  });

  it('labels every member once, A.. in a seeded order', () => {
    const labels = assignLabels(memberIds, 5);
    expect(Object.keys(labels)).toEqual(['A', 'B', 'C']);
    expect(Object.values(labels).sort()).toEqual(memberIds);
    expect(assignLabels(memberIds, 5)).toEqual(labels);
    expect(presentationOrder(['C', 'A', 'B'], 5, 'r1-m1').sort()).toEqual(['A', 'B', 'C']);
  });
});
