// Killing the runner: SIGKILL then --resume-last carries finished tasks over; Ctrl-C closes the run as
// interrupted with no task left running.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliPath, collect, makeTempDir, runMaestro, startMaestro } from '../support/cli.ts';
import { readEvents, readResult, runDirectories } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function waitFor(predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (predicate()) resolve();
      else if (Date.now() > deadline) reject(new Error('condition not reached'));
      else setTimeout(check, 50);
    };
    check();
  });
}

function countLines(path: string): number {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}

describe('SIGKILL then --resume-last', () => {
  it('does not re-run finished tasks, completes the run, and both chains verify', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const plan = join(dir.path, 'plan.yaml');
    // Each task appends its id to ran.txt, so re-runs are visible. `slow` blocks until killed.
    writeFileSync(
      plan,
      [
        'version: 1',
        'name: resumable',
        'max_parallel: 2',
        'tasks:',
        '  - id: one',
        '    command: "echo one >> ran.txt; echo out-one"',
        '  - id: two',
        '    command: "echo two >> ran.txt; echo out-two"',
        '  - id: slow',
        '    depends_on: [one, two]',
        '    command: "echo slow >> ran.txt; if [ ! -f go.flag ]; then sleep 600; fi; echo slow-done"',
        '  - id: last',
        '    depends_on: [slow]',
        '    command: "echo last >> ran.txt; echo got {{ one.output }}"',
        '',
      ].join('\n'),
    );
    const ran = join(dir.path, 'ran.txt');
    const first = startMaestro(['run', plan], { cwd: dir.path });
    const finished = collect(first);
    await waitFor(() => countLines(ran) >= 3);
    first.kill('SIGKILL');
    await finished;
    // the orphaned `sleep 600` of the killed runner is ours to clean up
    try {
      execFileSync('pkill', ['-f', 'sleep 600']);
    } catch {
      // nothing left to kill
    }

    const runs = join(dir.path, '.maestro-runs');
    const [killedRun] = runDirectories(runs);
    expect(killedRun).toBeDefined();
    const killedVerify = await runMaestro(['verify', killedRun!]);
    expect(killedVerify.stdout).toContain('chain=valid, artefacts=valid');

    writeFileSync(join(dir.path, 'go.flag'), '');
    const resumed = await runMaestro(['run', plan, '--resume-last'], { cwd: dir.path });
    expect(resumed.code).toBe(0);
    const lines = readFileSync(ran, 'utf8').trim().split('\n');
    expect(lines.filter((line) => line === 'one')).toHaveLength(1);
    expect(lines.filter((line) => line === 'two')).toHaveLength(1);
    expect(lines.filter((line) => line === 'slow')).toHaveLength(2);
    expect(lines.filter((line) => line === 'last')).toHaveLength(1);

    const all = runDirectories(runs);
    expect(all).toHaveLength(2);
    const newRun = all.find((path) => path !== killedRun)!;
    expect(readResult(newRun, 'one').resumed_from).toBe(killedRun);
    expect(readResult(newRun, 'last').stdout_tail).toBe('got out-one\n');
    const verify = await runMaestro(['verify', newRun]);
    expect(verify.stdout).toContain('chain=valid, artefacts=valid');
    expect(verify.code).toBe(0);
  });
});

describe('Ctrl-C', () => {
  it('stops dispatch, kills running groups and closes the run as interrupted', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const plan = join(dir.path, 'plan.yaml');
    writeFileSync(
      plan,
      [
        'version: 1',
        'name: interrupted',
        'max_parallel: 1',
        'tasks:',
        '  - id: long',
        '    command: "echo started > started.txt; sleep 597 & sleep 598; echo never"',
        '  - id: after',
        '    depends_on: [long]',
        '    command: "echo after"',
        '',
      ].join('\n'),
    );
    const child = startMaestro(['run', plan], { cwd: dir.path });
    const finished = collect(child);
    await waitFor(() => countLines(join(dir.path, 'started.txt')) > 0);
    child.kill('SIGINT');
    const result = await finished;
    expect(result.code).toBe(130);
    const [runPath] = runDirectories(join(dir.path, '.maestro-runs'));
    expect(readResult(runPath!, 'long').status).toBe('cancelled');
    expect(readResult(runPath!, 'after')).toMatchObject({
      status: 'skipped',
      message: 'dependency long cancelled',
    });
    expect(readEvents(runPath!).at(-1)).toMatchObject({
      event: 'run_complete',
      interrupted: true,
      success: false,
    });
    const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(processes).not.toMatch(/sleep 59[78]/);
  });
});

describe('a signal to the whole process group (timeout(1), a closed terminal)', () => {
  it.each(['SIGTERM', 'SIGHUP'] as const)(
    '%s interrupts the run and leaves no task running',
    async (signal) => {
      const dir = makeTempDir();
      cleanups.push(dir.remove);
      const plan = join(dir.path, 'plan.yaml');
      const marker = signal === 'SIGTERM' ? 591 : 592;
      writeFileSync(
        plan,
        [
          'version: 1',
          `name: group-${signal.toLowerCase()}`,
          'tasks:',
          '  - id: long',
          `    command: "echo started > started.txt; sleep ${marker}"`,
          '',
        ].join('\n'),
      );
      // Its own process group, as a shell gives a job: the kernel and its attempt host are both in it.
      const child = spawn(process.execPath, [cliPath, 'run', plan], {
        cwd: dir.path,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const finished = collect(child);
      await waitFor(() => countLines(join(dir.path, 'started.txt')) > 0);
      process.kill(-child.pid!, signal);
      const result = await finished;
      expect(result.code).toBe(130);
      const [runPath] = runDirectories(join(dir.path, '.maestro-runs'));
      expect(readResult(runPath!, 'long').status).toBe('cancelled');
      expect(readEvents(runPath!).at(-1)).toMatchObject({ event: 'run_complete', interrupted: true });
      const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
      expect(processes).not.toContain(`sleep ${marker}`);
    },
  );
});
