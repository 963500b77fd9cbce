import { describe, expect, it } from 'vitest';
import { resolveCouncilConfig } from './council-config.ts';
import { parseMemberSpecs } from './member-spec.ts';
import { renderSession } from './render-session.ts';
import { runCouncil } from './run-council.ts';
import {
  formatChairReply,
  formatRankingReply,
  responsesInPrompt,
  ScriptedCouncilPort,
} from './scripted-council-port.ts';
import { scriptedAnswer, votingCouncilPort } from './scripted-voting-council.ts';
import type { CouncilConfig, CouncilOptions } from './types.ts';

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

  it('a member that answers without a position counts: 2 of 3 decide, it is a dissenter with no position', async () => {
    const port = votingCouncilPort({
      answers: { m1: ['42'], m2: ['42'], m3: ['it depends on which base the numerals are written in here'] },
    });
    const session = await runCouncil(council(), port);
    expect(session.status).toBe('consensus');
    expect(session.consensus).toMatchObject({ basis: 'vote', validMemberIds: ['m1', 'm2', 'm3'] });
    expect(session.consensus?.support).toBeCloseTo(2 / 3);
    expect(port.callsOf('rank')).toHaveLength(3);
    expect(session.dissent.filter((record) => record.memberId === 'm3')).toEqual([
      expect.objectContaining({ round: 0, position: null, agreesWithFinal: false }),
      expect.objectContaining({ round: 1, position: null, agreesWithFinal: false, loneDissenter: true }),
    ]);
    expect(session.minorityReport.dissenterIds).toEqual(['m3']);
    expect(port.callsOf('chair')[0]?.prompt).toMatch(/No comparable answer: Response [A-C]/);
    const derived = await runCouncil(
      council(),
      votingCouncilPort({
        answers: {
          m1: ['42'],
          m2: ['42'],
          m3: ['it depends on which base the numerals are written in here'],
        },
        replies: { chair: 'FINAL ANSWER: 42' },
      }),
    );
    expect(derived.minorityReport.text).toMatch(
      /\(m3, anthropic:claude-sonnet-4-5\) answered without a comparable position \(lone dissenter\)\./,
    );
  });

  it('a positionless fourth member dilutes the share instead of vanishing from it', async () => {
    const port = votingCouncilPort({
      answers: {
        m1: ['yes'],
        m2: ['yes'],
        m3: ['yes'],
        m4: ['It is not prime, because 91 equals 7 times 13 exactly.'],
      },
    });
    const session = await runCouncil(council({}, [...SPECS, 'gemini:gemini-2.5-flash']), port);
    expect(session.consensus).toMatchObject({ status: 'consensus', support: 0.75 });
    expect(session.minorityReport.dissenterIds).toEqual(['m4']);
  });

  it('a chair that contradicts the consensus does not overrule it: the consensus answer stands, recorded', async () => {
    const port = votingCouncilPort({
      answers: { m1: ['42'], m2: ['42'], m3: ['41'] },
      replies: { chair: 'FINAL ANSWER:\n41\n\nSOURCES: Response B\n\nMINORITY REPORT:\nNone' },
    });
    const session = await runCouncil(council(), port);
    expect(session.status).toBe('consensus');
    expect(session.final).toMatchObject({
      text: scriptedAnswer('42'),
      position: { kind: 'number', value: '42' },
      source: 'majority_fallback',
      chairFailed: false,
      divergesFromConsensus: true,
    });
    expect(session.chair?.answer).toBe('41');
    const last = session.dissent.filter((record) => record.round === 1);
    expect(last.map((record) => [record.memberId, record.agreesWithFinal])).toEqual([
      ['m1', true],
      ['m2', true],
      ['m3', false],
    ]);
    // The chair's "None" spoke for its own answer; the report comes from the recorded dissent.
    expect(session.minorityReport).toMatchObject({ source: 'derived', dissenterIds: ['m3'] });
    expect(session.minorityReport.text).toMatch(/m3, anthropic:claude-sonnet-4-5\) held "41"/);
    const text = renderSession(session, 'text');
    expect(text).toContain('Final answer (majority_fallback):');
    expect(text).toContain(
      'The chair answered "41", against the council\'s consensus; the consensus answer is kept.',
    );
  });

  it('a chair report of "None" does not erase recorded dissent', async () => {
    for (const report of ['None', 'none.', '**NONE**', 'None!']) {
      const port = votingCouncilPort({
        answers: { m1: ['42'], m2: ['42'], m3: ['41'] },
        replies: { chair: `FINAL ANSWER: 42\nSOURCES: Response A\nMINORITY REPORT: ${report}` },
      });
      const session = await runCouncil(council(), port);
      expect([report, session.minorityReport.source]).toEqual([report, 'derived']);
      expect(session.minorityReport.text).toMatch(/held "41"/);
    }
  });

  it("a member quoted in the chair's minority report is not recorded as the answer", async () => {
    const port = votingCouncilPort({
      answers: { m1: ['42'], m2: ['42'], m3: ['41'] },
      replies: {
        chair:
          'FINAL ANSWER:\n42\n\nSOURCES: Response A\n\nMINORITY REPORT:\nResponse B held out. Its reply ended:\n> FINAL ANSWER: 41',
      },
    });
    const session = await runCouncil(council(), port);
    expect(session.final).toMatchObject({ text: '42', source: 'chair', divergesFromConsensus: false });
    expect(session.minorityReport).toMatchObject({ source: 'chair' });
    expect(session.minorityReport.text).toContain('> FINAL ANSWER: 41');
  });

  it('records the config without credentials; the calls still get the options as given', async () => {
    const options = {
      base_url: 'http://bob:sk-live-SECRETPASS99@127.0.0.1:9/v1?key=sk-2',
      api_key: 'sk-live-KEY',
      api_key_env: 'MY_KEY',
      options: { temperature: 0, max_tokens: 800, headers: { Authorization: 'Bearer sk-live-H' } },
      proxy: 'https://u:p@proxy.example',
    };
    const members = parseMemberSpecs(SPECS).map((member) => ({ ...member, options }));
    const config = resolveCouncilConfig({ question: 'What is 2 + 2?', members, seed: 7 }).config;
    const port = votingCouncilPort({ answers: { m1: ['4'], m2: ['4'], m3: ['4'] } });
    const journal: Record<string, unknown>[] = [];
    const session = await runCouncil(config, port, {
      journal: { append: (_id, event, data) => journal.push({ event, ...data }) },
    });
    const recordedOptions = {
      base_url: 'http://127.0.0.1:9/v1',
      api_key: '***',
      api_key_env: 'MY_KEY',
      options: { temperature: 0, max_tokens: 800, headers: { Authorization: '***' } },
      proxy: 'https://proxy.example',
    };
    const start = port.events.find((event) => event.name === 'session_start')?.data;
    for (const recorded of [start?.config, journal[0]?.config, session.config] as CouncilConfig[]) {
      expect(recorded.members.map((member) => member.options)).toEqual([
        recordedOptions,
        recordedOptions,
        recordedOptions,
      ]);
      expect(recorded.chair.options).toEqual(recordedOptions);
    }
    expect(JSON.stringify(journal)).not.toMatch(/SECRETPASS|sk-live/);
    expect(port.calls.every((call) => call.member.options === options)).toBe(true);
  });

  it('an event the history could not take is written, in order, before the next one', async () => {
    const port = votingCouncilPort({ answers: { m1: ['4'], m2: ['4'], m3: ['4'] } });
    const written: string[] = [];
    let failures = 1;
    const session = await runCouncil(council(), port, {
      journal: {
        append: (_id, event) => {
          if (failures-- > 0) throw new Error('Timed out waiting for the lock');
          written.push(event);
        },
      },
    });
    expect(written[0]).toBe('session_start');
    expect(written).toEqual(port.events.map((event) => event.name));
    expect(session.warnings).toEqual([
      'history log: Timed out waiting for the lock (at session_start; kept to write before the next event)',
    ]);
  });
});
