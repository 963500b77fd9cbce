// A host that cannot even be forked (fork() throwing at once, as for ENOMEM) must end the attempt as a
// retryable crash, not throw out of executeAttempt into the scheduler.
import { describe, expect, it, vi } from 'vitest';
import { ProcessHostExecutor } from './process-host-executor.ts';

vi.mock('./fork-attempt-host.ts', () => ({
  adoptEarlyHost: () => undefined,
  forkAttemptHost: () => {
    throw Object.assign(new Error('spawn ENOMEM'), { code: 'ENOMEM' });
  },
}));

describe('ProcessHostExecutor when no host can be started', () => {
  it('answers a crashed, retryable outcome and warmUp does not throw', async () => {
    const executor = new ProcessHostExecutor();
    expect(() => executor.warmUp()).not.toThrow();
    const outcome = await executor.executeAttempt(
      {
        runId: 'r',
        taskId: 't',
        attempt: 1,
        engine: 'shell',
        call: { taskId: 't', engine: 'shell', attempt: 1, cwd: process.cwd(), env: {}, command: 'true' },
      },
      { signal: new AbortController().signal },
    );
    expect(outcome.engine).toMatchObject({
      ok: false,
      error: { kind: 'crashed', retryable: true, message: 'cannot start the attempt host: spawn ENOMEM' },
    });
    expect(executor.hostCount).toBe(0);
    await executor.close();
  });
});
