import { describe, expect, it } from 'vitest';
import { buildChildEnvironment } from '../../process/index.ts';
import { runGuardCommand } from './run-guard-command.ts';

const env = buildChildEnvironment({ parent: process.env, planEnv: { GUARD_LIMIT: '3' } });

describe('runGuardCommand', () => {
  it("gets the output on stdin and the task's environment", async () => {
    const outcome = await runGuardCommand({
      command: 'wc -l | tr -d " "; test "$GUARD_LIMIT" = 3',
      cwd: process.cwd(),
      env,
      input: 'one\ntwo\n',
    });
    expect(outcome).toMatchObject({ ok: true, exitCode: 0, timedOut: false });
    expect(outcome.output.trim()).toBe('2');
  });

  it('fails on a non-zero exit with the combined output as feedback', async () => {
    const outcome = await runGuardCommand({
      command: ['sh', '-c', 'echo out; echo err >&2; exit 4'],
      cwd: process.cwd(),
      env,
      input: '',
    });
    expect(outcome).toMatchObject({ ok: false, exitCode: 4 });
    expect(outcome.output).toBe('out\n\nerr\n');
  });

  it("stops at the task's timeout when it is shorter than 30 s", async () => {
    const outcome = await runGuardCommand({
      command: 'sleep 20',
      cwd: process.cwd(),
      env,
      input: '',
      taskTimeoutMs: 200,
    });
    expect(outcome).toMatchObject({ ok: false, timedOut: true, exitCode: 124 });
  });
});
