// Front doors drive a run in batches (the council runs one batch per round): later batches depend on
// earlier ones, outputs of tasks built in code are kept, front-door events join the same hash chain, and
// the run is closed once with every task in the manifest.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalExecutor } from '../../src/executors/local/local-executor.ts';
import { engineTask, frontDoorPlan, openRunSession } from '../../src/run/index.ts';
import { verifyRunDirectory } from '../../src/store/index.ts';
import { makeTempDir } from '../support/cli.ts';
import { readEvents } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function newSession(maxCostUsd?: number) {
  const temp = makeTempDir();
  cleanups.push(temp.remove);
  const plan = frontDoorPlan({
    name: 'session-test',
    runDir: join(temp.path, 'runs'),
    baseDir: temp.path,
    maxParallel: 4,
    maxCostUsd,
  });
  return openRunSession(plan, { executor: new LocalExecutor(), cwd: temp.path });
}

describe('run sessions', () => {
  it('runs batches in one run: outputs feed the next batch, events chain, manifest lists every task', async () => {
    const session = newSession();
    const first = await session.runTasks([
      engineTask({ id: 'a', engine: 'mock', prompt: 'q', mock: { reply: 'alpha {{ b.output }}' } }),
      engineTask({ id: 'b', engine: 'mock', prompt: 'q', mock: { reply: 'beta' } }),
    ]);
    expect(first.map((record) => [record.taskId, record.status, record.output])).toEqual([
      ['a', 'success', 'alpha {{ b.output }}'],
      ['b', 'success', 'beta'],
    ]);
    session.event('council_round', { round: 0, answers: 2 });
    // The prompt quotes an answer that contains a template: sent literally, never rendered.
    const second = await session.runTasks([
      engineTask({
        id: 'c',
        engine: 'mock',
        prompt: `peers said: ${first[0]!.output}`,
        depends_on: ['a', 'b'],
        mock: { reply: '{{ prompt }}' },
      }),
    ]);
    expect(second[0]!.output).toBe('peers said: alpha {{ b.output }}');
    expect(second[0]!.wave).toBe(1);
    const outcome = session.close();
    expect(outcome.success).toBe(true);
    expect(outcome.records.map((record) => record.taskId)).toEqual(['a', 'b', 'c']);
    const events = readEvents(outcome.runPath).map((record) => record.event);
    expect(events[0]).toBe('run_start');
    expect(events.indexOf('council_round')).toBeGreaterThan(events.lastIndexOf('task_complete', 3));
    expect(events.at(-1)).toBe('run_complete');
    const manifest = JSON.parse(readFileSync(join(outcome.runPath, 'run_manifest.json'), 'utf8'));
    expect(Object.keys(manifest.task_results)).toEqual(['a', 'b', 'c']);
    expect(verifyRunDirectory(outcome.runPath)).toMatchObject({ chainValid: true, artifactsValid: true });
    // Closing twice returns the same outcome and writes nothing more.
    expect(session.close()).toBe(outcome);
    expect(readEvents(outcome.runPath).filter((record) => record.event === 'run_complete')).toHaveLength(1);
  });

  it('a budget crossed in one batch skips the tasks of later batches with the reason', async () => {
    const session = newSession(1);
    await session.runTasks([
      engineTask({ id: 'pricey', engine: 'mock', prompt: 'q', mock: { reply: 'x', cost_usd: 1.5 } }),
    ]);
    const [later] = await session.runTasks([
      engineTask({ id: 'later', engine: 'mock', prompt: 'q', mock: { reply: 'y' } }),
    ]);
    expect(later).toMatchObject({ status: 'skipped', skipKind: 'budget' });
    const outcome = session.close();
    expect(outcome.success).toBe(false);
  });
});
