import { afterEach, describe, expect, it } from 'vitest';
import { runPlanLines } from '../support/plan-run.ts';
import { readEvents, readResult } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function run(lines: string[]) {
  const { result, runPath } = await runPlanLines(lines, cleanups, { prefix: 'maestro-stop-' });
  const status = (id: string) => readResult(runPath, id).status;
  return { result, runPath, status };
}

describe('stop rules with early slot release', () => {
  it('fail_fast: the independent tasks after a failure are skipped, not started', async () => {
    const { result, runPath, status } = await run([
      'version: 1',
      'name: ff',
      'max_parallel: 1',
      'fail_fast: true',
      'tasks:',
      '  - {id: a, command: "exit 3"}',
      '  - {id: b, command: "true"}',
      '  - {id: c, command: "true"}',
    ]);
    expect(result.code).toBe(1);
    expect([status('a'), status('b'), status('c')]).toEqual(['failed', 'skipped', 'skipped']);
    const events = readEvents(runPath).map((record) => `${record.event}:${record.task_id ?? ''}`);
    expect(events).not.toContain('task_start:b');
  });

  it('a budget crossed by the first task stops the second from starting', async () => {
    const { status } = await run([
      'version: 1',
      'name: budget',
      'max_parallel: 1',
      'max_cost_usd: 1',
      'tasks:',
      '  - {id: a, engine: mock, prompt: q, mock: {reply: x, cost_usd: 2}}',
      '  - {id: b, engine: mock, prompt: q, mock: {reply: y, cost_usd: 2}}',
      '  - {id: c, engine: mock, prompt: q, mock: {reply: z, cost_usd: 2}}',
    ]);
    expect([status('a'), status('b'), status('c')]).toEqual(['success', 'skipped', 'skipped']);
  });
});
