import { describe, expect, it } from 'vitest';
import { runWithFakeCli } from '../../../test/support/agent-cli/fake-cli.ts';
import { QwenEngine } from './qwen-engine.ts';

const engine = new QwenEngine({ parentEnv: { QWEN_KEY: 'q-key' } });

describe('QwenEngine', () => {
  it('runs the `qwen` binary (not qwen-code) and reads its Claude-shaped stream', async () => {
    expect(new QwenEngine().name).toBe('qwen');
    const { outcome } = await runWithFakeCli(engine);
    expect(outcome).toMatchObject({
      ok: true,
      text: 'DONE: file written',
      sessionId: 'qwen-session-1',
      toolCallCount: 1,
      // qwen's input_tokens (240) include the 20 cached ones
      usage: { input_tokens: 220, cached_tokens: 20, output_tokens: 60, total_tokens: 300 },
    });
  });

  it('treats `[API Error: ...]` text with exit 0 as a failure', async () => {
    const { outcome } = await runWithFakeCli(engine, {}, { scenario: 'api-error' });
    expect(outcome).toMatchObject({ ok: false, exitCode: 0 });
    expect(outcome.error).toMatchObject({ kind: 'exit_code', retryable: false });
    expect(outcome.error?.message).toContain('[API Error: 400 bad request]');
  });

  it('builds the command: alias, openai auth for base_url, appended system prompt, --prompt=', async () => {
    const { record } = await runWithFakeCli(engine, {
      model: 'coder',
      appendSystemPrompt: 'Be terse.',
      executionProfile: 'safe',
      args: ['--yolo'],
      options: { base_url: 'http://127.0.0.1:9/v1', api_key_env: 'QWEN_KEY' },
    });
    expect(record?.argv).toEqual([
      '-o',
      'stream-json',
      '-m',
      'qwen-coder-plus',
      '--approval-mode',
      'auto-edit',
      '--auth-type',
      'openai',
      '--append-system-prompt=Be terse.',
      '--prompt=do it',
    ]);
    expect(record?.env.OPENAI_BASE_URL).toBe('http://127.0.0.1:9/v1');
    expect(record?.env.OPENAI_API_KEY).toBe('q-key');
    expect(record?.stdin).toBe('/dev/null');
  });

  it('maps grants onto its core-tool allowlist (yolo inside it) and refuses shell patterns', async () => {
    const { record } = await runWithFakeCli(engine, { allowedTools: ['Read', 'Write'] });
    const argv = record?.argv ?? [];
    expect(argv.slice(argv.indexOf('--core-tools'), argv.indexOf('--exclude-tools'))).toEqual([
      '--core-tools',
      'read_file',
      'list_directory',
      'write_file',
    ]);
    expect(argv.join(' ')).toContain('--approval-mode yolo');
    const refused = await runWithFakeCli(engine, { allowedTools: ['Bash(git *)'] });
    expect(refused.record).toBeUndefined();
    expect(refused.outcome.error?.kind).toBe('unsupported');
  });
});
