import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildChildEnvironment } from './child-environment.ts';
import { isProcessGroupAlive } from './is-process-group-alive.ts';
import { listProcessGroups } from './process-group-registry.ts';
import { runProcessGroup } from './run-process-group.ts';
import type { RunProcessGroupOptions } from './run-process-group-options.ts';

// ps is an oracle independent of the code under test; it exits 1 when nothing matches.
function psLines(args: string[]): string[] {
  try {
    return execFileSync('ps', args, { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
  } catch {
    return [];
  }
}

// Members of a process group that are not zombies.
function liveMembers(processGroupId: number): string[] {
  return psLines(['-o', 'pid=,stat=', '-g', String(processGroupId)]).filter((line) => !/\sZ/.test(line));
}

function isRunning(pid: number): boolean {
  const state = psLines(['-o', 'stat=', '-p', String(pid)])[0];
  return state !== undefined && !state.startsWith('Z');
}

// Zombies of killed grandchildren wait for PID 1 to reap them; afterwards the group id is unknown.
async function eventuallyGroupVanishes(processGroupId: number): Promise<boolean> {
  for (let tries = 0; tries < 200; tries += 1) {
    try {
      process.kill(-processGroupId, 0);
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

// Starts a run and resolves `ready` once `marker` shows up on stdout.
function startAndWaitFor(options: RunProcessGroupOptions, marker: string) {
  let stdout = '';
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const result = runProcessGroup({
    ...options,
    onStdout: (chunk) => {
      stdout += chunk;
      if (stdout.includes(marker)) markReady();
    },
  });
  return { ready, result, stdout: () => stdout };
}

const twoBackgroundSleeps = 'sleep 30 & echo $!; sleep 30 & echo $!; echo ready; wait';

describe('runProcessGroup: timeout', () => {
  it('kills the whole group of a timed-out `sh -c` and reports exit 124', async () => {
    const result = await runProcessGroup({ command: twoBackgroundSleeps, timeoutMs: 500 });
    expect(result.timedOut).toBe(true);
    expect(result.cancelled).toBe(false);
    expect(result.exitCode).toBe(124);
    const grandchildren = result.stdout.split('\n').slice(0, 2).map(Number);
    expect(grandchildren).toHaveLength(2);
    for (const pid of grandchildren) expect(isRunning(pid)).toBe(false);
    expect(liveMembers(result.pid!)).toEqual([]);
    expect(isProcessGroupAlive(result.pid!)).toBe(false);
    expect(await eventuallyGroupVanishes(result.pid!)).toBe(true);
    expect(listProcessGroups()).not.toContain(result.pid);
  });

  it('kills a list command on timeout too', async () => {
    const result = await runProcessGroup({ command: ['sleep', '30'], timeoutMs: 200 });
    expect(result).toMatchObject({ timedOut: true, exitCode: 124, signal: 'SIGTERM' });
    expect(liveMembers(result.pid!)).toEqual([]);
  });

  it('SIGKILLs a group that ignores SIGTERM once the grace has passed', async () => {
    const controller = new AbortController();
    const run = startAndWaitFor(
      {
        command: "trap '' TERM; sleep 30 & echo $!; echo ready; wait",
        signal: controller.signal,
        killGraceMs: 300,
      },
      'ready',
    );
    // Abort only once the trap is installed, so the test does not depend on how fast sh starts.
    await run.ready;
    controller.abort();
    const result = await run.result;
    expect(result.cancelled).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    expect(result.exitCode).toBe(130);
    const sleeper = Number(result.stdout.split('\n')[0]);
    expect(isRunning(sleeper)).toBe(false);
    expect(liveMembers(result.pid!)).toEqual([]);
  });
});

describe('runProcessGroup: cancellation', () => {
  it('kills the whole group when the signal aborts and reports cancelled with exit 130', async () => {
    const controller = new AbortController();
    const run = startAndWaitFor({ command: twoBackgroundSleeps, signal: controller.signal }, 'ready');
    await run.ready;
    controller.abort();
    const result = await run.result;
    expect(result).toMatchObject({ cancelled: true, timedOut: false, exitCode: 130 });
    for (const pid of result.stdout.split('\n').slice(0, 2).map(Number)) expect(isRunning(pid)).toBe(false);
    expect(liveMembers(result.pid!)).toEqual([]);
    expect(await eventuallyGroupVanishes(result.pid!)).toBe(true);
  });

  it('keeps the exit code a child reports itself when it handles SIGTERM', async () => {
    const controller = new AbortController();
    const run = startAndWaitFor(
      { command: "trap 'exit 7' TERM; echo ready; while :; do sleep 0.05; done", signal: controller.signal },
      'ready',
    );
    await run.ready;
    controller.abort();
    const result = await run.result;
    expect(result).toMatchObject({ cancelled: true, exitCode: 7 });
  });

  it('does not start anything when the signal is already aborted', async () => {
    const result = await runProcessGroup({ command: 'echo never', signal: AbortSignal.abort() });
    expect(result).toMatchObject({ cancelled: true, exitCode: 130, stdout: '' });
    expect(result.pid).toBeUndefined();
  });
});

describe('runProcessGroup: processes left behind', () => {
  it('terminates background processes still running when the child exits, keeping its exit code', async () => {
    const result = await runProcessGroup({ command: 'sleep 30 & echo $!; exit 0' });
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, cancelled: false });
    expect(isRunning(Number(result.stdout.trim()))).toBe(false);
    expect(liveMembers(result.pid!)).toEqual([]);
  });

  it('on timeout also stops what moved into a process group of its own (coreutils timeout)', async () => {
    // `timeout` puts itself and its command in a new process group, still in the task's session.
    const result = await runProcessGroup({
      command: "timeout 100 sh -c 'echo $$; exec sleep 30'; echo after",
      timeoutMs: 800,
    });
    expect(result.timedOut).toBe(true);
    const sleeper = Number(result.stdout.split('\n')[0]);
    expect(sleeper).toBeGreaterThan(0);
    expect(isRunning(sleeper)).toBe(false);
    expect(result.stdout).not.toContain('after');
  });

  it('stops waiting for pipes held open by a process that escaped the group', async () => {
    // setsid moves the sleeper into its own session, out of reach of the group kill, and it keeps the
    // stdout pipe. It writes its pid once it has escaped; the child exits only after that.
    const directory = mkdtempSync(join(tmpdir(), 'maestro-escape-'));
    const pidFile = join(directory, 'pid');
    const script = `setsid sh -c 'echo $$ > "$0"; exec sleep 30' "${pidFile}" &
      while [ ! -s "${pidFile}" ]; do sleep 0.01; done; cat "${pidFile}"`;
    try {
      const result = await runProcessGroup({ command: script, killGraceMs: 200 });
      const escaped = Number(result.stdout.trim());
      expect(result).toMatchObject({ exitCode: 0, timedOut: false, cancelled: false });
      expect(isRunning(escaped)).toBe(true); // out of reach by design: only the wait was abandoned
      process.kill(escaped, 'SIGKILL');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('runProcessGroup: command forms and environment', () => {
  const secretName = 'MAESTRO_TEST_PARENT_ONLY_SECRET';

  afterAll(() => {
    delete process.env[secretName];
  });

  it('runs a list directly with the plan env and without parent-only variables', async () => {
    process.env[secretName] = 'hunter2';
    const env = buildChildEnvironment({ planEnv: { FOO: 'from plan' } });
    const result = await runProcessGroup({
      command: ['sh', '-c', `echo "$FOO"; echo "\${${secretName}-unset}"`],
      env,
    });
    expect(result.stdout).toBe('from plan\nunset\n');
    expect(result.exitCode).toBe(0);
  });

  it('uses the minimal environment when none is given', async () => {
    process.env[secretName] = 'hunter2';
    const result = await runProcessGroup({ command: `echo "\${${secretName}-unset}"` });
    expect(result.stdout).toBe('unset\n');
  });

  it('runs a string without a shell as one program name when shell is false', async () => {
    const result = await runProcessGroup({ command: 'echo hello', shell: false });
    expect(result.exitCode).toBe(127);
    expect(result.spawnError).toMatchObject({ code: 'ENOENT', message: 'Program not found: echo hello' });
    const pwd = await runProcessGroup({ command: 'pwd', shell: false, cwd: tmpdir() });
    expect(pwd.stdout.trim()).toBe(tmpdir());
  });

  it('quotes a list for the shell when shell is true', async () => {
    const result = await runProcessGroup({ command: ['echo', "it's", '$HOME'], shell: true });
    expect(result.stdout).toBe("it's $HOME\n");
  });

  it('reports a missing program as a spawn error with exit 127', async () => {
    const result = await runProcessGroup({ command: ['maestro-no-such-program-xyz', '--flag'] });
    expect(result.exitCode).toBe(127);
    expect(result.spawnError?.code).toBe('ENOENT');
    expect(result.pid).toBeUndefined();
    expect(result.timedOut).toBe(false);
  });

  it('names a missing working directory instead of blaming the program', async () => {
    const result = await runProcessGroup({ command: 'true', cwd: '/nonexistent/maestro-dir' });
    expect(result.exitCode).toBe(127);
    expect(result.spawnError?.message).toBe('Working directory does not exist: /nonexistent/maestro-dir');
  });

  it('reports a shell that cannot find a program as the shell does: exit 127, no spawn error', async () => {
    const result = await runProcessGroup({ command: 'maestro-no-such-program-xyz' });
    expect(result.exitCode).toBe(127);
    expect(result.spawnError).toBeUndefined();
    expect(result.stderr).toContain('maestro-no-such-program-xyz');
  });

  it('runs in the given working directory and reports a non-zero exit code', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'maestro-process-'));
    try {
      const result = await runProcessGroup({ command: 'pwd; exit 3', cwd: directory });
      expect(result).toMatchObject({ exitCode: 3, stdout: `${directory}\n`, signal: null });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('reports 128 + the signal number when the child is killed by a signal', async () => {
    const result = await runProcessGroup({ command: 'kill -SEGV $$' });
    expect(result).toMatchObject({ exitCode: 139, signal: 'SIGSEGV', timedOut: false, cancelled: false });
  });

  it('rejects invalid options, naming the option', async () => {
    await expect(runProcessGroup({ command: [] })).rejects.toThrow(/`command`/);
    await expect(runProcessGroup({ command: 'true', timeoutMs: -1 })).rejects.toThrow(/`timeoutMs`/);
  });
});

describe('runProcessGroup: input and output', () => {
  it('reads stdin from /dev/null unless input is given', async () => {
    const closed = await runProcessGroup({ command: 'cat; echo done' });
    expect(closed.stdout).toBe('done\n');
    const fed = await runProcessGroup({ command: ['cat'], input: 'héllo\nworld' });
    expect(fed.stdout).toBe('héllo\nworld');
  });

  it('streams stdout and stderr chunks in order with multi-byte characters intact', async () => {
    // Writes each character byte by byte with pauses, so UTF-8 sequences arrive split across reads.
    const script = `
      const text = Array.from({ length: 20 }, (_, index) => index + ':€😀ü\\n').join('');
      const bytes = Buffer.from(text);
      let index = 0;
      const step = () => {
        if (index >= bytes.length) return;
        const byte = bytes.subarray(index, index + 1);
        process.stdout.write(byte);
        process.stderr.write(byte);
        index += 1;
        setTimeout(step, index % 7 === 0 ? 2 : 0);
      };
      step();
    `;
    const stdoutChunks: string[] = [];
    const stderrChunks: string[] = [];
    const result = await runProcessGroup({
      command: [process.execPath, '-e', script],
      onStdout: (chunk) => stdoutChunks.push(chunk),
      onStderr: (chunk) => stderrChunks.push(chunk),
    });
    const expected = Array.from({ length: 20 }, (_, index) => `${index}:€😀ü\n`).join('');
    expect(result.exitCode).toBe(0);
    expect(stdoutChunks.length).toBeGreaterThan(1);
    expect(stdoutChunks.join('')).toBe(expected);
    expect(stderrChunks.join('')).toBe(expected);
    expect(result.stdout).toBe(expected);
    expect(result.stderr).toBe(expected);
    expect(stdoutChunks.join('')).not.toContain('\uFFFD');
  });

  it('keeps only the last maxCapturedBytes but streams everything to the callbacks', async () => {
    let streamed = '';
    const result = await runProcessGroup({
      command: [
        process.execPath,
        '-e',
        "for (let i = 0; i < 1000; i++) process.stdout.write(String(i % 10).repeat(10) + '\\n')",
      ],
      maxCapturedBytes: 1000,
      onStdout: (chunk) => {
        streamed += chunk;
      },
    });
    expect(streamed).toHaveLength(11_000);
    expect(Buffer.byteLength(result.stdout)).toBe(1000);
    expect(result.stdout).toBe(streamed.slice(-1000));
    expect(result.stdoutDroppedBytes).toBe(10_000);
    expect(result.stderrDroppedBytes).toBe(0);
  });

  it('reports the pid through onSpawn while the child runs', async () => {
    const seen: number[] = [];
    const result = await runProcessGroup({
      command: 'echo hi',
      onSpawn: (pid) => {
        seen.push(pid);
        expect(listProcessGroups()).toContain(pid);
      },
    });
    expect(seen).toEqual([result.pid]);
    expect(listProcessGroups()).not.toContain(result.pid);
  });
});
