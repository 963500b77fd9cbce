// The judge gate end to end through the CLI, with the mock engine as both the worker and the judge:
// on_fail warn / fail / retry, typed criteria on a shell task (no model asked), a quorum of three, G-Eval,
// the judge's cost charged to the task, and an engine the judge cannot use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runPlanLines } from '../support/plan-run.ts';
import { type EventRecord, readResult } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function run(lines: string[]) {
  return runPlanLines(lines, cleanups, { prefix: 'maestro-judge-' });
}

const named = (events: EventRecord[], name: string) => events.filter((event) => event.event === name);

const failingVerdict =
  '{"criteria": [{"id": "c1", "passed": false, "score": 0.1, "reasoning": "Too vague."}], "reasoning": "Too vague."}';

function alwaysFailingJudge(onFail: string): string[] {
  return [
    'version: 1',
    'name: on-fail',
    'tasks:',
    '  - id: answer',
    '    engine: mock',
    '    prompt: Explain the bug.',
    '    max_retries: 2',
    '    mock: {reply: "It is broken."}',
    '    judge:',
    '      criteria: ["The explanation names the cause"]',
    `      on_fail: ${onFail}`,
    `      mock: {reply: '${failingVerdict}'}`,
  ];
}

describe('judge on_fail', () => {
  it('warn: the failing verdict is recorded and the task succeeds on its first attempt', async () => {
    const { result, runPath, events } = await run(alwaysFailingJudge('warn'));
    expect(result.code, result.stderr).toBe(0);
    expect(readResult(runPath, 'answer')).toMatchObject({ status: 'success', attempts: 1 });
    expect(readResult(runPath, 'answer').judge_result).toMatchObject({ verdict: 'fail', overall_score: 0.1 });
    expect(named(events, 'task_complete')[0]).toMatchObject({ status: 'success', judge_verdict: 'fail' });
    expect(readFileSync(join(runPath, 'answer.log'), 'utf8')).toContain('[judge] verdict=fail score=0.10');
  });

  it('fail: the task fails at once, without the retries it has left', async () => {
    const { result, runPath, events } = await run(alwaysFailingJudge('fail'));
    expect(result.code).toBe(1);
    expect(readResult(runPath, 'answer')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(named(events, 'task_retry')).toHaveLength(0);
    expect(named(events, 'judge_verdict')).toHaveLength(1);
  });

  it('retry: every attempt is judged, with the reasoning fed back, until the retries run out', async () => {
    const { result, runPath, events } = await run(alwaysFailingJudge('retry'));
    expect(result.code).toBe(1);
    expect(readResult(runPath, 'answer')).toMatchObject({ status: 'failed', attempts: 3 });
    expect(named(events, 'judge_verdict').map((event) => event.attempt)).toEqual([1, 2, 3]);
    expect(named(events, 'task_retry')[0]!.reason).toMatch(/judge verdict fail/);
    const log = readFileSync(join(runPath, 'answer.log'), 'utf8');
    expect(log.match(/\[judge\] verdict=fail/g)).toHaveLength(3);
  });
});

describe('typed criteria', () => {
  it("judge a shell task's output without any model (no judge engine needed)", async () => {
    const { result, runPath, events } = await run([
      'version: 1',
      'name: typed-shell',
      'tasks:',
      '  - id: emit',
      `    command: "printf '%s' '{\\"status\\": \\"ok\\", \\"count\\": 3}'"`,
      '    judge:',
      '      criteria:',
      '        - {type: is-json}',
      '        - {type: contains, value: ok}',
      '        - {type: json-schema, schema: {type: object, properties: {count: {type: integer, maximum: 2}}}}',
      '      aggregation: min',
    ]);
    expect(result.code).toBe(1);
    expect(named(events, 'model_call')).toHaveLength(0);
    const verdict = named(events, 'judge_verdict')[0]!;
    expect(verdict).toMatchObject({ verdict: 'fail', engine: null, score: 0 });
    expect(verdict.criteria).toEqual([
      expect.objectContaining({ criterion: 'is-json', passed: true }),
      expect.objectContaining({ passed: true }),
      expect.objectContaining({ criterion: 'json-schema', passed: false }),
    ]);
    expect(readResult(runPath, 'emit')).toMatchObject({ status: 'failed', attempts: 1 });
  });
});

describe('quorum', () => {
  const quorumPlan = (strategy: string) => [
    'version: 1',
    'name: quorum',
    'tasks:',
    '  - id: review',
    '    engine: mock',
    '    prompt: Review the change.',
    '    mock: {reply: "LGTM, one nit."}',
    '    judge:',
    '      criteria: ["The review is actionable"]',
    '      quorum: 3',
    `      quorum_strategy: ${strategy}`,
    '      mock:',
    '        replies:',
    `          - {match: "judge 2 of 3", reply: '${failingVerdict}'}`,
    `        reply: '{"criteria": [{"id": "c1", "passed": true, "score": 0.9, "reasoning": "Actionable."}]}'`,
  ];

  it('three judges are asked and a majority of two passes', async () => {
    const { result, runPath, events } = await run(quorumPlan('majority'));
    expect(result.code, result.stderr).toBe(0);
    expect(named(events, 'model_call').filter((event) => event.purpose === 'judge')).toHaveLength(3);
    const verdict = named(events, 'judge_verdict')[0]!;
    expect(verdict).toMatchObject({ verdict: 'pass', quorum: { size: 3, strategy: 'majority', passes: 2 } });
    expect((verdict.judges as { verdict: string }[]).map((judge) => judge.verdict)).toEqual([
      'pass',
      'fail',
      'pass',
    ]);
    expect(readResult(runPath, 'review')).toMatchObject({ status: 'success' });
  });

  it('the same judges fail a unanimous quorum', async () => {
    const { result, runPath } = await run(quorumPlan('unanimous'));
    expect(result.code).toBe(1);
    expect(readResult(runPath, 'review')).toMatchObject({ status: 'failed' });
  });
});

describe('methods, cost and errors', () => {
  it('g_eval normalises 1-5 scores and keeps the evaluation steps; the judge cost is charged to the task', async () => {
    const { result, runPath, events } = await run([
      'version: 1',
      'name: geval',
      'tasks:',
      '  - id: summary',
      '    engine: mock',
      '    prompt: Summarise the incident.',
      '    mock: {reply: "The database ran out of connections at 09:12.", cost_usd: 0.25}',
      '    judge:',
      '      method: g_eval',
      '      criteria: ["The summary states the cause", "The summary gives the time"]',
      '      mock:',
      `        reply: '{"evaluation_steps": ["find the cause", "find the time"], "criteria": [{"id": "c1", "score": 4}, {"id": "c2", "score": 5}]}'`,
      '        cost_usd: 0.05',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const record = readResult(runPath, 'summary');
    expect(record.judge_result).toMatchObject({
      verdict: 'pass',
      overall_score: 0.875,
      method: 'g_eval',
      eval_steps: ['find the cause', 'find the time'],
    });
    expect(record.cost_usd).toBeCloseTo(0.3, 10);
    expect(named(events, 'task_complete')[0]!.cost_usd).toBeCloseTo(0.3, 10);
    expect(named(events, 'model_call')[0]).toMatchObject({ purpose: 'judge', cost_usd: 0.05 });
  });

  it('a judge engine this executor cannot run gives an error verdict, which fails the task', async () => {
    const { result, runPath, events } = await run([
      'version: 1',
      'name: no-judge-engine',
      'tasks:',
      '  - id: answer',
      '    engine: mock',
      '    prompt: Answer.',
      '    judge:',
      '      engine: no-such-engine',
      '      criteria: ["It answers"]',
    ]);
    expect(result.code).toBe(1);
    expect(named(events, 'judge_verdict')[0]).toMatchObject({ verdict: 'error' });
    expect(String(named(events, 'judge_verdict')[0]!.error)).toContain('[E102]');
    expect(readResult(runPath, 'answer').message).toMatch(/judge could not evaluate/);
  });
});
