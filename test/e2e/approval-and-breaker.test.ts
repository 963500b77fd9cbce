// Gates a person answers: `requires_approval` and `circuit_breaker: {action: pause}`. On a terminal (a
// real pseudo-terminal from util-linux `script`) the answer decides; --auto-approve says yes; with neither
// the answer is no, never yes (maestro-cli failed open). Also: the live view on a terminal shows no secret.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliPath, compatDir, makeTempDir, runMaestro } from '../support/cli.ts';
import { onlyRunDirectory, readEvents, readResult } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const hasScript = spawnSync('script', ['--version']).status === 0;

function tempDir(): string {
  const dir = makeTempDir('maestro-gates-');
  cleanups.push(dir.remove);
  return dir.path;
}

function writePlan(dir: string, lines: string[]): string {
  const plan = join(dir, 'plan.yaml');
  writeFileSync(plan, `${lines.join('\n')}\n`);
  return plan;
}

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * Runs maestro on a pseudo-terminal (stdin and stdout are a TTY for it). Each time the output shows
 * `prompt` one more time, the next answer is typed. Resolves with everything the terminal showed.
 */
function runOnTerminal(
  args: string[],
  cwd: string,
  answers: string[],
  prompt = '[y/N]',
): Promise<{ code: number | null; output: string }> {
  // A terminal of a known size: on one of 0 rows the live view would draw nothing.
  const command = `stty rows 24 cols 120 && exec ${[process.execPath, cliPath, ...args].map(quote).join(' ')}`;
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, TERM: 'dumb' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let answered = 0;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    const asked = output.split(prompt).length - 1;
    while (answered < asked && answered < answers.length) {
      child.stdin.write(answers[answered]!);
      answered += 1;
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`maestro on a terminal did not finish:\n${output}`));
    }, 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('requires_approval (peer-bugs/approval.yaml)', () => {
  function approvalPlan(): { dir: string; plan: string } {
    const dir = tempDir();
    const plan = join(dir, 'approval.yaml');
    copyFileSync(join(compatDir, 'plans', 'peer-bugs', 'approval.yaml'), plan);
    return { dir, plan };
  }

  it('with no terminal and no --auto-approve: deploy and its dependant are skipped, exit 1', async () => {
    const { dir, plan } = approvalPlan();
    const result = await runMaestro(['run', plan], { cwd: dir });
    expect(result.code).toBe(1);
    const runPath = onlyRunDirectory(join(dir, '.maestro-runs'));
    expect(readResult(runPath, 'deploy')).toMatchObject({ status: 'skipped', skip_kind: 'approval' });
    expect(readResult(runPath, 'notify')).toMatchObject({ status: 'skipped', skip_kind: 'dependency' });
    expect(readEvents(runPath).at(-1)).toMatchObject({ event: 'run_complete', success: false });
    expect(readEvents(runPath).find((event) => event.event === 'approval_response')).toMatchObject({
      task_id: 'deploy',
      approved: false,
      by: 'none',
    });
    expect(result.stdout).toContain('FAILED');
  });

  it('--auto-approve runs both', async () => {
    const { dir, plan } = approvalPlan();
    const result = await runMaestro(['run', plan, '--auto-approve'], { cwd: dir });
    expect(result.code).toBe(0);
    const runPath = onlyRunDirectory(join(dir, '.maestro-runs'));
    expect(readResult(runPath, 'deploy').stdout_tail).toBe('DEPLOYED\n');
    expect(readResult(runPath, 'notify').stdout_tail).toBe('NOTIFY\n');
  });

  it.skipIf(!hasScript)('on a terminal, answering y runs the task and its dependant', async () => {
    const { dir, plan } = approvalPlan();
    const { code, output } = await runOnTerminal(['run', plan], dir, ['y\n']);
    expect(output).toContain("approval needed for 'deploy': Deploy? [y/N]");
    expect(code).toBe(0);
    const runPath = onlyRunDirectory(join(dir, '.maestro-runs'));
    expect(readResult(runPath, 'deploy')).toMatchObject({ status: 'success', stdout_tail: 'DEPLOYED\n' });
    expect(readResult(runPath, 'notify').status).toBe('success');
    expect(readEvents(runPath).find((event) => event.event === 'approval_response')).toMatchObject({
      task_id: 'deploy',
      approved: true,
      by: 'terminal',
    });
  });

  it.skipIf(!hasScript)('on a terminal, answering n skips both and the run fails', async () => {
    const { dir, plan } = approvalPlan();
    const { code } = await runOnTerminal(['run', plan], dir, ['n\n']);
    expect(code).toBe(1);
    const runPath = onlyRunDirectory(join(dir, '.maestro-runs'));
    expect(readResult(runPath, 'deploy').status).toBe('skipped');
    expect(readResult(runPath, 'notify').status).toBe('skipped');
    expect(readFileSync(join(runPath, 'deploy.log'), 'utf8')).not.toContain('DEPLOYED');
  });
});

describe('Ctrl-C at an approval question', () => {
  it.skipIf(!hasScript)('interrupts the run (exit 130), as Ctrl-C does anywhere else', async () => {
    const dir = tempDir();
    const plan = join(dir, 'approval.yaml');
    copyFileSync(join(compatDir, 'plans', 'peer-bugs', 'approval.yaml'), plan);
    const { code } = await runOnTerminal(['run', plan], dir, ['\u0003']);
    expect(code).toBe(130);
    const runPath = onlyRunDirectory(join(dir, '.maestro-runs'));
    expect(readEvents(runPath).at(-1)).toMatchObject({ event: 'run_complete', success: false });
    expect(readFileSync(join(runPath, 'deploy.log'), 'utf8')).not.toContain('DEPLOYED');
  });
});

describe('circuit_breaker with action: pause', () => {
  // Two failures trip the breaker after b; c and d fail too if dispatch goes on; e succeeds.
  const breakerPlan = [
    'version: 1',
    'name: breaker',
    'max_parallel: 1',
    'fail_fast: false',
    'circuit_breaker: {max_total_failures: 2, action: pause}',
    'tasks:',
    '  - {id: a, command: "exit 1"}',
    '  - {id: b, command: "exit 1"}',
    '  - {id: c, command: "exit 1"}',
    '  - {id: d, command: "exit 1"}',
    '  - {id: e, command: "echo fine"}',
  ];
  const statuses = (runPath: string) => ['a', 'b', 'c', 'd', 'e'].map((id) => readResult(runPath, id).status);

  it('with no terminal and no --auto-approve it stops like action: fail, naming the tasks not started', async () => {
    const dir = tempDir();
    const result = await runMaestro(['run', writePlan(dir, breakerPlan)], { cwd: dir });
    expect(result.code).toBe(1);
    const runPath = onlyRunDirectory(join(dir, '.maestro-runs'));
    expect(statuses(runPath)).toEqual(['failed', 'failed', 'skipped', 'skipped', 'skipped']);
    expect(readResult(runPath, 'e')).toMatchObject({ skip_kind: 'circuit_breaker' });
    const events = readEvents(runPath);
    expect(events.find((event) => event.event === 'circuit_breaker_tripped')).toMatchObject({
      failures: 2,
      action: 'pause',
    });
    expect(events.find((event) => event.event === 'approval_response')).toMatchObject({
      gate: 'circuit_breaker',
      approved: false,
      by: 'none',
    });
    expect(events.map((event) => `${event.event}:${event.task_id ?? ''}`)).not.toContain('task_start:c');
    expect(result.stdout).toContain('not started because the circuit breaker tripped: c, d, e');
  });

  it('with --auto-approve the counter resets and dispatch goes on', async () => {
    const dir = tempDir();
    const result = await runMaestro(['run', writePlan(dir, breakerPlan), '--auto-approve'], { cwd: dir });
    expect(result.code).toBe(1);
    const runPath = onlyRunDirectory(join(dir, '.maestro-runs'));
    expect(statuses(runPath)).toEqual(['failed', 'failed', 'failed', 'failed', 'success']);
    const events = readEvents(runPath);
    // Tripped after b, reset, tripped again after d (two more failures), reset again.
    expect(events.filter((event) => event.event === 'circuit_breaker_reset')).toHaveLength(2);
    expect(events.filter((event) => event.event === 'approval_response')).toEqual([
      expect.objectContaining({ gate: 'circuit_breaker', approved: true, by: 'flag' }),
      expect.objectContaining({ gate: 'circuit_breaker', approved: true, by: 'flag' }),
    ]);
  });

  it.skipIf(!hasScript)('on a terminal: y goes on (the counter resets), then n stops', async () => {
    const dir = tempDir();
    const { code, output } = await runOnTerminal(['run', writePlan(dir, breakerPlan)], dir, ['y\n', 'n\n']);
    expect(code).toBe(1);
    expect(output).toContain("approval needed for 'circuit_breaker'");
    const runPath = onlyRunDirectory(join(dir, '.maestro-runs'));
    expect(statuses(runPath)).toEqual(['failed', 'failed', 'failed', 'failed', 'skipped']);
    const responses = readEvents(runPath).filter((event) => event.event === 'approval_response');
    expect(responses.map((event) => [event.approved, event.by])).toEqual([
      [true, 'terminal'],
      [false, 'terminal'],
    ]);
  });
});

describe('the live view on a terminal', () => {
  it.skipIf(!hasScript)('shows a failing task message with its secret masked', async () => {
    const dir = tempDir();
    const secret = 'tok-51aa0c9be3d7';
    const plan = writePlan(dir, [
      'version: 1',
      'name: live',
      'secrets: [DEPLOY_TOKEN]',
      'tasks:',
      '  - id: refused',
      '    engine: mock',
      '    prompt: deploy',
      `    env: {DEPLOY_TOKEN: "${secret}"}`,
      `    mock: {fail: {kind: auth, message: "401: token ${secret} was rejected"}, latency_ms: 300}`,
    ]);
    const { code, output } = await runOnTerminal(['run', plan], dir, []);
    expect(code).toBe(1);
    // The live block was drawn (its status line), and the task line above it shows the masked message.
    expect(output).toMatch(/0\/1 done · \d+ running/);
    expect(output).toContain('token *** was rejected');
    expect(output).not.toContain(secret);
  });

  it.skipIf(!hasScript)('asks an approval question with its secret masked', async () => {
    const dir = tempDir();
    const secret = 'tok-77e0a1c2b9f4';
    const plan = writePlan(dir, [
      'version: 1',
      'name: ask',
      'secrets: [DEPLOY_TOKEN]',
      'tasks:',
      '  - id: deploy',
      '    command: "true"',
      `    env: {DEPLOY_TOKEN: "${secret}"}`,
      '    requires_approval: true',
      `    approval_message: "Deploy with ${secret}?"`,
    ]);
    const { code, output } = await runOnTerminal(['run', plan], dir, ['n\n']);
    expect(code).toBe(1);
    expect(output).toContain('Deploy with ***?');
    expect(output).not.toContain(secret);
  });
});
