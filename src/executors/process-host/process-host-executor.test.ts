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
      const first = await executor.executeAttempt(shellRequest('echo $PPID'), {
        signal: new AbortController().signal,
      });
      const hostPid = Number(first.engine?.text.trim());
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
});
