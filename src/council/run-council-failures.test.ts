import { describe, expect, it } from 'vitest';
import { resolveCouncilConfig } from './council-config.ts';
import type { CouncilPort } from './council-port.ts';
import { parseMemberSpecs } from './member-spec.ts';
import { runCouncil } from './run-council.ts';
import { scriptedAnswer, votingCouncilPort } from './scripted-voting-council.ts';
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

describe('runCouncil when things go wrong', () => {
  it('builds the minority report from the dissent when the chair omits it', async () => {
    const port = votingCouncilPort({
      answers: { m1: ['4'], m2: ['4'], m3: ['5'] },
      replies: { chair: 'FINAL ANSWER: 4' },
    });
    const session = await runCouncil(council(), port);
    expect(session.minorityReport.source).toBe('derived');
    expect(session.minorityReport.text).toMatch(
      /m3, anthropic:claude-sonnet-4-5\) held "5" \(lone dissenter, outlier\)/,
    );
  });

  it('below quorum: no_quorum, no ranking, no chair, no final answer', async () => {
    const port = votingCouncilPort({
      answers: { m1: ['4'] },
      replies: {
        'r0-m2-answer': { ok: false, error: 'timeout after 60 s' },
        'r0-m3-answer': { error: 'HTTP 500' },
      },
    });
    const session = await runCouncil(council(), port);
    expect(session.status).toBe('no_quorum');
    expect(session.consensus?.status).toBe('no_quorum');
    expect(session.final).toMatchObject({ text: null, source: 'none' });
    expect(port.calls.map((call) => call.callId)).toEqual(['r0-m1-answer', 'r0-m2-answer', 'r0-m3-answer']);
    expect(session.calls.filter((call) => !call.ok).map((call) => call.error)).toEqual([
      'timeout after 60 s',
      'HTTP 500',
    ]);
    expect(session.rounds[0]?.failedMemberIds).toEqual(['m2', 'm3']);
  });

  it('a failed chair leaves the majority answer, marked as a fallback', async () => {
    const port = votingCouncilPort({
      answers: { m1: ['4'], m2: ['4'], m3: ['5'] },
      replies: { chair: { error: 'rate limited' } },
    });
    const session = await runCouncil(council(), port);
    expect(session.status).toBe('consensus');
    expect(session.final).toMatchObject({
      source: 'majority_fallback',
      chairFailed: true,
      text: scriptedAnswer('4'),
    });
    expect(session.chair).toMatchObject({ ok: false, error: 'rate limited' });
    expect(session.minorityReport.source).toBe('derived');
  });

  it('excludes a member that fails mid-debate from every later stage', async () => {
    const members = [...SPECS, 'gemini:gemini-2.5-flash'];
    const port = votingCouncilPort({
      answers: { m1: ['4'], m2: ['4'], m3: ['4'], m4: ['4'] },
      replies: { 'r1-m4-deliberate': { error: 'crashed' } },
    });
    const session = await runCouncil(council({ rounds: 3 }, members), port);
    expect(
      port
        .callsOf('deliberate')
        .filter((call) => call.round === 2)
        .map((call) => call.memberId),
    ).toEqual(['m1', 'm2', 'm3']);
    expect(port.callsOf('rank').map((call) => call.memberId)).toEqual(['m1', 'm2', 'm3']);
    expect(session.consensus?.validMemberIds).toEqual(['m1', 'm2', 'm3']);
    expect(session.status).toBe('consensus');
  });

  it('ends as interrupted when the signal aborts mid-round, keeping what was said', async () => {
    const controller = new AbortController();
    const scripted = votingCouncilPort({
      answers: { m1: ['4'], m2: ['4'], m3: ['5'] },
      latencyMs: (call) => (call.round > 0 ? 600_000 : 0),
    });
    const port: CouncilPort = {
      runCalls: (calls, signal) => scripted.runCalls(calls, signal),
      event: (name, data) => {
        if (name === 'round_start' && data.round === 1) queueMicrotask(() => controller.abort());
      },
    };
    const session = await runCouncil(council(), port, { signal: controller.signal });
    expect(session.status).toBe('interrupted');
    expect(session.calls.filter((call) => call.ok).map((call) => call.callId)).toEqual([
      'r0-m1-answer',
      'r0-m2-answer',
      'r0-m3-answer',
    ]);
    expect(scripted.callsOf('rank')).toHaveLength(0);
  });

  it('never crashes when the port itself rejects', async () => {
    const port: CouncilPort = { runCalls: () => Promise.reject(new Error('kernel down')) };
    const session = await runCouncil(council(), port);
    expect(session.status).toBe('no_quorum');
    expect(session.calls.every((call) => call.error === 'the council port failed: kernel down')).toBe(true);
  });
});
