import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWithFakeCli } from '../../../test/support/agent-cli/fake-cli.ts';
import type { AgentCliContext, AgentCliInvocation } from '../agent-cli/agent-cli-definition.ts';
import { resolveAgentCliSettings } from '../agent-cli/agent-cli-settings.ts';
import type { EngineCall } from '../engine.ts';
import { buildGeminiInvocation } from './gemini-command.ts';
import { GeminiEngine } from './gemini-engine.ts';

const engine = new GeminiEngine({ parentEnv: { MY_GEMINI_KEY: 'g-key' } });
const temp = mkdtempSync(join(tmpdir(), 'maestro-gemini-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function build(
  call: Partial<EngineCall>,
  options: Record<string, unknown> = {},
  context: Partial<AgentCliContext> = {},
): AgentCliInvocation {
  const resolved = resolveAgentCliSettings(options);
  if (!('settings' in resolved)) throw new Error(resolved.problem);
  const invocation = buildGeminiInvocation({
    call: { taskId: 't', engine: 'gemini', attempt: 1, cwd: '/w', env: {}, prompt: 'hi', ...call },
    settings: resolved.settings,
    parentEnv: { MY_GEMINI_KEY: 'g-key' },
    scratchDir: '/scratch/maestro-gemini-x',
    isRoot: false,
    ...context,
  });
  if ('unsupported' in invocation) throw new Error(invocation.unsupported);
  return invocation;
}

describe('GeminiEngine', () => {
  it('reads stream-json: text after the last tool call, usage with input = prompt - cached', async () => {
    const { outcome, stdout } = await runWithFakeCli(engine);
    expect(outcome).toMatchObject({
      ok: true,
      text: 'DONE: file written',
      sessionId: 'gemini-session-1',
      toolCallCount: 1,
      // prompt 1200 (100 cached), candidates 80, total 1400: the other 120 are thoughts
      usage: { input_tokens: 1100, cached_tokens: 100, output_tokens: 200, total_tokens: 1400 },
    });
    expect(stdout).toContain('I will write it.');
  });

  it('parses usage from the pretty-printed stats of `-o json` (which maestro-cli never did)', async () => {
    const { outcome } = await runWithFakeCli(engine, {}, { scenario: 'json' });
    // prompt 1200 (100 cached), candidates 80 + thoughts 20
    expect(outcome).toMatchObject({
      ok: true,
      text: 'hi',
      usage: { input_tokens: 1100, cached_tokens: 100, output_tokens: 100, total_tokens: 1300 },
    });
  });

  it('builds `gemini -o stream-json --skip-trust -m <alias>` with the prompt as --prompt= and instructions in it', async () => {
    const { record } = await runWithFakeCli(engine, {
      model: 'pro',
      prompt: '-x',
      appendSystemPrompt: 'Be terse.',
    });
    expect(record?.argv).toEqual([
      '-o',
      'stream-json',
      '--skip-trust',
      '-m',
      'gemini-2.5-pro',
      '--prompt=[System Instructions]\nBe terse.\n\n[Task]\n-x',
    ]);
    expect(record?.stdin).toBe('/dev/null');
  });

  it.each([
    ['safe', 'auto_edit'],
    ['yolo', 'yolo'],
  ] as const)('profile %s -> --approval-mode %s, replacing --yolo from args', async (profile, mode) => {
    const { record } = await runWithFakeCli(engine, { executionProfile: profile, args: ['--yolo'] });
    const argv = record?.argv ?? [];
    expect(argv[argv.indexOf('--approval-mode') + 1]).toBe(mode);
    expect(argv).not.toContain('--yolo');
  });

  it('keeps --yolo from args in the plan profile (engines_flags.yaml g1)', async () => {
    const { record } = await runWithFakeCli(engine, { model: 'pro', args: ['--yolo'] });
    expect(record?.argv).toContain('--yolo');
    expect(record?.argv).not.toContain('--approval-mode');
  });

  it('maps read-only and no-shell grants onto approval modes and refuses tool names', async () => {
    const readOnly = await runWithFakeCli(engine, { executionProfile: 'yolo', allowedTools: ['read-only'] });
    expect(readOnly.record?.argv.join(' ')).toContain('--approval-mode default');
    const noShell = await runWithFakeCli(engine, { allowedTools: ['no-shell'] });
    expect(noShell.record?.argv.join(' ')).toContain('--approval-mode auto_edit');
    const names = await runWithFakeCli(engine, { allowedTools: ['Read'] });
    expect(names.record).toBeUndefined();
    expect(names.outcome.error?.kind).toBe('unsupported');
  });

  it('writes API-key auth and privacy settings into an isolated GEMINI_CLI_HOME', async () => {
    const { record } = await runWithFakeCli(engine, {
      options: { base_url: 'http://127.0.0.1:9', api_key_env: 'MY_GEMINI_KEY', isolate_state: true },
    });
    expect(record?.env.GOOGLE_GEMINI_BASE_URL).toBe('http://127.0.0.1:9');
    expect(record?.env.GEMINI_API_KEY).toBe('g-key');
    expect(record?.env.GEMINI_CLI_HOME).toMatch(/gemini-/);
    expect(existsSync(record?.env.GEMINI_CLI_HOME ?? '/')).toBe(false);
  });

  it('maps an API error (exit 144, error object on stderr) to its HTTP status kind', async () => {
    const { outcome } = await runWithFakeCli(engine, {}, { scenario: 'api-error' });
    expect(outcome).toMatchObject({ ok: false, exitCode: 144 });
    expect(outcome.error).toMatchObject({ kind: 'exit_code', retryable: false });
    expect(outcome.error?.message).toContain('Bad Request: boom');
  });

  it.each([
    ['exit-41', 'auth'],
    ['exit-53', 'exit_code'],
    ['exit-173', 'rate_limited'],
    ['turn-limit', 'exit_code'],
  ] as const)('maps %s to %s', async (scenario, kind) => {
    const { outcome } = await runWithFakeCli(engine, {}, { scenario });
    expect(outcome.ok).toBe(false);
    expect(outcome.error?.kind).toBe(kind);
  });

  it('drops plan args that grant tools on their own when allowed_tools is set, every value included', () => {
    const args = [
      '--allowed-tools',
      'run_shell_command',
      'write_file',
      '--allowed-tools=run_shell_command',
      '--policy',
      'allow-all.toml',
      '--admin-policy=/etc/p',
      '--yolo',
      '--session-id',
      'abc',
    ];
    const granted = build({ allowedTools: ['read-only'], args });
    expect(granted.args).toEqual([
      '-o',
      'stream-json',
      '--skip-trust',
      '--approval-mode',
      'default',
      '--session-id',
      'abc',
      '--prompt=hi',
    ]);
    expect(granted.notes?.join('\n')).toContain('dropped --allowed-tools run_shell_command write_file');
    // without grants the plan's args are the plan's business
    expect(build({ args: ['--policy', 'p.toml'] }).args).toContain('--policy');
  });

  it('points TMPDIR at the call scratch folder, where its gemini-client-error-*.json reports are removed', () => {
    const { env } = build({ env: { TMPDIR: '/tmp' } });
    expect(env).toMatchObject({
      TMPDIR: '/scratch/maestro-gemini-x',
      TMP: '/scratch/maestro-gemini-x',
      TEMP: '/scratch/maestro-gemini-x',
    });
  });

  it('gives base_url without a state folder a private home with API-key auth, over the user settings', () => {
    const home = join(temp, 'home');
    mkdirSync(join(home, '.gemini'), { recursive: true });
    writeFileSync(
      join(home, '.gemini', 'settings.json'),
      JSON.stringify({ ui: { theme: 'Dracula' }, security: { auth: { selectedType: 'oauth-personal' } } }),
    );
    const invocation = build({ env: { HOME: home } }, { base_url: 'http://127.0.0.1:9' });
    const privateHome = join('/scratch/maestro-gemini-x', 'gemini-home');
    expect(invocation.env.GEMINI_CLI_HOME).toBe(privateHome);
    const file = invocation.files?.find(
      (item) => item.path === join(privateHome, '.gemini', 'settings.json'),
    );
    expect(JSON.parse(file?.content ?? '{}')).toMatchObject({
      ui: { theme: 'Dracula' },
      // without it GOOGLE_GEMINI_BASE_URL makes gemini pick gateway auth and exit 41
      security: { auth: { selectedType: 'gemini-api-key' } },
      privacy: { usageStatisticsEnabled: false },
    });
    // no base_url: the user's own home as it is
    expect(build({ env: { HOME: home } }).env.GEMINI_CLI_HOME).toBeUndefined();
    // a state folder is the home already
    const isolated = build({}, { base_url: 'http://127.0.0.1:9' }, { stateDir: '/state/gemini-1' });
    expect(isolated.env.GEMINI_CLI_HOME).toBeUndefined();
    expect(isolated.files?.map((item) => item.path)).toEqual(['/state/gemini-1/.gemini/settings.json']);
  });
});
