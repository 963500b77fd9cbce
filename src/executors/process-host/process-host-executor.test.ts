import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { AttemptRequest } from '../../run/executor.ts';
import { ProcessHostExecutor } from './process-host-executor.ts';

function shellRequest(command: string, timeoutMs?: number): AttemptRequest {
  return {
    runId: 'r',
    taskId: 't',
    attempt: 1,
    engine: 'shell',
    call: {
      taskId: 't',
      engine: 'shell',
      attempt: 1,
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '' },
      command,
      timeoutMs,
    },
  };
}

/** The pid of the host that runs the executor's next attempt (the parent of its shell). */
async function hostPidOf(executor: ProcessHostExecutor): Promise<number> {
  const outcome = await executor.executeAttempt(shellRequest('echo $PPID'), {
    signal: new AbortController().signal,
  });
  return Number(outcome.engine?.text.trim());
}

describe('ProcessHostExecutor', () => {
  it('runs attempts in a separate process and streams their output back', async () => {
    const executor = new ProcessHostExecutor();
    try {
      const chunks: string[] = [];
      const outcome = await executor.executeAttempt(shellRequest('echo host-pid=$PPID; echo second'), {
        signal: new AbortController().signal,
        onOutput: (_stream, chunk) => chunks.push(chunk),
      });
      expect(outcome.engine?.ok).toBe(true);
      const hostPid = Number(/host-pid=(\d+)/.exec(chunks.join(''))?.[1]);
      // the shell's parent is the host, not this process
      expect(hostPid).toBeGreaterThan(0);
      expect(hostPid).not.toBe(process.pid);
      expect(outcome.engine?.text).toContain('second');
    } finally {
      await executor.close();
    }
  });

  it('cancels a running attempt when the signal aborts', async () => {
    const executor = new ProcessHostExecutor();
    try {
      const controller = new AbortController();
      const running = executor.executeAttempt(shellRequest('sleep 300'), { signal: controller.signal });
      setTimeout(() => controller.abort(), 300);
      const outcome = await running;
      expect(outcome.engine?.ok).toBe(false);
      expect(outcome.engine?.error?.kind).toBe('cancelled');
    } finally {
      await executor.close();
    }
  });

  it('turns a dying host into retryable crashed outcomes instead of hanging', async () => {
    const executor = new ProcessHostExecutor();
    try {
      const hostPid = await hostPidOf(executor);
      const running = executor.executeAttempt(shellRequest('sleep 301'), {
        signal: new AbortController().signal,
      });
      setTimeout(() => process.kill(hostPid, 'SIGKILL'), 300);
      const outcome = await running;
      expect(outcome.engine?.error).toMatchObject({ kind: 'crashed', retryable: true });
      // a new host is started for the next attempt
      const after = await executor.executeAttempt(shellRequest('echo again'), {
        signal: new AbortController().signal,
      });
      expect(after.engine?.text.trim()).toBe('again');
    } finally {
      await executor.close();
      // a host killed with SIGKILL cannot take its task's group with it; this test cleans up after itself
      spawnSync('pkill', ['-f', 'sleep 301']);
    }
  });

  it('an attempt sent to a host that died unnoticed ends as a crash, not as an unhandled EPIPE', async () => {
    const executor = new ProcessHostExecutor();
    const signal = new AbortController().signal;
    try {
      const hostPid = await hostPidOf(executor);
      process.kill(hostPid, 'SIGKILL');
      // Blocks this thread until the host is surely gone, so its exit is not seen before the next send.
      spawnSync('sleep', ['0.3']);
      const outcome = await executor.executeAttempt(shellRequest('echo never'), { signal });
      expect(outcome.engine?.ok).toBe(false);
      expect(outcome.engine?.error).toMatchObject({ kind: 'crashed', retryable: true });
      const after = await executor.executeAttempt(shellRequest('echo again'), { signal });
      expect(after.engine?.text.trim()).toBe('again');
    } finally {
      await executor.close();
    }
  });

  it('an attempt cancelled before its host died ends as cancelled, not as a crash', async () => {
    const executor = new ProcessHostExecutor();
    try {
      const hostPid = await hostPidOf(executor);
      const controller = new AbortController();
      const running = executor.executeAttempt(shellRequest('sleep 302'), { signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Ctrl-C as a host still booting meets it: the run aborts, and the host dies of the signal.
      controller.abort();
      process.kill(hostPid, 'SIGKILL');
      const outcome = await running;
      expect(outcome.engine?.error).toMatchObject({ kind: 'cancelled', retryable: false });
    } finally {
      await executor.close();
      spawnSync('pkill', ['-f', 'sleep 302']);
    }
  });

  it('starts a second host only when the first is busy, and never more than maxHosts', async () => {
    const executor = new ProcessHostExecutor({ maxHosts: 2, busyAt: 2 });
    const signal = new AbortController().signal;
    try {
      const parentOf = async (command: string) =>
        Number((await executor.executeAttempt(shellRequest(command), { signal })).engine?.text.trim());
      // One at a time: one host does everything.
      const lone = [await parentOf('echo $PPID'), await parentOf('echo $PPID')];
      expect(new Set(lone).size).toBe(1);
      expect(executor.hostCount).toBe(1);
      // Six at once: the first host holds two, then a second host starts; the pool stops at two.
      const parents = await Promise.all(Array.from({ length: 6 }, () => parentOf('sleep 0.3; echo $PPID')));
      expect(executor.hostCount).toBe(2);
      expect(new Set(parents).size).toBe(2);
      expect(parents.every((pid) => pid > 0 && pid !== process.pid)).toBe(true);
    } finally {
      await executor.close();
    }
    expect(executor.hostCount).toBe(0);
  });

  it('attempts that start no process never add a host; one with a gate command may', async () => {
    const executor = new ProcessHostExecutor({ maxHosts: 2, busyAt: 2 });
    const signal = new AbortController().signal;
    const mockRequest = (verify?: string): AttemptRequest => ({
      ...shellRequest(''),
      engine: 'mock',
      call: {
        ...shellRequest('').call,
        engine: 'mock',
        prompt: 'hi',
        mock: { reply: 'ok', latency_ms: 300 },
      },
      ...(verify
        ? { verify: { command: verify, cwd: process.cwd(), env: { PATH: process.env.PATH ?? '' } } }
        : {}),
    });
    try {
      // Eight model calls at once wait on timers in one host.
      const replies = await Promise.all(
        Array.from({ length: 8 }, () => executor.executeAttempt(mockRequest(), { signal })),
      );
      expect(replies.every((outcome) => outcome.engine?.text === 'ok')).toBe(true);
      expect(executor.hostCount).toBe(1);
      // With a verify command each of them starts a process, so the pool grows as for shell tasks.
      const verified = await Promise.all(
        Array.from({ length: 6 }, () => executor.executeAttempt(mockRequest('sleep 0.3'), { signal })),
      );
      expect(verified.every((outcome) => outcome.verify?.ok)).toBe(true);
      expect(executor.hostCount).toBe(2);
    } finally {
      await executor.close();
    }
  });

  it('a host that dies fails only its own attempts; the other host finishes its work', async () => {
    const executor = new ProcessHostExecutor({ maxHosts: 2, busyAt: 1 });
    const signal = new AbortController().signal;
    try {
      let announce: (pid: number) => void = () => {};
      const firstHostPid = new Promise<number>((resolve) => {
        announce = resolve;
      });
      // The shell's parent is its host: it says which one before it waits.
      const onFirst = executor.executeAttempt(shellRequest('echo $PPID; sleep 302'), {
        signal,
        onOutput: (_stream, chunk) => announce(Number(chunk.trim().split('\n')[0])),
      });
      const onSecond = executor.executeAttempt(shellRequest('sleep 1; echo finished'), { signal });
      expect(executor.hostCount).toBe(2);
      process.kill(await firstHostPid, 'SIGKILL');
      const [crashed, finished] = await Promise.all([onFirst, onSecond]);
      expect(crashed.engine?.error).toMatchObject({ kind: 'crashed', retryable: true });
      expect(finished.engine).toMatchObject({ ok: true });
      expect(finished.engine?.text.trim()).toBe('finished');
      expect(executor.hostCount).toBe(1);
    } finally {
      await executor.close();
      spawnSync('pkill', ['-f', 'sleep 302']);
    }
  });
});
