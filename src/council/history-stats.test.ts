import { describe, expect, it } from 'vitest';
import { resolveCouncilConfig } from './council-config.ts';
import { type MemberStatistics, memberStatistics } from './history-stats.ts';
import { parseMemberSpecs } from './member-spec.ts';
import { renderStatistics } from './render-statistics.ts';
import { runCouncil } from './run-council.ts';
import { votingCouncilPort } from './scripted-voting-council.ts';

const config = resolveCouncilConfig({
  question: 'How many?',
  members: parseMemberSpecs(['ollama:small', 'openai:mid', 'claude:big']),
  seed: 3,
}).config;

function session(answers: Record<string, (string | null)[]>) {
  return runCouncil(config, votingCouncilPort({ answers }));
}

describe('memberStatistics', () => {
  it('counts agreement, lone dissent, changes of mind, failures and ranks per engine:model', async () => {
    const sessions = [
      await session({ m1: ['4'], m2: ['4'], m3: ['5'] }),
      await session({ m1: ['4'], m2: ['4'], m3: ['5', '4'] }),
      await session({ m1: ['7'], m2: ['7', null], m3: ['7'] }),
    ];
    const byKey = new Map(memberStatistics(sessions).map((stats) => [stats.key, stats]));
    expect([...byKey.keys()]).toEqual(['claude:big', 'ollama:small', 'openai:mid']);
    expect(byKey.get('claude:big')).toMatchObject<Partial<MemberStatistics>>({
      sessions: 3,
      judged: 2,
      agreements: 1,
      loneDissenter: 1,
      changedMind: 1,
      positionChanges: 1,
      failures: 0,
    });
    expect(byKey.get('claude:big')?.agreementRate).toBe(0.5);
    expect(byKey.get('openai:mid')).toMatchObject({
      sessions: 3,
      failures: 1,
      ranked: 2,
      judged: 2,
      agreementRate: 1,
    });
    // Session 3 lost m2 in round 1 and ended below quorum: nothing judged or ranked there.
    expect(byKey.get('ollama:small')).toMatchObject({
      agreementRate: 1,
      loneDissenter: 0,
      ranked: 2,
      judged: 2,
    });
    // m3's 5 in session 1 is ranked last by everyone.
    expect(byKey.get('claude:big')?.meanRank).toBeGreaterThan(byKey.get('ollama:small')?.meanRank ?? 0);

    const table = renderStatistics([...byKey.values()], 'text');
    expect(table.split('\n')[0]).toMatch(/^model\s+seats\s+agreement/);
    expect(table).toContain('50% of 2');
    expect(JSON.parse(renderStatistics([...byKey.values()], 'json'))).toHaveLength(3);
    expect(renderStatistics([...byKey.values()], 'markdown')).toContain('| claude:big | 3 |');
  });
});
