// The plans that made maestro-cli misbehave (compat/plans/peer-bugs) behave as their README says.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compatDir, makeTempDir, runMaestro } from '../support/cli.ts';
import { onlyRunDirectory, readEvents, readManifest, readResult } from '../support/run-dir.ts';

const peerBugs = join(compatDir, 'plans', 'peer-bugs');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Copies peer-bug plans into a fresh folder (their run directory lands beside them) and runs the first. */
async function runPeerPlan(files: string[], args: string[] = [], env: Record<string, string> = {}) {
  const dir = makeTempDir();
  cleanups.push(dir.remove);
  for (const file of files) copyFileSync(join(peerBugs, file), join(dir.path, file));
  const result = await runMaestro(['run', join(dir.path, files[0]!), ...args], { cwd: dir.path, env });
  const runPath = onlyRunDirectory(join(dir.path, '.maestro-runs'));
  return { result, runPath, dir: dir.path };
}

function groupAlive(pattern: string): boolean {
  const listing = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return listing.split('\n').some((line) => line.trim() === pattern);
}

describe('peer-bugs', () => {
  it('transitive.yaml: every task gets a terminal status and the run fails', async () => {
    const { result, runPath } = await runPeerPlan(['transitive.yaml']);
    expect(result.code).toBe(1);
    expect(readResult(runPath, 'a')).toMatchObject({ status: 'failed', exit_code: 3 });
    expect(readResult(runPath, 'b')).toMatchObject({ status: 'skipped', message: 'dependency a failed' });
    expect(readResult(runPath, 'c')).toMatchObject({ status: 'skipped', message: 'dependency b skipped' });
    expect(readResult(runPath, 'd').status).toBe('success');
    expect(readResult(runPath, 'e').status).toBe('success');
    const events = readEvents(runPath);
    const skips = events.filter((event) => event.event === 'task_skip').map((event) => event.task_id);
    expect(skips.sort()).toEqual(['b', 'c']);
    expect(events.at(-1)).toMatchObject({
      event: 'run_complete',
      success: false,
      failed: 1,
      skipped: 2,
      ok: 2,
    });
  });

  it('whenskip.yaml: every task has a result, the summary counts them all, the exit code tells the truth', async () => {
    const { result, runPath } = await runPeerPlan(['whenskip.yaml']);
    const manifest = readManifest(runPath);
    expect(Object.keys(manifest.task_results).sort()).toEqual(['a', 'b', 'bad', 'c']);
    expect(manifest.task_results.b).toMatchObject({ status: 'skipped' });
    // c is skipped either because b was, or because `bad` failing triggered fail_fast first
    expect(manifest.task_results.c).toMatchObject({ status: 'skipped' });
    // `a.status is success` is not an expression; the task fails instead of silently passing
    expect(manifest.task_results.bad!.status).toBe('failed');
    expect(result.stdout).toMatch(/\[4\/4\] FAILED/);
    expect(result.code).toBe(1);
  });

  it('timeout.yaml: tasks end at their deadline with exit 124 and leave no process behind', async () => {
    const { result, runPath } = await runPeerPlan(['timeout.yaml']);
    expect(result.code).toBe(1);
    for (const id of ['s1', 's2', 's3']) {
      const task = readResult(runPath, id);
      expect(task.exit_code).toBe(124);
      // killed, not waited for: `sleep 30` would take 30 s
      expect(task.duration_sec as number).toBeLessThan(20);
    }
    expect(readResult(runPath, 's1').status).toBe('failed');
    expect(readResult(runPath, 's2').status).toBe('soft_failed');
    expect(groupAlive('sleep 30; echo done')).toBe(false);
  });

  it('verify.yaml: verify failures retry with events, and a slow verify/command is killed on time', async () => {
    const { result, runPath, dir } = await runPeerPlan(['verify.yaml']);
    expect(readResult(runPath, 'v')).toMatchObject({ status: 'success', retry_count: 2 });
    expect(readFileSync(join(dir, 'attempts.txt'), 'utf8').trim().split('\n')).toHaveLength(3);
    expect(readFileSync(join(runPath, 'v.log'), 'utf8')).toContain('pre');
    const events = readEvents(runPath);
    expect(events.filter((event) => event.event === 'task_retry' && event.task_id === 'v')).toHaveLength(2);
    expect(events.filter((event) => event.event === 'verify_failure' && event.task_id === 'v')).toHaveLength(
      2,
    );
    expect(readResult(runPath, 'slow')).toMatchObject({ status: 'soft_failed', exit_code: 124 });
    expect(result.code).toBe(0);
  });

  it('approval.yaml: with no terminal and no --auto-approve the gate holds and the run is not a success', async () => {
    const denied = await runPeerPlan(['approval.yaml']);
    expect(denied.result.code).toBe(1);
    expect(readResult(denied.runPath, 'deploy').status).toBe('skipped');
    expect(readResult(denied.runPath, 'notify')).toMatchObject({
      status: 'skipped',
      message: 'dependency deploy skipped',
    });
    expect(readFileSync(join(denied.runPath, 'deploy.log'), 'utf8')).not.toContain('DEPLOYED');

    const approved = await runPeerPlan(['approval.yaml'], ['--auto-approve']);
    expect(approved.result.code).toBe(0);
    expect(readResult(approved.runPath, 'deploy').stdout_tail).toContain('DEPLOYED');
    expect(readResult(approved.runPath, 'notify').status).toBe('success');
    const responses = readEvents(approved.runPath).filter((event) => event.event === 'approval_response');
    expect(responses).toEqual([expect.objectContaining({ task_id: 'deploy', approved: true, by: 'flag' })]);
  });

  it('matrix_cmd.yaml: templates render in shell commands', async () => {
    const { result, runPath } = await runPeerPlan(['matrix_cmd.yaml']);
    expect(result.code).toBe(0);
    expect(readResult(runPath, 'm.x-a').stdout_tail).toBe('value=a task=m.x-a\n');
    expect(readResult(runPath, 'm.x-b').stdout_tail).toBe('value=b task=m.x-b\n');
    expect(readResult(runPath, 'after').status).toBe('success');
  });

  it('main.yaml + frag.yaml: imported tasks (ids with /) run, with their overrides', async () => {
    const { result, runPath } = await runPeerPlan(['main.yaml', 'frag.yaml']);
    expect(result.code).toBe(0);
    expect(existsSync(join(runPath, 'qa', 'lint.log'))).toBe(true);
    expect(readResult(runPath, 'qa/test').status).toBe('success');
    expect(readResult(runPath, 'after').status).toBe('success');
    const verify = await runMaestro(['verify', runPath]);
    expect(verify.code).toBe(0);
  });

  it('trav.yaml: an id that would leave the run directory is refused before anything runs', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    copyFileSync(join(peerBugs, 'trav.yaml'), join(dir.path, 'trav.yaml'));
    const result = await runMaestro(['run', join(dir.path, 'trav.yaml')], { cwd: dir.path });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\[E017\] .*trav\.yaml:\d+:\d+/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir.path, 'ESCAPED.log'))).toBe(false);
  });

  it('negcache.yaml envcheck: children get a minimal environment plus what the plan grants', async () => {
    const { runPath } = await runPeerPlan(['negcache.yaml'], ['--only', 'envcheck'], {
      FOO: 'bar',
      OPENAI_API_KEY: 'sk-test-secret',
      PYENV_ROOT: '/somewhere',
    });
    const output = String(readResult(runPath, 'envcheck').stdout_tail);
    expect(output).toContain('FOO=unset');
    expect(output).toContain('OPENAI=unset');
    expect(output).toContain('PYENV_ROOT=unset');
    expect(output).toContain('PLANVAR=fromplan');
    expect(output).not.toContain('HOME=unset');
  });

  it('matrix_drop.yaml validates; running it names the features this build refuses instead of ignoring them', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    copyFileSync(join(peerBugs, 'matrix_drop.yaml'), join(dir.path, 'matrix_drop.yaml'));
    const validate = await runMaestro(['validate', join(dir.path, 'matrix_drop.yaml'), '--json']);
    expect(JSON.parse(validate.stdout)).toMatchObject({ valid: true, tasks: 2 });
    const run = await runMaestro(['run', join(dir.path, 'matrix_drop.yaml')], { cwd: dir.path });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\[E109\].*task 'm\.x-a' key 'worktree'/);
    expect(existsSync(join(dir.path, '.maestro-runs'))).toBe(false);
  });
});
