// maestro-cli's fixture plans run on Maestro with the mock engine standing in for the real models: every
// `engine:` (and `fallback_engine:`) becomes `mock`, and each task gets a scripted reply. What the plan's
// keys ask for (escalation, fallback, conditions, budgets) must still happen.
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

/** The fixture with every engine replaced by `mock` and the given scripts attached to its tasks. */
function withMockEngines(fixture: string, mocks: Record<string, unknown>): string {
  const document = parseDocument(readFileSync(join(compatDir, 'plans', 'fixtures', fixture), 'utf8'));
  const tasks = document.get('tasks') as {
    items: { get(key: string): unknown; set(key: string, value: unknown): void }[];
  };
  for (const task of tasks.items) {
    if (task.get('engine') !== undefined) task.set('engine', 'mock');
    if (task.get('fallback_engine') !== undefined) task.set('fallback_engine', 'mock');
    const script = mocks[String(task.get('id'))];
    if (script !== undefined) task.set('mock', document.createNode(script));
  }
  return document.toString();
}

async function runFixture(fixture: string, mocks: Record<string, unknown>) {
  const dir = makeTempDir('maestro-fixture-');
  cleanups.push(dir.remove);
  const plan = join(dir.path, fixture);
  writeFileSync(plan, withMockEngines(fixture, mocks));
  const result = await runMaestro(['run', plan, '-q', '--run-dir', join(dir.path, 'runs')], {
    cwd: dir.path,
  });
  const runPath = onlyRunDirectory(join(dir.path, 'runs'));
  const verify = await runMaestro(['verify', runPath]);
  return { result, runPath, events: readEvents(runPath), verify };
}

describe('fixtures/resilience.yaml with the mock engine standing in', () => {
  it('a failed attempt escalates sonnet → opus, the retry succeeds, and the conditional task runs', async () => {
    const { result, runPath, events, verify } = await runFixture('resilience.yaml', {
      primary: {
        sequence: [{ fail: { kind: 'exit_code', exit_code: 1, message: 'Tests: 1 failed' } }, 'work done'],
        cost_usd: 0.5,
      },
      conditional: { reply: 'ran after {{ prompt }}', cost_usd: 0.1 },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(verify.code).toBe(0);
    const escalation = events.find((event) => event.event === 'model_escalation');
    expect(escalation).toMatchObject({ task_id: 'primary', from_model: 'sonnet', to_model: 'opus' });
    expect(readResult(runPath, 'primary')).toMatchObject({ status: 'success', model: 'opus', attempts: 2 });
    expect(readResult(runPath, 'conditional')).toMatchObject({ status: 'success' });
    expect(readResult(runPath, 'primary').failure_history).toEqual([
      expect.objectContaining({ attempt: 1, category: 'test_failure' }),
    ]);
  });

  it('a rate-limited primary falls back to the fallback engine and model', async () => {
    const { result, runPath, events } = await runFixture('resilience.yaml', {
      primary: {
        sequence: [{ fail: { kind: 'rate_limited', message: '429 rate limit' } }, 'answered by the fallback'],
      },
      conditional: { reply: 'ok' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(events.find((event) => event.event === 'engine_fallback')).toMatchObject({
      task_id: 'primary',
      to_engine: 'mock',
      to_model: 'flash',
    });
    expect(readResult(runPath, 'primary')).toMatchObject({ status: 'success', model: 'flash' });
  });

  it('when every attempt fails, allow_failure soft-fails the task, the condition skips its dependant, and a handoff report is written', async () => {
    const { result, runPath } = await runFixture('resilience.yaml', {
      primary: { fail: { kind: 'exit_code', exit_code: 2, message: 'still broken' } },
      conditional: { reply: 'should not run' },
    });
    expect(result.code).toBe(0);
    const primary = readResult(runPath, 'primary');
    expect(primary).toMatchObject({ status: 'soft_failed', attempts: 3, model: 'opus' });
    expect(readResult(runPath, 'conditional')).toMatchObject({ status: 'skipped' });
    expect(readFileSync(join(runPath, 'primary.log'), 'utf8')).toContain('[handoff_report]');
    expect(primary.handoff_report).toMatchObject({ failure_category: 'runtime_error' });
    expect(String((primary.handoff_report as { summary: string }).summary)).toContain(
      'failed after 3 attempts',
    );
  });
});
