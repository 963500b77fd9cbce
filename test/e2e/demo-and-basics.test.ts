import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, compatDir, makeTempDir, projectRoot, runMaestro, startMaestro } from '../support/cli.ts';
import { onlyRunDirectory, readEvents, readManifest, readResult } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function temp() {
  const dir = makeTempDir();
  cleanups.push(dir.remove);
  return dir.path;
}

describe('examples/demo.yaml', () => {
  it('runs parallel branches, a retry that succeeds, a verify gate and a when', async () => {
    const runs = temp();
    const result = await runMaestro(['run', join(projectRoot, 'examples/demo.yaml'), '--run-dir', runs]);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/SUCCESS/);
    const runPath = onlyRunDirectory(runs);
    expect(readResult(runPath, 'build')).toMatchObject({ status: 'success', retry_count: 1 });
    expect(readResult(runPath, 'escalate')).toMatchObject({ status: 'skipped' });
    expect(readResult(runPath, 'publish')).toMatchObject({ status: 'success' });
    expect(readResult(runPath, 'draft-plan').stdout_tail).toContain('write the handler');
    const report = readFileSync(join(runPath, 'report.md'), 'utf8');
    expect(report).toContain('2. write the handler');
    expect(report).toContain('Risk: RISK=medium');
    const events = readEvents(runPath);
    expect(events.filter((event) => event.event === 'task_retry')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ event: 'run_complete', success: true, ok: 6, skipped: 1 });
    // the two mock branches overlapped in time: both started before either completed
    const order = events.map((event) => `${event.event}:${String(event.task_id ?? '')}`);
    const firstComplete = Math.min(
      order.indexOf('task_complete:draft-plan'),
      order.indexOf('task_complete:rate-risk'),
    );
    expect(order.indexOf('task_start:draft-plan')).toBeLessThan(firstComplete);
    expect(order.indexOf('task_start:rate-risk')).toBeLessThan(firstComplete);
    const verify = await runMaestro(['verify', runPath]);
    expect(verify.stdout).toContain('chain=valid, artefacts=valid');
    expect(verify.code).toBe(0);
  });

  it('--dry-run executes nothing and records dry_run for every task', async () => {
    const dir = temp();
    const plan = join(dir, 'plan.yaml');
    writeFileSync(
      plan,
      'version: 1\nname: dry\ntasks:\n  - id: touch\n    command: "touch created.txt"\n  - id: ask\n    engine: claude\n    prompt: hi\n    depends_on: [touch]\n',
    );
    const result = await runMaestro(['run', plan, '--dry-run'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, 'created.txt'))).toBe(false);
    const runPath = onlyRunDirectory(join(dir, '.maestro-runs'));
    expect(readResult(runPath, 'touch').status).toBe('dry_run');
    expect(readResult(runPath, 'ask').status).toBe('dry_run');
    expect(readFileSync(join(runPath, 'touch.log'), 'utf8')).toContain('command=touch created.txt');
  });

  it('--output jsonl prints only hash-chained events on stdout', async () => {
    const runs = temp();
    const result = await runMaestro([
      'run',
      join(projectRoot, 'examples/demo.yaml'),
      '--run-dir',
      runs,
      '--output',
      'jsonl',
    ]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records[0]).toMatchObject({ event: 'run_start', seq: 0, prev_hash: '0000000000000000' });
    expect(records.at(-1)).toMatchObject({ event: 'run_complete' });
    records.forEach((record, index) => {
      expect(record.seq).toBe(index);
      if (index > 0) expect(record.prev_hash).toBe(records[index - 1]!.hash);
    });
    expect(readEvents(onlyRunDirectory(runs))).toEqual(records);
  });

  it('--only and --skip choose tasks; the others are recorded as skipped by filter', async () => {
    const runs = temp();
    const result = await runMaestro([
      'run',
      join(projectRoot, 'examples/demo.yaml'),
      '--run-dir',
      runs,
      '--only',
      'fetch-spec,rate-risk',
    ]);
    expect(result.code).toBe(0);
    const manifest = readManifest(onlyRunDirectory(runs));
    expect(manifest.task_results['rate-risk']!.status).toBe('success');
    expect(manifest.task_results.build!.status).toBe('skipped');
    expect(Object.keys(manifest.task_results)).toHaveLength(7);
  });

  it('a workdir made by an earlier task is found; a missing one fails its task with E104', async () => {
    const dir = temp();
    const plan = join(dir, 'plan.yaml');
    writeFileSync(
      plan,
      [
        'version: 1',
        'name: workdirs',
        'fail_fast: false',
        'max_parallel: 1',
        'tasks:',
        '  - id: missing-first',
        '    command: "true"',
        '    workdir: out',
        '  - id: make',
        '    command: "mkdir out"',
        '    workdir: .',
        '  - id: use',
        '    command: "pwd"',
        '    workdir: out',
        '    depends_on: [make]',
        '  - id: nowhere',
        '    command: "true"',
        '    workdir: nowhere',
        '    depends_on: [use]',
        '',
      ].join('\n'),
    );
    const runs = temp();
    const result = await runMaestro(['run', plan, '--run-dir', runs, '--no-cache']);
    expect(result.code).toBe(1);
    const runPath = onlyRunDirectory(runs);
    expect(readResult(runPath, 'missing-first')).toMatchObject({ status: 'failed' });
    expect(readResult(runPath, 'missing-first').message).toMatch(/E104.*workdir does not exist/);
    expect(readResult(runPath, 'use')).toMatchObject({ status: 'success' });
    expect(String(readResult(runPath, 'use').stdout_tail).trim()).toBe(join(dir, 'out'));
    expect(readResult(runPath, 'nowhere').message).toMatch(/E104.*workdir does not exist/);
  });

  it('a reader that goes away ends the output quietly, with the exit status unchanged', async () => {
    const child = startMaestro(['verify', join(compatDir, 'runs', 'demo_run')]);
    // Our end of its stdout closed before it writes: every write it makes fails with EPIPE.
    child.stdout!.destroy();
    const result = await collect(child);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('maestro verify accepts the run directories written by maestro-cli', async () => {
    for (const name of ['demo_run', 'fake_engines_run']) {
      const result = await runMaestro(['verify', join(compatDir, 'runs', name)]);
      expect(result.stdout).toContain('chain=valid, artefacts=valid');
      expect(result.code).toBe(0);
    }
  });
});
