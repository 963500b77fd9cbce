import { describe, expect, it } from 'vitest';
import { resolveCouncilConfig } from './council-config.ts';
import { parseMemberSpecs } from './member-spec.ts';
import { runCouncil } from './run-council.ts';
import {
  formatChairReply,
  formatRankingReply,
  responsesInPrompt,
  ScriptedCouncilPort,
} from './scripted-council-port.ts';
import { votingCouncilPort } from './scripted-voting-council.ts';
import type { CouncilOptions } from './types.ts';

const SPECS = ['ollama:qwen2.5:7b', 'openai:gpt-4o-mini', 'anthropic:claude-sonnet-4-5'];

function council(overrides: Partial<CouncilOptions> = {}, specs = SPECS) {
  return resolveCouncilConfig({
    question: 'What is 2 + 2?',
    members: parseMemberSpecs(specs),
    seed: 7,
    ...overrides,
  }).config;
}

describe('runCouncil', () => {
  it('a unanimous council reaches consensus through every stage, with stable call ids', async () => {
    const port = votingCouncilPort({ answers: { m1: ['4'], m2: ['4'], m3: ['4'] } });
    const session = await runCouncil(council(), port);
    expect(session.status).toBe('consensus');
    expect(session.consensus).toMatchObject({
      basis: 'vote',
      support: 1,
      leadingPosition: { kind: 'number', value: '4' },
    });
    expect(session.final).toMatchObject({ text: '4', source: 'chair', chairFailed: false });
    expect(session.minorityReport).toMatchObject({ text: 'None', source: 'chair', dissenterIds: [] });
    expect(port.batches.map((batch) => batch.map((call) => call.callId))).toEqual([
      ['r0-m1-answer', 'r0-m2-answer', 'r0-m3-answer'],
      ['r1-m1-deliberate', 'r1-m2-deliberate', 'r1-m3-deliberate'],
      ['rank-m1', 'rank-m2', 'rank-m3'],
      ['chair'],
    ]);
    expect(session.totals).toMatchObject({ calls: 10, failedCalls: 0, tokens: 600 });
    expect(session.totals.costUsd).toBeCloseTo(0.006);
    expect(port.events.map((event) => event.name)).toContain('session_complete');
  });

  it('2 of 3: consensus with the dissenter recorded and a minority report', async () => {
    const port = votingCouncilPort({ answers: { m1: ['4'], m2: ['4'], m3: ['5'] } });
    const session = await runCouncil(council(), port);
    expect(session.status).toBe('consensus');
    expect(session.consensus?.margin).toBe(1);
    const last = session.dissent.filter((record) => record.round === 1);
    expect(last.find((record) => record.memberId === 'm3')).toMatchObject({
      agreesWithFinal: false,
      loneDissenter: true,
      outlier: true,
    });
    expect(session.minorityReport.source).toBe('chair');
    expect(session.minorityReport.dissenterIds).toEqual(['m3']);
    const m3Label = Object.entries(session.labels).find(([, id]) => id === 'm3')?.[0];
    expect(session.minorityReport.text).toContain(`Response ${m3Label} held 5`);
  });

  it('records a member that changes its position after deliberation', async () => {
    const port = votingCouncilPort({ answers: { m1: ['4'], m2: ['4'], m3: ['5', '4'] } });
    const session = await runCouncil(council(), port);
    const m3 = session.dissent.filter((record) => record.memberId === 'm3');
    expect(m3.map((record) => [record.round, record.position?.value, record.changed])).toEqual([
      [0, '5', false],
      [1, '4', true],
    ]);
    expect(session.consensus?.support).toBe(1);
  });

  it('early stop: a unanimous round 0 skips deliberation; stable positions skip the rest', async () => {
    const unanimous = votingCouncilPort({ answers: { m1: ['4'], m2: ['4'], m3: ['4'] } });
    const first = await runCouncil(council({ rounds: 4, earlyStop: true }), unanimous);
    expect(first.earlyStop).toEqual({ afterRound: 0, reason: 'unanimous' });
    expect(unanimous.callsOf('deliberate')).toHaveLength(0);
    expect(unanimous.callsOf('rank')).toHaveLength(3);

    const stable = votingCouncilPort({ answers: { m1: ['4'], m2: ['4'], m3: ['5'] } });
    const second = await runCouncil(council({ rounds: 4, earlyStop: true }), stable);
    expect(second.earlyStop).toEqual({ afterRound: 1, reason: 'unchanged' });
    expect(stable.callsOf('deliberate').map((call) => call.round)).toEqual([1, 1, 1]);

    const without = votingCouncilPort({ answers: { m1: ['4'], m2: ['4'], m3: ['5'] } });
    await runCouncil(council({ rounds: 4 }), without);
    expect(without.callsOf('deliberate')).toHaveLength(9);
  });

  it('anonymizes peers: labels from the label map, never engine or model names', async () => {
    const port = votingCouncilPort({ answers: { m1: ['4'], m2: ['5'], m3: ['6'] } });
    const session = await runCouncil(council({ rolesMode: 'rotating' }), port);
    const labelOf = new Map(Object.entries(session.labels).map(([label, id]) => [id, label]));
    for (const call of [...port.callsOf('deliberate'), ...port.callsOf('rank'), ...port.callsOf('chair')]) {
      for (const name of ['ollama', 'qwen', 'openai', 'gpt-4o', 'anthropic', 'claude', 'm1', 'm2', 'm3']) {
        expect(call.prompt).not.toContain(name);
      }
    }
    for (const call of port.callsOf('deliberate')) {
      const shown = responsesInPrompt(call.prompt);
      const peers = ['m1', 'm2', 'm3'].filter((id) => id !== call.memberId);
      expect(shown.map((response) => response.label).sort()).toEqual(
        peers.map((id) => labelOf.get(id)).sort(),
      );
      for (const response of shown) {
        const peer = session.labels[response.label] as string;
        expect(response.text).toBe(
          session.calls.find((record) => record.callId === `r0-${peer}-answer`)?.text,
        );
      }
      expect(call.role).toBeDefined();
      expect(call.prompt).toContain('YOUR ROLE:');
    }
  });

  it('shows engine:model next to each label when anonymization is off', async () => {
    const port = votingCouncilPort({ answers: { m1: ['4'], m2: ['4'], m3: ['4'] } });
    await runCouncil(council({ anonymize: false }), port);
    const shown = responsesInPrompt(port.callsOf('deliberate')[0]?.prompt ?? '');
    expect(shown.map((response) => response.name).sort()).toEqual([
      'anthropic:claude-sonnet-4-5',
      'openai:gpt-4o-mini',
    ]);
  });

  it('free-form answers are decided by the anonymized ranking', async () => {
    const essay = (name: string) =>
      `A long essay by ${name} with many words that is not a short answer at all, really.`;
    const port = new ScriptedCouncilPort({
      respond: (call) => {
        if (call.stage === 'answer' || call.stage === 'deliberate')
          return essay(['one', 'two', 'three'][Number(call.memberId.slice(1)) - 1] ?? '');
        const shown = responsesInPrompt(call.prompt);
        const best = shown.find((response) => response.text.includes('two'))?.label as string;
        const rest = shown.map((response) => response.label).filter((label) => label !== best);
        return call.stage === 'rank'
          ? formatRankingReply([best, ...rest])
          : formatChairReply('Synthesis', [best]);
      },
    });
    const session = await runCouncil(council({ answerKind: 'free' }), port);
    expect(session.consensus).toMatchObject({ status: 'consensus', basis: 'ranking', support: 1 });
    expect(session.labels[session.consensus?.leadingLabel ?? '']).toBe('m2');
    expect(session.ranking?.aggregate.entries[0]?.memberId).toBe('m2');
    expect(session.final.text).toBe('Synthesis');
  });

  it('records prompt and text hashes and roles per call', async () => {
    const port = votingCouncilPort({ answers: { m1: ['4'], m2: ['4'], m3: ['4'] } });
    const session = await runCouncil(council({ rolesMode: 'rotating' }), port);
    const call = session.calls.find((record) => record.callId === 'r1-m2-deliberate');
    expect(call?.promptSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(call?.textSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(call?.role).toBe(session.rounds[1]?.roles.m2);
    expect(session.rounds[0]?.roles).toEqual({});
  });
});
