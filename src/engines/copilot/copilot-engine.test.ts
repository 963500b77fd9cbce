import { describe, expect, it } from 'vitest';
import { runWithFakeCli } from '../../../test/support/agent-cli/fake-cli.ts';
import { resolveAgentCliSettings } from '../agent-cli/agent-cli-settings.ts';
import { buildCopilotInvocation } from './copilot-command.ts';
import { CopilotEngine } from './copilot-engine.ts';

const engine = new CopilotEngine({ parentEnv: { BYOK_KEY: 'c-key' } });

describe('CopilotEngine', () => {
  it('reads the json events: streamed deltas, the last message, tool requests, the session id', async () => {
    const { outcome, stdout } = await runWithFakeCli(engine);
    expect(outcome).toMatchObject({
      ok: true,
      text: 'DONE: file written',
      toolCallCount: 1,
      sessionId: 'copilot-session-1',
    });
    expect(outcome.usage).toBeUndefined();
    expect(stdout).toContain('DONE: file written');
  });

  it('uses --allow-all-tools only in yolo, --allow-tool=write in safe, nothing in plan', async () => {
    const yolo = await runWithFakeCli(engine, { executionProfile: 'yolo' });
    expect(yolo.record?.argv).toContain('--allow-all-tools');
    const safe = await runWithFakeCli(engine, { executionProfile: 'safe', args: ['--yolo'] });
    expect(safe.record?.argv).toContain('--allow-tool=write');
    expect(safe.record?.argv).not.toContain('--allow-all-tools');
    expect(safe.record?.argv).not.toContain('--yolo');
    const plan = await runWithFakeCli(engine, { executionProfile: 'plan', model: 'sonnet' });
    expect(plan.record?.argv.some((arg) => arg.startsWith('--allow'))).toBe(false);
    expect(plan.record?.argv).toContain('claude-sonnet-4.6');
  });

  it('maps grants onto --allow-tool permissions, never --allow-all-tools', async () => {
    const { record } = await runWithFakeCli(engine, {
      executionProfile: 'yolo',
      allowedTools: ['Read', 'Write', 'Bash(git *)', 'mcp__probe__echo'],
    });
    const argv = record?.argv ?? [];
    expect(argv.filter((arg) => arg.startsWith('--allow'))).toEqual([
      '--allow-tool=write',
      '--allow-tool=shell(git:*)',
      '--allow-tool=probe(echo)',
    ]);
    const refused = await runWithFakeCli(engine, { allowedTools: ['src-scoped'] });
    expect(refused.outcome.error?.kind).toBe('unsupported');
  });

  it('skips the tools of a category that copilot does not have, but refuses one named explicitly', () => {
    const resolved = resolveAgentCliSettings({});
    if (!('settings' in resolved)) throw new Error(resolved.problem);
    const build = (allowedTools: string[]) =>
      buildCopilotInvocation({
        call: { taskId: 't', engine: 'copilot', attempt: 1, cwd: '/w', env: {}, prompt: 'hi', allowedTools },
        settings: resolved.settings,
        parentEnv: {},
        scratchDir: '/nonexistent/scratch',
        isRoot: false,
      });
    // no-shell stands for NotebookEdit, WebSearch and TodoWrite too, which copilot has no permission for
    const noShell = build(['no-shell']);
    if ('unsupported' in noShell) throw new Error(noShell.unsupported);
    expect(noShell.args.filter((arg) => arg.startsWith('--allow'))).toEqual([
      '--allow-tool=write',
      '--allow-tool=url',
    ]);
    expect(build(['no-shell', 'NotebookEdit'])).toEqual({
      unsupported: "copilot cannot enforce the allowed_tools value 'NotebookEdit'",
    });
  });

  it('configures BYOK from base_url and api_key_env', async () => {
    const { record } = await runWithFakeCli(engine, {
      model: 'fake-model',
      options: { base_url: 'http://127.0.0.1:9/v1', api_key_env: 'BYOK_KEY', offline: true },
    });
    expect(record?.env).toMatchObject({
      COPILOT_PROVIDER_BASE_URL: 'http://127.0.0.1:9/v1',
      COPILOT_PROVIDER_TYPE: 'openai',
      COPILOT_PROVIDER_API_KEY: 'c-key',
      COPILOT_MODEL: 'fake-model',
      COPILOT_OFFLINE: 'true',
      COPILOT_AUTO_UPDATE: 'false',
    });
  });

  it('maps session.error with status 401 to auth', async () => {
    const { outcome } = await runWithFakeCli(engine, {}, { scenario: 'api-error' });
    expect(outcome.error).toMatchObject({ kind: 'auth' });
  });
});
