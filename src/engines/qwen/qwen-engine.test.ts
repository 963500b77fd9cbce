import { describe, expect, it } from 'vitest';
import { runWithFakeCli } from '../../../test/support/agent-cli/fake-cli.ts';
import type { AgentCliInvocation, AgentStreamSink } from '../agent-cli/agent-cli-definition.ts';
import { resolveAgentCliSettings } from '../agent-cli/agent-cli-settings.ts';
import type { EngineCall } from '../engine.ts';
import { buildQwenInvocation, NO_CORE_TOOL, NO_MCP_SERVER } from './qwen-command.ts';
import { QwenEngine } from './qwen-engine.ts';
import { QwenStreamParser } from './qwen-stream-parser.ts';

const engine = new QwenEngine({ parentEnv: { QWEN_KEY: 'q-key' } });

function build(call: Partial<EngineCall>): AgentCliInvocation | { unsupported: string } {
  const resolved = resolveAgentCliSettings({});
  if (!('settings' in resolved)) throw new Error(resolved.problem);
  return buildQwenInvocation({
    call: { taskId: 't', engine: 'qwen', attempt: 1, cwd: '/w', env: {}, prompt: 'hi', ...call },
    settings: resolved.settings,
    parentEnv: {},
    scratchDir: '/nonexistent/scratch',
    isRoot: false,
  });
}

function argsOf(call: Partial<EngineCall>): string[] {
  const invocation = build(call);
  if ('unsupported' in invocation) throw new Error(invocation.unsupported);
  return invocation.args;
}

// The values of a qwen array flag: the arguments after it up to the next flag.
function flagValues(args: string[], flag: string): string[] {
  const start = args.indexOf(flag);
  if (start < 0) return [];
  const end = args.findIndex((arg, index) => index > start && arg.startsWith('-'));
  return args.slice(start + 1, end < 0 ? undefined : end);
}

const silentSink: AgentStreamSink = { text() {}, toolCall() {}, done() {}, note() {} };

function parse(events: unknown[]) {
  const parser = new QwenStreamParser();
  for (const event of events) parser.push(JSON.stringify(event), silentSink);
  return parser.finish({ exitCode: 0, stderr: '' });
}

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
    expect(flagValues(argv, '--core-tools')).toEqual(['read_file', 'list_directory', 'write_file']);
    expect(argv.join(' ')).toContain('--approval-mode yolo');
    const refused = await runWithFakeCli(engine, { allowedTools: ['Bash(git *)'] });
    expect(refused.record).toBeUndefined();
    expect(refused.outcome.error?.kind).toBe('unsupported');
  });

  it('blocks MCP servers and the non-core tools, which --core-tools does not cover, unless granted', () => {
    const readOnly = argsOf({ allowedTools: ['read-only'] });
    expect(flagValues(readOnly, '--core-tools')).toEqual([
      'read_file',
      'list_directory',
      'glob',
      'grep_search',
    ]);
    // a name that matches no server: the repository's .qwen/settings.json servers stay off
    expect(flagValues(readOnly, '--allowed-mcp-server-names')).toEqual([NO_MCP_SERVER]);
    expect(flagValues(readOnly, '--exclude-tools')).toEqual([
      'agent',
      'skill',
      'tool_search',
      'task_stop',
      'send_message',
      'ask_user_question',
      'exit_plan_mode',
    ]);
    expect(flagValues(readOnly, '--approval-mode')).toEqual(['yolo']);

    // a granted server is the only one started; tool_search stays, qwen defers MCP tools behind it
    const withServer = argsOf({ allowedTools: ['Read', 'mcp__probe'] });
    expect(flagValues(withServer, '--allowed-mcp-server-names')).toEqual(['probe']);
    expect(flagValues(withServer, '--exclude-tools')).not.toContain('tool_search');
    // only a server: an empty --core-tools would allow every built-in tool
    const serverOnly = argsOf({ allowedTools: ['mcp__probe'] });
    expect(flagValues(serverOnly, '--core-tools')).toEqual([NO_CORE_TOOL]);

    const oneTool = build({ allowedTools: ['mcp__probe__echo'] });
    expect(oneTool).toMatchObject({ unsupported: expect.stringContaining('whole MCP server (mcp__probe)') });
  });

  it('drops plan args that would widen the grants: tool and server lists with all their values, --bare', () => {
    const invocation = build({
      allowedTools: ['read-only'],
      args: [
        '--allowed-mcp-server-names',
        'probe',
        'other',
        '--core-tools=run_shell_command',
        'edit',
        '--bare',
        '--max-session-turns',
        '3',
      ],
    });
    if ('unsupported' in invocation) throw new Error(invocation.unsupported);
    expect(flagValues(invocation.args, '--allowed-mcp-server-names')).toEqual([NO_MCP_SERVER]);
    expect(invocation.args).not.toContain('probe');
    expect(invocation.args).not.toContain('run_shell_command');
    expect(invocation.args).not.toContain('--bare');
    expect(invocation.args.slice(-3)).toEqual(['--max-session-turns', '3', '--prompt=hi']);
    expect(invocation.notes?.join('\n')).toContain('dropped --allowed-mcp-server-names probe other');
  });

  it('fails only on a final text that starts with [API Error, not on one that mentions it', () => {
    const result = (text: string) => ({ type: 'result', subtype: 'success', is_error: false, result: text });
    const assistant = (text: string) => ({
      type: 'assistant',
      message: { content: [{ type: 'text', text }] },
    });
    const quoted = 'The log says "[API Error: 500 upstream]" twice; fixed the retry.';
    expect(parse([assistant(quoted), result(quoted)]).error).toBeUndefined();
    // an earlier message (a retried call, a quote) does not latch once the turn ends well
    const recovered = parse([
      assistant('[API Error: 429 slow down]'),
      assistant('All done.'),
      result('All done.'),
    ]);
    expect(recovered).toMatchObject({ text: 'All done.' });
    expect(recovered.error).toBeUndefined();
    const failed = parse([assistant('[API Error: 400 bad request]'), result('[API Error: 400 bad request]')]);
    expect(failed.error).toMatchObject({ kind: 'exit_code', message: '[API Error: 400 bad request]' });
  });
});
