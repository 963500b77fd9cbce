import { describe, expect, it } from 'vitest';
import { runWithFakeCli } from '../../../test/support/agent-cli/fake-cli.ts';
import type { AgentCliInvocation } from '../agent-cli/agent-cli-definition.ts';
import { resolveAgentCliSettings } from '../agent-cli/agent-cli-settings.ts';
import type { EngineCall } from '../engine.ts';
import { buildClaudeInvocation } from './claude-command.ts';
import { ClaudeEngine } from './claude-engine.ts';

function build(call: Partial<EngineCall>, isRoot = false): AgentCliInvocation {
  const resolved = resolveAgentCliSettings({});
  if (!('settings' in resolved)) throw new Error(resolved.problem);
  const invocation = buildClaudeInvocation({
    call: { taskId: 't', engine: 'claude', attempt: 1, cwd: '/w', env: {}, prompt: 'hi', ...call },
    settings: resolved.settings,
    parentEnv: {},
    scratchDir: '/nonexistent/scratch',
    isRoot,
  });
  if ('unsupported' in invocation) throw new Error(invocation.unsupported);
  return invocation;
}

const engine = new ClaudeEngine({ parentEnv: { MY_ANTHROPIC_KEY: 'sk-ant-test' }, isRoot: false });

describe('ClaudeEngine', () => {
  it('parses cost 0.0123 and tokens input 1000 / cached 200 / cache_creation 50 / output 300', async () => {
    const { outcome, stdout } = await runWithFakeCli(engine);
    expect(outcome).toMatchObject({
      ok: true,
      exitCode: 0,
      text: 'All done: modified src/app.py',
      costUsd: 0.0123,
      sessionId: 'claude-session-1',
      toolCallCount: 1,
      usage: {
        input_tokens: 1000,
        cached_tokens: 200,
        cache_creation_tokens: 50,
        output_tokens: 300,
        total_tokens: 1550,
      },
    });
    // assistant text and tool calls stream to stdout as they arrive
    expect(stdout).toContain('[tool] Bash');
    expect(stdout).toContain('Done. Modified src/app.py');
  });

  it('builds a valid headless command: stream-json, model, agent, prompt after --, effort in the env', async () => {
    const { record } = await runWithFakeCli(engine, {
      prompt: '-starts with a dash',
      model: 'sonnet',
      agent: 'reviewer',
      reasoningEffort: 'high',
      appendSystemPrompt: 'Be terse.',
      editPolicy: 'strict',
      args: ['--max-budget-usd', '1'],
    });
    expect(record?.argv).toEqual([
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--model',
      'sonnet',
      '--agent',
      'reviewer',
      '--disallowedTools',
      'Write',
      '--append-system-prompt',
      expect.stringMatching(/^Be terse\.\n\nEdit policy \(strict\)/),
      '--max-budget-usd',
      '1',
      '--',
      '-starts with a dash',
    ]);
    expect(record?.env.CLAUDE_CODE_EFFORT_LEVEL).toBe('high');
    expect(record?.env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC).toBe('1');
    expect(record?.stdin).toBe('/dev/null');
  });

  it('maps the profiles: safe -> --permission-mode default, yolo -> --dangerously-skip-permissions', async () => {
    const safe = await runWithFakeCli(engine, {
      executionProfile: 'safe',
      args: ['--dangerously-skip-permissions'],
    });
    expect(safe.record?.argv).toContain('--permission-mode');
    expect(safe.record?.argv).not.toContain('--dangerously-skip-permissions');
    expect(safe.stderr).toContain('dropped --dangerously-skip-permissions');
    const yolo = await runWithFakeCli(engine, { executionProfile: 'yolo' });
    expect(yolo.record?.argv).toContain('--dangerously-skip-permissions');
    expect(yolo.record?.env.IS_SANDBOX).toBeUndefined();
    const plan = await runWithFakeCli(engine, { executionProfile: 'plan' });
    expect(plan.record?.argv).not.toContain('--permission-mode');
    expect(plan.record?.argv).not.toContain('--dangerously-skip-permissions');
  });

  it('sets IS_SANDBOX=1 for yolo as root, which claude needs to bypass permissions', async () => {
    const asRoot = new ClaudeEngine({ isRoot: true });
    const { record } = await runWithFakeCli(asRoot, { executionProfile: 'yolo' });
    expect(record?.env.IS_SANDBOX).toBe('1');
  });

  it.each([
    [['--dangerously-skip-permissions']],
    [['--allow-dangerously-skip-permissions']],
    [['--permission-mode', 'bypassPermissions']],
    [['--permission-mode=bypassPermissions']],
  ])('sets IS_SANDBOX=1 as root when the plan args bypass permissions (%j)', (args) => {
    // claude refuses to start as root otherwise: exit 1, retried for nothing
    expect(build({ executionProfile: 'plan', args }, true).env.IS_SANDBOX).toBe('1');
    expect(build({ args }, true).env.IS_SANDBOX).toBe('1');
    expect(build({ executionProfile: 'plan', args }, false).env.IS_SANDBOX).toBeUndefined();
  });

  it('leaves IS_SANDBOX unset as root when no bypass is left in the command line', () => {
    expect(
      build({ executionProfile: 'plan', args: ['--permission-mode', 'acceptEdits'] }, true).env,
    ).not.toHaveProperty('IS_SANDBOX');
    // safe drops the plan's bypass flag
    const safe = build({ executionProfile: 'safe', args: ['--dangerously-skip-permissions'] }, true);
    expect(safe.env).not.toHaveProperty('IS_SANDBOX');
    const granted = build({ allowedTools: ['Read'], args: ['--permission-mode=bypassPermissions'] }, true);
    expect(granted.env).not.toHaveProperty('IS_SANDBOX');
    // the prompt is not a flag
    expect(build({ prompt: '--dangerously-skip-permissions' }, true).env).not.toHaveProperty('IS_SANDBOX');
  });

  it('maps allowed_tools onto --tools, --allowedTools and permission mode dontAsk in every profile', async () => {
    const { record } = await runWithFakeCli(engine, {
      executionProfile: 'yolo',
      allowedTools: ['Read', 'Bash(git *)', 'mcp__probe__echo'],
      args: ['--permission-mode', 'bypassPermissions'],
    });
    const argv = record?.argv ?? [];
    expect(argv.slice(argv.indexOf('--tools'), argv.indexOf('--tools') + 6)).toEqual([
      '--tools',
      'Read,Bash',
      '--allowedTools',
      'Read,Bash(git *),mcp__probe__echo',
      '--permission-mode',
      'dontAsk',
    ]);
    expect(argv).not.toContain('--dangerously-skip-permissions');
    expect(argv).not.toContain('bypassPermissions');
  });

  it('expands grant categories and refuses src-scoped before starting claude', async () => {
    const readOnly = await runWithFakeCli(engine, { allowedTools: ['read-only'] });
    expect(readOnly.record?.argv).toContain('Read,Glob,Grep');
    const refused = await runWithFakeCli(engine, { allowedTools: ['src-scoped'] });
    expect(refused.record).toBeUndefined();
    expect(refused.outcome.error).toMatchObject({ kind: 'unsupported', retryable: false });
  });

  it('points claude at base_url with the key named by api_key_env, read from the environment', async () => {
    const { record } = await runWithFakeCli(engine, {
      options: { base_url: 'http://127.0.0.1:9/', api_key_env: 'MY_ANTHROPIC_KEY' },
    });
    expect(record?.env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:9/');
    expect(record?.env.ANTHROPIC_API_KEY).toBe('sk-ant-test');
    expect(record?.env.MY_ANTHROPIC_KEY).toBeUndefined();
  });

  it('reports is_error with subtype success as an error of the API status kind', async () => {
    const { outcome } = await runWithFakeCli(engine, {}, { scenario: 'api-error' });
    expect(outcome).toMatchObject({ ok: false, exitCode: 1, text: 'API Error: 401 invalid x-api-key' });
    expect(outcome.error).toMatchObject({ kind: 'auth', retryable: false });
  });

  it('reports the turn limit (error_max_turns, exit 1) as a non-auth failure', async () => {
    const { outcome } = await runWithFakeCli(engine, {}, { scenario: 'max-turns' });
    expect(outcome.ok).toBe(false);
    expect(outcome.error?.kind).toBe('exit_code');
    expect(outcome.error?.message).toContain('turn limit');
  });

  it('treats a clean exit without a result event as bad output', async () => {
    const { outcome } = await runWithFakeCli(engine, {}, { scenario: 'no-result' });
    expect(outcome.error?.kind).toBe('bad_output');
  });

  it('sends a prompt over the 128 KiB argument limit through stdin instead of argv', async () => {
    const prompt = `start ${'x'.repeat(140 * 1024)}`;
    const { outcome, record } = await runWithFakeCli(engine, { prompt });
    expect(outcome.ok).toBe(true);
    expect(record?.argv).not.toContain('--');
    expect(record?.stdinText === prompt).toBe(true);
  });

  it('sends a prompt of exactly 128 KiB through stdin: the kernel limit counts the terminating NUL', () => {
    const atLimit = 'x'.repeat(128 * 1024);
    const viaStdin = build({ prompt: atLimit });
    expect(viaStdin.input === atLimit).toBe(true);
    expect(viaStdin.args).not.toContain('--');
    const justUnder = build({ prompt: atLimit.slice(1) });
    expect(justUnder.input).toBeUndefined();
    expect(justUnder.args.at(-1)?.length).toBe(128 * 1024 - 1);
  });

  it('notes in the log the tool calls claude refused', async () => {
    const { stderr } = await runWithFakeCli(engine, {}, { scenario: 'denied' });
    expect(stderr).toContain('claude refused 1 tool call(s) outside its permissions: Write');
  });
});
