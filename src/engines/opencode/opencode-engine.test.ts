import { describe, expect, it } from 'vitest';
import { runWithFakeCli } from '../../../test/support/agent-cli/fake-cli.ts';
import { resolveAgentCliSettings } from '../agent-cli/agent-cli-settings.ts';
import { buildOpencodeInvocation } from './opencode-command.ts';
import { OpencodeEngine } from './opencode-engine.ts';

const engine = new OpencodeEngine({ parentEnv: { OC_KEY: 'o-key' } });

describe('OpencodeEngine', () => {
  it('sums the steps: tokens (cache reads apart, reasoning in output) and cost', async () => {
    const { outcome } = await runWithFakeCli(engine);
    expect(outcome).toMatchObject({
      ok: true,
      text: 'DONE: file written',
      sessionId: 'ses_fake1',
      toolCallCount: 1,
      usage: { input_tokens: 230, cached_tokens: 30, output_tokens: 60, total_tokens: 320 },
    });
    expect(outcome.costUsd).toBeCloseTo(0.003, 10);
  });

  it('registers base_url as an openai-compatible provider with the key as {env:VAR}', async () => {
    const { record } = await runWithFakeCli(engine, {
      model: 'fake-model',
      options: { base_url: 'http://127.0.0.1:9/v1', api_key_env: 'OC_KEY' },
    });
    const argv = record?.argv ?? [];
    expect(argv.slice(0, 5)).toEqual(['run', '--format', 'json', '-m', 'maestro/fake-model']);
    expect(argv.slice(-2)).toEqual(['--', 'do it']);
    const config = JSON.parse(record?.env.OPENCODE_CONFIG_CONTENT ?? '{}');
    expect(config.provider.maestro.options).toEqual({
      baseURL: 'http://127.0.0.1:9/v1',
      apiKey: '{env:OC_KEY}',
    });
    expect(record?.env.OC_KEY).toBe('o-key');
    expect(record?.stdin).toBe('/dev/null');
  });

  it('maps grants onto opencode permissions: everything denied but what is granted', async () => {
    const { record } = await runWithFakeCli(engine, { allowedTools: ['Read', 'Bash(git *)'] });
    const config = JSON.parse(record?.env.OPENCODE_CONFIG_CONTENT ?? '{}');
    expect(config.permission).toEqual({
      '*': 'deny',
      read: 'allow',
      list: 'allow',
      bash: { '*': 'deny', 'git *': 'allow' },
    });
    expect(record?.argv).toContain('--auto');
  });

  it('skips the tools of a category that opencode does not have, but refuses one named explicitly', () => {
    const resolved = resolveAgentCliSettings({});
    if (!('settings' in resolved)) throw new Error(resolved.problem);
    const build = (allowedTools: string[]) =>
      buildOpencodeInvocation({
        call: { taskId: 't', engine: 'opencode', attempt: 1, cwd: '/w', env: {}, prompt: 'hi', allowedTools },
        settings: resolved.settings,
        parentEnv: {},
        scratchDir: '/nonexistent/scratch',
        isRoot: false,
      });
    // no-shell stands for NotebookEdit too, which opencode does not have
    const noShell = build(['no-shell']);
    if ('unsupported' in noShell) throw new Error(noShell.unsupported);
    expect(JSON.parse(noShell.env.OPENCODE_CONFIG_CONTENT ?? '{}').permission).toEqual({
      '*': 'deny',
      read: 'allow',
      list: 'allow',
      glob: 'allow',
      grep: 'allow',
      edit: 'allow',
      webfetch: 'allow',
      websearch: 'allow',
      todowrite: 'allow',
      todoread: 'allow',
    });
    expect(build(['no-shell', 'NotebookEdit'])).toEqual({
      unsupported: "opencode cannot enforce the allowed_tools value 'NotebookEdit'",
    });
  });

  it('profiles: yolo adds --auto, safe denies shell and web access', async () => {
    const yolo = await runWithFakeCli(engine, { executionProfile: 'yolo' });
    expect(yolo.record?.argv).toContain('--auto');
    const safe = await runWithFakeCli(engine, { executionProfile: 'safe', args: ['--auto'] });
    expect(safe.record?.argv).not.toContain('--auto');
    expect(JSON.parse(safe.record?.env.OPENCODE_CONFIG_CONTENT ?? '{}').permission.bash).toBe('deny');
  });

  it('maps an error event with status 429 to rate_limited', async () => {
    const { outcome } = await runWithFakeCli(engine, {}, { scenario: 'api-error' });
    expect(outcome.error).toMatchObject({ kind: 'rate_limited' });
  });

  it('seeds an isolated config folder so opencode does not install its plugin package from npm', () => {
    const resolved = resolveAgentCliSettings({ isolate_state: true });
    if (!('settings' in resolved)) throw new Error(resolved.problem);
    const invocation = buildOpencodeInvocation({
      call: { taskId: 't', engine: 'opencode', attempt: 1, cwd: '/w', env: {}, prompt: 'hi' },
      settings: resolved.settings,
      parentEnv: {},
      stateDir: '/nonexistent/state',
      scratchDir: '/nonexistent/scratch',
      isRoot: false,
    });
    if ('unsupported' in invocation) throw new Error(invocation.unsupported);
    const lock = invocation.files?.find((file) => file.path.endsWith('.config/opencode/package-lock.json'));
    expect(JSON.parse(lock?.content ?? '{}').packages[''].dependencies).toHaveProperty('@opencode-ai/plugin');
    expect(invocation.files?.some((file) => file.path.includes('.config/opencode/node_modules/'))).toBe(true);
  });
});
