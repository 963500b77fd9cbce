// examples/quality/*.yaml run as written with the mock engine and succeed; each fails when the gate it
// shows is switched off (or its feedback says nothing useful), so the gate is what changes the outcome.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { makeTempDir, projectRoot, runMaestro } from '../support/cli.ts';
import { type EventRecord, onlyRunDirectory, readEvents, readResult } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

interface TaskNode {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): boolean;
  setIn(path: unknown[], value: unknown): void;
}

/** Runs the example in a fresh folder (its runs land in `.maestro-runs` there), with `edit` applied to
 * the task `taskId` first. */
async function runExample(file: string, taskId?: string, edit?: (task: TaskNode) => void) {
  const dir = makeTempDir('maestro-quality-example-');
  cleanups.push(dir.remove);
  const document = parseDocument(readFileSync(join(projectRoot, 'examples', 'quality', file), 'utf8'));
  if (taskId && edit) {
    const tasks = document.get('tasks') as { items: TaskNode[] };
    const task = tasks.items.find((item) => item.get('id') === taskId);
    if (!task) throw new Error(`no task ${taskId} in ${file}`);
    edit(task);
  }
  writeFileSync(join(dir.path, file), document.toString());
  const result = await runMaestro(['run', file, '-q'], { cwd: dir.path });
  const runPath = onlyRunDirectory(join(dir.path, '.maestro-runs'));
  return { result, runPath, events: readEvents(runPath) };
}

const named = (events: EventRecord[], name: string, taskId?: string) =>
  events.filter((event) => event.event === name && (taskId === undefined || event.task_id === taskId));

describe('examples/quality/judge-feedback.yaml', () => {
  it("succeeds on the retry that carries the judge's reasoning", async () => {
    const { result, runPath, events } = await runExample('judge-feedback.yaml');
    expect(result.code, result.stderr).toBe(0);
    expect(readResult(runPath, 'tagline')).toMatchObject({ status: 'success', attempts: 2 });
    expect(named(events, 'judge_verdict').map((event) => event.verdict)).toEqual(['fail', 'pass']);
    expect(named(events, 'model_call').map((event) => event.purpose)).toEqual(['judge', 'judge']);
    expect(named(events, 'task_complete', 'tagline')[0]).toMatchObject({ judge_verdict: 'pass' });
    expect(readResult(runPath, 'tagline').judge_result).toMatchObject({
      verdict: 'pass',
      previous_score: 0.1,
    });
  });

  it('fails when the judge only warns: the weak tagline is kept', async () => {
    const { result, runPath } = await runExample('judge-feedback.yaml', 'tagline', (task) =>
      task.setIn(['judge', 'on_fail'], 'warn'),
    );
    expect(result.code).toBe(1);
    expect(readResult(runPath, 'tagline')).toMatchObject({ status: 'success', attempts: 1 });
    expect(readResult(runPath, 'check')).toMatchObject({ status: 'failed' });
  });

  it("fails when the judge's reasoning does not say what to change (the feedback is what fixes it)", async () => {
    const { result, runPath } = await runExample('judge-feedback.yaml', 'tagline', (task) =>
      task.setIn(
        ['judge', 'mock', 'reply'],
        '{"criteria": [{"id": "c1", "passed": false, "score": 0.1, "reasoning": "Not good enough."}]}',
      ),
    );
    expect(result.code).toBe(1);
    expect(readResult(runPath, 'tagline')).toMatchObject({ status: 'failed', attempts: 3 });
  });
});

describe('examples/quality/typed-judge.yaml', () => {
  it('typed criteria are checked at no cost and their failures drive the retry', async () => {
    const { result, runPath, events } = await runExample('typed-judge.yaml');
    expect(result.code, result.stderr).toBe(0);
    expect(named(events, 'model_call')).toHaveLength(0);
    const verdicts = named(events, 'judge_verdict');
    expect(verdicts.map((event) => event.verdict)).toEqual(['fail', 'pass']);
    expect(verdicts[0]).toMatchObject({ engine: null, score: 0 });
    expect(readResult(runPath, 'release')).toMatchObject({ status: 'success', attempts: 2 });
  });

  it('without the judge the prose reaches publish, which fails', async () => {
    const { result, runPath } = await runExample('typed-judge.yaml', 'release', (task) =>
      task.delete('judge'),
    );
    expect(result.code).toBe(1);
    expect(readResult(runPath, 'publish')).toMatchObject({ status: 'failed' });
  });
});

describe('examples/quality/guard-and-assert.yaml', () => {
  it('the guard and the assertions fail the first attempts and their feedback fixes the retries', async () => {
    const { result, runPath, events } = await runExample('guard-and-assert.yaml');
    expect(result.code, result.stderr).toBe(0);
    expect(named(events, 'guard_failure', 'config')).toHaveLength(1);
    expect(named(events, 'guard_pass', 'config')).toHaveLength(1);
    const asserts = named(events, 'assert_failure', 'scaffold');
    expect(asserts).toHaveLength(2);
    expect(asserts[0]).toMatchObject({ blocking: true });
    expect((asserts[0]!.failures as { rule: string }[]).map((failure) => failure.rule)).toEqual([
      'changelog-entry',
      'readme-done',
    ]);
    // The README warning is still there on the second attempt, and does not fail the task.
    expect(asserts[1]).toMatchObject({
      blocking: false,
      failures: [expect.objectContaining({ rule: 'readme-done', severity: 'warning' })],
    });
    expect(readResult(runPath, 'scaffold')).toMatchObject({ status: 'success', attempts: 2 });
    const log = readFileSync(join(runPath, 'scaffold.log'), 'utf8');
    expect(log).toContain('[assert] 3/5 passed');
    expect(log).toContain("FAIL changelog-entry: CHANGELOG.md needs a '## x.y.z' section");
  });

  it('without the guard, the wrong port reaches check', async () => {
    const { result, runPath } = await runExample('guard-and-assert.yaml', 'config', (task) =>
      task.delete('guard_command'),
    );
    expect(result.code).toBe(1);
    expect(readResult(runPath, 'check')).toMatchObject({ status: 'failed' });
  });

  it('without the assertions, the empty changelog reaches check', async () => {
    const { result, runPath } = await runExample('guard-and-assert.yaml', 'scaffold', (task) =>
      task.delete('assert'),
    );
    expect(result.code).toBe(1);
    expect(readResult(runPath, 'check')).toMatchObject({ status: 'failed' });
  });
});

describe('examples/quality/population.yaml', () => {
  it('best keeps the highest-scored headline and majority the most common answer', async () => {
    const { result, events } = await runExample('population.yaml');
    expect(result.code, result.stderr).toBe(0);
    expect(named(events, 'population_selected', 'headline')[0]).toMatchObject({
      strategy: 'best',
      selected: 2,
    });
    expect(named(events, 'population_selected', 'capital')[0]).toMatchObject({
      strategy: 'majority',
      selected: 2,
      votes: 2,
    });
    expect(named(events, 'population_candidate', 'headline').map((event) => event.score)).toEqual([
      0.3, 0.95, 0.3,
    ]);
  });

  it('without the judge, best has nothing to rank and keeps the first headline', async () => {
    const { result, events } = await runExample('population.yaml', 'headline', (task) =>
      task.delete('judge'),
    );
    expect(result.code).toBe(1);
    expect(named(events, 'population_selected', 'headline')[0]).toMatchObject({ selected: 1 });
  });

  it('first_passing instead of majority keeps the first answer, which is wrong', async () => {
    const { result } = await runExample('population.yaml', 'capital', (task) =>
      task.setIn(['population', 'strategy'], 'first_passing'),
    );
    expect(result.code).toBe(1);
  });
});
