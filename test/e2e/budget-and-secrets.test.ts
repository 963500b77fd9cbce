// max_cost_usd stops dispatch; secrets never reach the run directory.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, runMaestro } from '../support/cli.ts';
import { onlyRunDirectory, readEvents, readResult } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

describe('budget', () => {
  it('a budget of $1.00 with $0.60 tasks stops the third task', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const plan = join(dir.path, 'budget.yaml');
    const task = (id: string, dep?: string) =>
      [
        `  - id: ${id}`,
        '    engine: mock',
        '    prompt: work',
        '    mock: {reply: done, cost_usd: 0.6}',
        ...(dep ? [`    depends_on: [${dep}]`] : []),
      ].join('\n');
    writeFileSync(
      plan,
      [
        'version: 1',
        'name: budget',
        'max_cost_usd: 1.0',
        'tasks:',
        task('first'),
        task('second', 'first'),
        task('third', 'second'),
        '',
      ].join('\n'),
    );
    const result = await runMaestro(['run', plan], { cwd: dir.path });
    expect(result.code).toBe(1);
    const runPath = onlyRunDirectory(join(dir.path, '.maestro-runs'));
    expect(readResult(runPath, 'first').status).toBe('success');
    expect(readResult(runPath, 'second').status).toBe('success');
    expect(readResult(runPath, 'third')).toMatchObject({ status: 'skipped' });
    expect(String(readResult(runPath, 'third').message)).toMatch(
      /^not started: budget exceeded after task 'second' \(\$1\.2 > max_cost_usd \$1\)$/,
    );
    const events = readEvents(runPath);
    // The event names the task that crossed the line and the tasks that were not started.
    expect(events.find((event) => event.event === 'budget_exceeded')).toMatchObject({
      task_id: 'second',
      cost_usd: 1.2,
      max_cost_usd: 1,
      not_started: ['third'],
    });
    expect(events.map((event) => `${event.event}:${event.task_id ?? ''}`)).not.toContain('task_start:third');
    expect(events.at(-1)).toMatchObject({ event: 'run_complete', success: false, cost_usd: 1.2 });
    // So do the final lines of `maestro run` and the run summary.
    expect(result.stdout).toContain('not started because the budget was exceeded: third\n');
    const summary = readFileSync(join(runPath, 'run_summary.md'), 'utf8');
    expect(summary).toContain('| Budget | $1.00 (EXCEEDED) |');
    expect(summary).toMatch(/\| third \| skipped \|.*not started: budget exceeded after task 'second'/);
  });
});

describe('secrets', () => {
  it('a declared secret appears nowhere in the run directory', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const secret = 'tok-3f9a7c1e55d2';
    const plan = join(dir.path, 'secret.yaml');
    writeFileSync(
      plan,
      [
        'version: 1',
        'name: secret',
        'secrets: [DEPLOY_TOKEN]',
        'tasks:',
        '  - id: leak',
        '    command: "echo token=$DEPLOY_TOKEN; echo $DEPLOY_TOKEN >&2"',
        '    env: {DEPLOY_TOKEN: "' + secret + '"}',
        '  - id: echo-back',
        '    depends_on: [leak]',
        '    engine: mock',
        '    prompt: "upstream said {{ leak.output }}"',
        '    mock: {reply: "{{ prompt }}"}',
        '',
      ].join('\n'),
    );
    const result = await runMaestro(['run', plan, '--output', 'jsonl'], { cwd: dir.path });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(secret);
    const runPath = onlyRunDirectory(join(dir.path, '.maestro-runs'));
    expect(readResult(runPath, 'leak').stdout_tail).toContain('token=***');
    for (const file of allFiles(runPath)) expect(readFileSync(file, 'utf8')).not.toContain(secret);
    const verify = await runMaestro(['verify', runPath]);
    expect(verify.code).toBe(0);
  });
});
