import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runWithFakeCli } from '../../../test/support/agent-cli/fake-cli.ts';
import { resolveAgentCliSettings } from '../agent-cli/agent-cli-settings.ts';
import { buildCodexInvocation } from './codex-command.ts';
import { CodexEngine } from './codex-engine.ts';

const engine = new CodexEngine({ parentEnv: { FAKE_KEY: 'sk-fake' } });

// Every sandbox-related flag in an argv: there must be at most one setting.
function sandboxFlags(argv: string[]): string[] {
  return argv.filter(
    (arg, index) =>
      arg === '--dangerously-bypass-approvals-and-sandbox' ||
      arg === '--yolo' ||
      arg === '--full-auto' ||
      arg === '-s' ||
      arg === '--sandbox' ||
      (argv[index - 1] === '-c' && /^sandbox_mode=/.test(arg)),
  );
}

describe('CodexEngine', () => {
  it('sums turn usage without counting cached tokens twice (input includes cached)', async () => {
    const { outcome } = await runWithFakeCli(engine);
    expect(outcome).toMatchObject({
      ok: true,
      text: 'all done',
      sessionId: 'codex-thread-1',
      toolCallCount: 2,
      // turns 5000/1000/700 and 3000/0/300: input (5000-1000)+3000, cached 1000, output 1000
      usage: { input_tokens: 7000, cached_tokens: 1000, output_tokens: 1000, total_tokens: 9000 },
    });
    expect(outcome.costUsd).toBeUndefined();
  });

  it('builds `codex exec --json --skip-git-repo-check` with alias, effort, prompt after -- and stdin /dev/null', async () => {
    const { record } = await runWithFakeCli(engine, {
      model: '5.5',
      reasoningEffort: 'low',
      prompt: '--not a flag',
      systemPrompt: 'You review code.',
    });
    const argv = record?.argv ?? [];
    expect(argv.slice(0, 3)).toEqual(['exec', '--json', '--skip-git-repo-check']);
    expect(argv).toContain('gpt-5.5');
    expect(argv).toContain('model_reasoning_effort="low"');
    expect(argv).toContain('developer_instructions="You review code."');
    expect(argv).toContain('analytics.enabled=false');
    expect(argv.slice(-2)).toEqual(['--', '--not a flag']);
    expect(record?.stdin).toBe('/dev/null');
    expect(sandboxFlags(argv)).toEqual([]);
  });

  it.each([
    ['safe', ['-s']],
    ['yolo', ['--dangerously-bypass-approvals-and-sandbox']],
    ['plan', ['--yolo']],
  ] as const)(
    'profile %s gives exactly one sandbox setting even with --yolo in args',
    async (profile, expected) => {
      const { record } = await runWithFakeCli(engine, { executionProfile: profile, args: ['--yolo'] });
      const argv = record?.argv ?? [];
      expect(sandboxFlags(argv)).toEqual(expected);
      if (profile === 'safe') {
        expect(argv[argv.indexOf('-s') + 1]).toBe('workspace-write');
        expect(argv).toContain('approval_policy="never"');
      }
    },
  );

  it('maps allowed_tools [read-only] to `-s read-only` (never workspace-read-only), winning over yolo', async () => {
    const { record, stderr } = await runWithFakeCli(engine, {
      executionProfile: 'yolo',
      allowedTools: ['read-only'],
      args: ['--yolo', '--sandbox', 'workspace-write'],
    });
    const argv = record?.argv ?? [];
    expect(sandboxFlags(argv)).toEqual(['-s']);
    expect(argv[argv.indexOf('-s') + 1]).toBe('read-only');
    expect(argv.join(' ')).not.toContain('workspace-read-only');
    expect(stderr).toContain('dropped --yolo, --sandbox workspace-write');
  });

  it('refuses grants its sandbox cannot enforce, before starting codex', async () => {
    const { outcome, record } = await runWithFakeCli(engine, { allowedTools: ['Read', 'Bash(git *)'] });
    expect(record).toBeUndefined();
    expect(outcome.error).toMatchObject({ kind: 'unsupported' });
    expect(outcome.error?.message).toContain("'Read'");
  });

  it('registers base_url as a Responses provider whose bearer variable is api_key_env', async () => {
    const { record } = await runWithFakeCli(engine, {
      options: {
        base_url: 'http://127.0.0.1:9/v1',
        api_key_env: 'FAKE_KEY',
        request_max_retries: 0,
        config: { 'features.plugins': false },
      },
    });
    const argv = record?.argv ?? [];
    expect(argv).toContain('model_provider="maestro"');
    expect(argv).toContain(
      'model_providers.maestro={name="Maestro",base_url="http://127.0.0.1:9/v1",wire_api="responses",env_key="FAKE_KEY",request_max_retries=0}',
    );
    expect(argv).toContain('features.plugins=false');
    expect(record?.env.FAKE_KEY).toBe('sk-fake');
  });

  it('gives codex its own CODEX_HOME outside $TMPDIR when isolation is asked for, and removes it', async () => {
    const { record } = await runWithFakeCli(engine, { options: { isolate_state: true } });
    const home = record?.env.CODEX_HOME ?? '';
    expect(home).toMatch(/maestro\/agent-cli-state\/codex-/);
    expect(home.startsWith(tmpdir())).toBe(false);
    expect(existsSync(home)).toBe(false);
  });

  it('maps turn.failed with a 429 to rate_limited', async () => {
    const { outcome } = await runWithFakeCli(engine, {}, { scenario: 'api-error' });
    expect(outcome).toMatchObject({ ok: false, exitCode: 1 });
    expect(outcome.error).toMatchObject({ kind: 'rate_limited', retryable: true });
  });

  it('reads a prompt over the 128 KiB argument limit from stdin (`-`)', async () => {
    const prompt = 'y'.repeat(140 * 1024);
    const { outcome, record } = await runWithFakeCli(engine, { prompt });
    expect(outcome.ok).toBe(true);
    expect(record?.argv.slice(-2)).toEqual(['--', '-']);
    expect(record?.stdinText === prompt).toBe(true);
  });

  it('reads a prompt of exactly 128 KiB from stdin: the kernel limit counts the terminating NUL', () => {
    const resolved = resolveAgentCliSettings({});
    if (!('settings' in resolved)) throw new Error(resolved.problem);
    const build = (prompt: string) =>
      buildCodexInvocation({
        call: { taskId: 't', engine: 'codex', attempt: 1, cwd: '/w', env: {}, prompt },
        settings: resolved.settings,
        parentEnv: {},
        scratchDir: '/nonexistent/scratch',
        isRoot: false,
      });
    const atLimit = 'x'.repeat(128 * 1024);
    const viaStdin = build(atLimit);
    expect('args' in viaStdin && viaStdin.args.slice(-2)).toEqual(['--', '-']);
    expect('args' in viaStdin && viaStdin.input === atLimit).toBe(true);
    const justUnder = build(atLimit.slice(1));
    expect('args' in justUnder && justUnder.input).toBeUndefined();
  });
});
