// group: sub-plans run nested in the run directory; --resume re-runs a task whose definition changed.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, runMaestro } from '../support/cli.ts';
import { onlyRunDirectory, readEvents, readResult, runDirectories } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('group sub-plans', () => {
  it('run as a nested DAG whose outcome is the group task outcome', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    writeFileSync(
      join(dir.path, 'sub.yaml'),
      'version: 1\nname: sub\ntasks:\n  - id: inner-a\n    command: "echo inner-a"\n  - id: inner-b\n    depends_on: [inner-a]\n    command: "echo inner-b from {{ inner-a.output }}"\n',
    );
    writeFileSync(
      join(dir.path, 'main.yaml'),
      'version: 1\nname: outer\ntasks:\n  - id: prepare\n    command: "echo prep"\n  - id: nested\n    depends_on: [prepare]\n    group: sub.yaml\n  - id: finish\n    depends_on: [nested]\n    command: "echo finish"\n',
    );
    const result = await runMaestro(['run', join(dir.path, 'main.yaml')], { cwd: dir.path });
    expect(result.code).toBe(0);
    const runPath = onlyRunDirectory(join(dir.path, '.maestro-runs'));
    expect(readResult(runPath, 'nested')).toMatchObject({ status: 'success' });
    expect(readResult(runPath, 'finish').status).toBe('success');
    const nestedRun = join(runPath, 'nested');
    expect(readResult(nestedRun, 'inner-b').stdout_tail).toBe('inner-b from inner-a\n');
    expect(existsSync(join(nestedRun, 'events.jsonl'))).toBe(true);
    const verify = await runMaestro(['verify', nestedRun]);
    expect(verify.code).toBe(0);
    // Verifying the outer run covers the nested one: an edited file in it fails the outer run too.
    expect((await runMaestro(['verify', runPath])).code).toBe(0);
    appendFileSync(join(nestedRun, 'inner-a.log'), 'edited\n');
    const edited = await runMaestro(['verify', runPath]);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain('chain=valid, artefacts=INVALID');
    expect(edited.stdout).toContain('nested/inner-a.log was modified');
  });

  it('a failing sub-plan fails the group task and skips its dependants', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    writeFileSync(
      join(dir.path, 'sub.yaml'),
      'version: 1\nname: sub\ntasks:\n  - id: broken\n    command: "exit 2"\n',
    );
    writeFileSync(
      join(dir.path, 'main.yaml'),
      'version: 1\nname: outer\ntasks:\n  - id: nested\n    group: sub.yaml\n  - id: after\n    depends_on: [nested]\n    command: "echo after"\n',
    );
    const result = await runMaestro(['run', join(dir.path, 'main.yaml')], { cwd: dir.path });
    expect(result.code).toBe(1);
    const runPath = onlyRunDirectory(join(dir.path, '.maestro-runs'));
    expect(readResult(runPath, 'nested').status).toBe('failed');
    expect(readResult(runPath, 'after')).toMatchObject({
      status: 'skipped',
      message: 'dependency nested failed',
    });
  });
});

describe('group sub-plans and the cache', () => {
  it('a changed sub-plan runs the tasks that depend on its group again', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const writeSub = (text: string) =>
      writeFileSync(
        join(dir.path, 'sub.yaml'),
        `version: 1\nname: sub\ntasks:\n  - id: inner\n    command: "echo ${text} > out.txt"\n`,
      );
    const plan = join(dir.path, 'plan.yaml');
    writeFileSync(
      plan,
      'version: 1\nname: group-cache\ntasks:\n  - id: nested\n    group: sub.yaml\n  - id: after\n    depends_on: [nested]\n    command: "cat out.txt"\n',
    );
    const runOnce = async () => {
      const before = new Set(runDirectories(join(dir.path, '.maestro-runs')));
      expect((await runMaestro(['run', plan], { cwd: dir.path })).code).toBe(0);
      return runDirectories(join(dir.path, '.maestro-runs')).find((path) => !before.has(path))!;
    };
    writeSub('v1');
    await runOnce();
    const unchanged = await runOnce();
    expect(readResult(unchanged, 'after')).toMatchObject({ cached: true, stdout_tail: 'v1\n' });
    writeSub('v2');
    const changed = await runOnce();
    expect(readResult(changed, 'after').cached).toBeUndefined();
    expect(readResult(changed, 'after').stdout_tail).toBe('v2\n');
  });
});

describe('--resume', () => {
  it('carries over unchanged succeeded tasks and re-runs changed or failed ones', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const plan = join(dir.path, 'plan.yaml');
    const write = (second: string) =>
      writeFileSync(
        plan,
        `version: 1\nname: res\nfail_fast: false\ntasks:\n  - id: stable\n    command: "echo stable >> ran.txt"\n  - id: changing\n    command: "${second} >> ran.txt"\n  - id: flaky\n    command: "test -f ok.flag"\n`,
      );
    write('echo v1');
    const first = await runMaestro(['run', plan], { cwd: dir.path });
    expect(first.code).toBe(1);
    write('echo v2');
    writeFileSync(join(dir.path, 'ok.flag'), '');
    const [firstRun] = runDirectories(join(dir.path, '.maestro-runs'));
    const second = await runMaestro(['run', plan, '--resume', firstRun!], { cwd: dir.path });
    expect(second.code).toBe(0);
    expect(readFileSync(join(dir.path, 'ran.txt'), 'utf8').trim().split('\n')).toEqual([
      'stable',
      'v1',
      'v2',
    ]);
    const secondRun = runDirectories(join(dir.path, '.maestro-runs')).find((path) => path !== firstRun)!;
    const events = readEvents(secondRun);
    expect(events[0]).toMatchObject({ event: 'run_start', resumed_from: firstRun });
    expect(readResult(secondRun, 'stable').resumed_from).toBe(firstRun);
    expect(readResult(secondRun, 'changing').resumed_from).toBeUndefined();
  });

  it('retries a failure the cache remembered inside a group sub-plan too', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    writeFileSync(
      join(dir.path, 'sub.yaml'),
      'version: 1\nname: sub\ntasks:\n  - id: inner\n    command: "test -f ok.flag"\n',
    );
    const plan = join(dir.path, 'plan.yaml');
    writeFileSync(
      plan,
      'version: 1\nname: res-group\nfail_fast: false\ntasks:\n  - id: top\n    command: "test -f ok.flag"\n  - id: nested\n    group: sub.yaml\n',
    );
    expect((await runMaestro(['run', plan], { cwd: dir.path })).code).toBe(1);
    writeFileSync(join(dir.path, 'ok.flag'), '');
    const [firstRun] = runDirectories(join(dir.path, '.maestro-runs'));
    const second = await runMaestro(['run', plan, '--resume', firstRun!], { cwd: dir.path });
    expect(second.code).toBe(0);
    const secondRun = runDirectories(join(dir.path, '.maestro-runs')).find((path) => path !== firstRun)!;
    expect(readResult(secondRun, 'top').status).toBe('success');
    expect(readResult(secondRun, 'nested').status).toBe('success');
    const inner = readResult(join(secondRun, 'nested'), 'inner');
    expect(inner.status).toBe('success');
    expect(inner.cached).toBeUndefined();
  });
});
