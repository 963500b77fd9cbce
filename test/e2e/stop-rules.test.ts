// A task's slot is released before its artifacts are written only when its outcome cannot stop the run:
// with max_parallel 1, fail_fast and a budget still stop the next task from starting.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, runMaestro } from '../support/cli.ts';
import { onlyRunDirectory, readEvents, readResult } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function run(lines: string[]) {
  const dir = makeTempDir('maestro-stop-');
  cleanups.push(dir.remove);
  const plan = join(dir.path, 'plan.yaml');
  writeFileSync(plan, `${lines.join('\n')}\n`);
  const result = await runMaestro(['run', plan, '-q', '--run-dir', join(dir.path, 'runs')], {
    cwd: dir.path,
  });
  const runPath = onlyRunDirectory(join(dir.path, 'runs'));
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
