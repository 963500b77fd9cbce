// A run that stops (fail_fast, the circuit breaker, an interrupt) lets running attempts finish but starts
// no further retry, and counts only the attempts that really ran.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalExecutor } from '../../src/executors/local/local-executor.ts';
import { loadPlan } from '../../src/plan/index.ts';
import { type RunListener, runPlan } from '../../src/run/index.ts';
import { makeTempDir } from '../support/cli.ts';
import { readEvents, readResult } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function run(lines: string[], options: { signal?: AbortSignal; listener?: RunListener } = {}) {
  const temp = makeTempDir('maestro-stop-retries-');
  cleanups.push(temp.remove);
  writeFileSync(join(temp.path, 'plan.yaml'), `${lines.join('\n')}\n`);
  const plan = await loadPlan(join(temp.path, 'plan.yaml'));
  const outcome = await runPlan(plan, {
    executor: new LocalExecutor(),
    runsDir: join(temp.path, 'runs'),
    cwd: temp.path,
    ...options,
  });
  // Each attempt of the retried task appends one line.
  const runs = readFileSync(join(temp.path, 'runs.txt'), 'utf8').split('\n').filter(Boolean).length;
  return { outcome, runs };
}

// The retry delay is long enough that a second attempt could only come from a retry after the stop.
const retried = '  - {id: b, command: "echo run >> runs.txt; exit 1", max_retries: 3, retry_delay_sec: 3}';

describe('retries after the run stops', () => {
  it('fail_fast: a running task ends with its one attempt instead of retrying', async () => {
    const { outcome, runs } = await run([
      'version: 1',
      'name: ff-retries',
      'fail_fast: true',
      'max_parallel: 2',
      'tasks:',
      '  - {id: a, command: "exit 2"}',
      retried,
    ]);
    expect(runs).toBe(1);
    expect(outcome.success).toBe(false);
    expect(readResult(outcome.runPath, 'b')).toMatchObject({
      status: 'failed',
      exit_code: 1,
      message: 'Task failed with exit code 1',
      retry_count: 0,
    });
    const b = outcome.records.find((record) => record.taskId === 'b');
    expect(b?.attempts).toBe(1);
    expect(b?.failureHistory).toHaveLength(1);
  });

  it('circuit breaker (action: fail): a running task stops retrying once it trips', async () => {
    const { outcome, runs } = await run([
      'version: 1',
      'name: cb-retries',
      'fail_fast: false',
      'max_parallel: 3',
      'circuit_breaker: {max_total_failures: 2, action: fail}',
      'tasks:',
      '  - {id: f1, command: "exit 1"}',
      '  - {id: f2, command: "exit 1"}',
      retried,
    ]);
    expect(runs).toBe(1);
    const events = readEvents(outcome.runPath).map((record) => record.event);
    expect(events).toContain('circuit_breaker_tripped');
    expect(readResult(outcome.runPath, 'b')).toMatchObject({ status: 'failed', retry_count: 0 });
  });

  it('budget: a running task stops retrying once the run is over its budget', async () => {
    const { outcome, runs } = await run([
      'version: 1',
      'name: budget-retries',
      'fail_fast: false',
      'max_parallel: 2',
      'max_cost_usd: 1',
      'tasks:',
      '  - {id: pricey, engine: mock, prompt: q, mock: {reply: x, cost_usd: 2}}',
      retried,
    ]);
    expect(runs).toBe(1);
    const events = readEvents(outcome.runPath).map((record) => record.event);
    expect(events).toContain('budget_exceeded');
    expect(readResult(outcome.runPath, 'b')).toMatchObject({ status: 'failed', retry_count: 0 });
  });

  it('an interrupt during the retry delay counts only the attempt that ran', async () => {
    const controller = new AbortController();
    const { outcome, runs } = await run(
      [
        'version: 1',
        'name: int-retries',
        'tasks:',
        retried.replace('retry_delay_sec: 3', 'retry_delay_sec: 30'),
      ],
      {
        signal: controller.signal,
        // Aborted once the delay has begun (the event is written just before it).
        listener: {
          onEvent: (record) => {
            if (record.event === 'task_retry') setImmediate(() => controller.abort());
          },
        },
      },
    );
    expect(runs).toBe(1);
    expect(outcome.interrupted).toBe(true);
    expect(readResult(outcome.runPath, 'b')).toMatchObject({ status: 'cancelled', retry_count: 0 });
    expect(outcome.records[0]?.attempts).toBe(1);
  });
});
