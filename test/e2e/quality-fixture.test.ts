// maestro-cli's fixtures/judge_and_quality.yaml runs with the mock engine standing in for claude: verify,
// guard and a judge with every typed criterion, a rubric and an LLM criterion (weighted_mean, on_fail
// retry), then a review judged by a quorum of three (majority, on_fail warn).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { compatDir, makeTempDir, runMaestro } from '../support/cli.ts';
import { onlyRunDirectory, readEvents, readResult } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const judgeReply = (score: number, level: number) =>
  JSON.stringify({
    criteria: [
      { id: 'c1', passed: score >= 0.7, score, reasoning: 'About edge cases.' },
      { id: 'c7', level, reasoning: 'About quality.' },
    ],
    reasoning: 'Overall.',
  });

function withMock(mocks: Record<string, unknown>): string {
  const document = parseDocument(
    readFileSync(join(compatDir, 'plans', 'fixtures', 'judge_and_quality.yaml'), 'utf8'),
  );
  const tasks = document.get('tasks') as {
    items: { get(key: string): unknown; set(key: string, value: unknown): void }[];
  };
  for (const task of tasks.items) {
    task.set('engine', 'mock');
    task.set('mock', document.createNode(mocks[String(task.get('id'))]));
  }
  return document.toString();
}

async function runFixture(mocks: Record<string, unknown>) {
  const dir = makeTempDir('maestro-judge-fixture-');
  cleanups.push(dir.remove);
  const plan = join(dir.path, 'judge_and_quality.yaml');
  writeFileSync(plan, withMock(mocks));
  const result = await runMaestro(['run', plan, '-q', '--run-dir', join(dir.path, 'runs')], {
    cwd: dir.path,
  });
  const runPath = onlyRunDirectory(join(dir.path, 'runs'));
  const verify = await runMaestro(['verify', runPath]);
  return { result, runPath, events: readEvents(runPath), verify };
}

describe('fixtures/judge_and_quality.yaml with the mock engine standing in', () => {
  it('the implementation passes verify, guard and its judge on the retry; the review passes its quorum', async () => {
    const { result, runPath, events, verify } = await runFixture({
      // The task's own mock answers the judge too (the judge runs on the task's engine by default): it
      // passes JSON code and fails prose. The worker answers with JSON code once the feedback names the
      // failed is-json criterion.
      impl: {
        replies: [
          { match: 'impartial judge[\\s\\S]*<<<OUTPUT\\n\\{', reply: judgeReply(0.9, 5) },
          { match: 'impartial judge', reply: judgeReply(0, 1) },
          { match: 'is-json', reply: '{"code": "def add(a, b):\\n    return a + b"}' },
        ],
        reply: 'I would write a function that adds two numbers.',
        cost_usd: 0.4,
      },
      'quorum-review': {
        replies: [
          {
            match: 'judge 3 of 3',
            reply: '{"criteria": [{"id": "c1", "passed": false, "score": 0.3, "reasoning": "Too short."}]}',
          },
          { match: 'impartial judge', reply: '{"criteria": [{"id": "c1", "passed": true, "score": 0.95}]}' },
        ],
        reply: 'Reviewed: looks right.',
      },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(verify.code).toBe(0);
    const impl = readResult(runPath, 'impl');
    // Attempt 1 is prose: only cost_under and duration_under pass, 2 of 8 weight units → fail, retry.
    expect(impl).toMatchObject({ status: 'success', attempts: 2 });
    const verdicts = events.filter((event) => event.event === 'judge_verdict');
    expect(verdicts.map((event) => `${event.task_id}:${event.verdict}`)).toEqual([
      'impl:fail',
      'impl:pass',
      'quorum-review:pass',
    ]);
    expect(verdicts[0]).toMatchObject({ score: 0.25 });
    // (0.9 + five typed criteria + 2 × rubric level 5) / 8
    expect(verdicts[1]).toMatchObject({ score: 0.9875, threshold: 0.7 });
    expect(verdicts[2]).toMatchObject({ quorum: { size: 3, passes: 2, strategy: 'majority' } });
    expect(events.filter((event) => event.event === 'guard_pass' && event.task_id === 'impl')).toHaveLength(
      2,
    );
    const log = readFileSync(join(runPath, 'impl.log'), 'utf8');
    expect(log).toContain('[verify_command] exit=0');
    expect(log).toContain('[guard_command] exit=0');
    expect(log).toMatch(/\[judge\] verdict=pass score=0\.99 threshold=0\.7 method=direct/);
    expect(impl.judge_result).toMatchObject({ verdict: 'pass', previous_score: expect.any(Number) });
  });

  it('prose that never becomes code fails the typed criteria on every attempt; the review is skipped', async () => {
    const { result, runPath } = await runFixture({
      impl: {
        replies: [{ match: 'impartial judge', reply: judgeReply(0.2, 1) }],
        reply: 'I would write a function that adds two numbers.',
      },
      'quorum-review': { reply: 'unused' },
    });
    expect(result.code).toBe(1);
    expect(readResult(runPath, 'impl')).toMatchObject({ status: 'failed', attempts: 3 });
    expect(readResult(runPath, 'quorum-review')).toMatchObject({ status: 'skipped' });
  });
});
