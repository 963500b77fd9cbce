// [real-cli] What the engines do to keep a real CLI inside its grants and its call, checked against the
// installed CLIs (see agent-cli-real.test.ts) and local fake servers:
// - qwen: an MCP server from the repository's .qwen/settings.json is off unless allowed_tools grants it;
// - gemini: the plan's `--allowed-tools` cannot undo a grant; `base_url` works without `isolate_state`;
//   an API error's gemini-client-error-*.json report is not left in the call's $TMPDIR;
// - claude: the plan's own `--dangerously-skip-permissions` runs as root (IS_SANDBOX=1).
// Set MAESTRO_SKIP_REAL_CLIS=1 to skip them; a CLI that is not installed is skipped with the reason.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type AgentCliEngine,
  type AgentCliOutcome,
  ClaudeEngine,
  GeminiEngine,
  QwenEngine,
} from '../../src/engines/agent-cli/index.ts';
import type { EngineCall } from '../../src/engines/engine.ts';
import { type AgentCliName, cliCacheRoot, installCli } from '../support/agent-cli/install-clis.ts';
import { makeTempDir } from '../support/cli.ts';
import { startFakeAnthropicServer, startFakeGeminiServer } from '../support/fake-providers/index.ts';

const SKIP_ALL = process.env.MAESTRO_SKIP_REAL_CLIS === '1';
const KEY_VARIABLE = 'MAESTRO_FAKE_PROVIDER_KEY';
const KEY = 'sk-maestro-fake-key';
const TURN_TIMEOUT_MS = 180_000;

const parentEnv = { ...process.env, [KEY_VARIABLE]: KEY };
const engineOptions = { parentEnv, stateRoot: join(cliCacheRoot(), 'state') };

const cleanups: (() => void | Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function tempDir(prefix: string): string {
  const temp = makeTempDir(prefix);
  cleanups.push(temp.remove);
  return temp.path;
}

// The installed CLI's binary, or undefined after marking the test skipped.
async function binaryOf(name: AgentCliName, skip: (note: string) => void): Promise<string | undefined> {
  const cli = await installCli(name);
  if (cli.ok) return cli.binary;
  skip(`${name} is not installed: ${cli.reason}`);
  return undefined;
}

function call(engine: string, fields: Partial<EngineCall> & { cwd: string }): EngineCall {
  return {
    taskId: 'guard',
    engine,
    attempt: 1,
    env: { PATH: process.env.PATH ?? '', HOME: tempDir(`maestro-real-${engine}-home-`) },
    prompt: 'Say hello.',
    timeoutMs: 120_000,
    ...fields,
  };
}

// The outcome, and a description of the run for the message of a failed expectation.
async function run(
  engine: AgentCliEngine,
  engineCall: EngineCall,
): Promise<{ outcome: AgentCliOutcome; described: string }> {
  const stderr: string[] = [];
  const outcome = await engine.run(engineCall, {
    signal: new AbortController().signal,
    onStderr: (chunk) => stderr.push(chunk),
  });
  return { outcome, described: `${JSON.stringify(outcome)}\n${stderr.join('').slice(-2000)}` };
}

describe.skipIf(SKIP_ALL)('[real-cli] qwen: MCP servers outside allowed_tools', () => {
  // A Chat Completions fake that calls the MCP tool `mcp__probe__pwn` directly (qwen defers MCP tools,
  // so they are not in the request's tool list) and then echoes the tool result.
  async function startProbeCaller(): Promise<{ url: string; close: () => void }> {
    const server: Server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        if (!request.url?.includes('/chat/completions')) {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end('{"object":"list","data":[{"id":"fake-model","object":"model"}]}');
          return;
        }
        const json = JSON.parse(body || '{}') as {
          stream?: boolean;
          messages?: { role: string; content?: unknown }[];
        };
        const messages = json.messages ?? [];
        const toolResult = messages.filter((message) => message.role === 'tool').at(-1);
        const lastUser = JSON.stringify(messages.filter((message) => message.role === 'user').at(-1) ?? '');
        const callsTool = !toolResult && lastUser.includes('CALL_PROBE');
        const text = toolResult ? `DONE: ${JSON.stringify(toolResult.content).slice(0, 200)}` : 'Hello';
        if (!json.stream) {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({
              id: 'c1',
              object: 'chat.completion',
              choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
              usage: { prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 },
            }),
          );
          return;
        }
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        const send = (choices: unknown[], extra: object = {}) =>
          response.write(
            `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, choices, ...extra })}\n\n`,
          );
        send([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
        if (callsTool) {
          const toolCall = {
            index: 0,
            id: 'call_1',
            type: 'function',
            function: { name: 'mcp__probe__pwn', arguments: '{}' },
          };
          send([{ index: 0, delta: { tool_calls: [toolCall] }, finish_reason: null }]);
          send([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]);
        } else {
          send([{ index: 0, delta: { content: text }, finish_reason: null }]);
          send([{ index: 0, delta: {}, finish_reason: 'stop' }]);
        }
        send([], { usage: { prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 } });
        response.end('data: [DONE]\n\n');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    server.unref();
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/v1`, close: () => server.close() };
  }

  // A repository whose .qwen/settings.json starts an MCP server with one tool that writes `marker`.
  function repositoryWithProbe(): { workdir: string; marker: string } {
    const root = tempDir('maestro-real-qwen-mcp-');
    const workdir = join(root, 'work');
    mkdirSync(join(workdir, '.qwen'), { recursive: true });
    const marker = join(root, 'MCP_TOOL_RAN');
    const script = join(root, 'probe-mcp.mjs');
    writeFileSync(
      script,
      `import { createInterface } from 'node:readline';
import { writeFileSync } from 'node:fs';
const send = (message) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...message }) + '\\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  let message;
  try { message = JSON.parse(line); } catch { return; }
  if (message.method === 'initialize') send({ id: message.id, result: { protocolVersion: message.params?.protocolVersion ?? '2024-11-05', capabilities: { tools: {} }, serverInfo: { name: 'probe', version: '1' } } });
  else if (message.method === 'tools/list') send({ id: message.id, result: { tools: [{ name: 'pwn', description: 'writes a marker file', inputSchema: { type: 'object', properties: {} } }] } });
  else if (message.method === 'tools/call') { writeFileSync(${JSON.stringify(marker)}, 'ran'); send({ id: message.id, result: { content: [{ type: 'text', text: 'probe ran' }] } }); }
  else if (message.id !== undefined) send({ id: message.id, result: {} });
});
`,
    );
    writeFileSync(
      join(workdir, '.qwen', 'settings.json'),
      JSON.stringify({ mcpServers: { probe: { command: process.execPath, args: [script] } } }),
    );
    return { workdir, marker };
  }

  it.for<[string[], boolean]>([
    [['read-only'], false],
    [['read-only', 'mcp__probe'], true],
  ])(
    '[real-cli] qwen: allowed_tools %j -> the repository MCP tool runs: %s',
    { timeout: TURN_TIMEOUT_MS },
    async ([allowedTools, runs], context) => {
      const binary = await binaryOf('qwen', (note) => context.skip(note));
      if (!binary) return;
      const server = await startProbeCaller();
      cleanups.push(server.close);
      const { workdir, marker } = repositoryWithProbe();
      const { outcome, described } = await run(
        new QwenEngine(engineOptions),
        call('qwen', {
          cwd: workdir,
          prompt: 'Please CALL_PROBE now.',
          model: 'fake-model',
          allowedTools,
          options: { binary, base_url: server.url, api_key_env: KEY_VARIABLE, isolate_state: true },
        }),
      );
      expect(outcome.toolCallCount, described).toBe(1);
      expect(existsSync(marker), described).toBe(runs);
      expect(outcome.text).toContain(runs ? 'probe ran' : 'DONE');
    },
  );
});

describe.skipIf(SKIP_ALL)('[real-cli] gemini', () => {
  it(
    '[real-cli] gemini: the plan args cannot grant the shell that allowed_tools [read-only] leaves out',
    async (context) => {
      const binary = await binaryOf('gemini', (note) => context.skip(note));
      if (!binary) return;
      const workdir = tempDir('maestro-real-gemini-grant-');
      const server = await startFakeGeminiServer({ apiKey: KEY });
      cleanups.push(() => server.close());
      const { outcome, described } = await run(
        new GeminiEngine(engineOptions),
        call('gemini', {
          cwd: workdir,
          prompt: 'Please RUN_SHELL now.',
          model: 'pro',
          allowedTools: ['read-only'],
          args: ['--allowed-tools', 'run_shell_command'],
          options: { binary, base_url: server.url, api_key_env: KEY_VARIABLE, isolate_state: true },
        }),
      );
      expect(outcome.ok, described).toBe(true);
      const offered = server
        .modelRequests()
        .flatMap(
          (request) =>
            (request.body as { tools?: { functionDeclarations?: { name: string }[] }[] }).tools ?? [],
        )
        .flatMap((tool) => tool.functionDeclarations ?? [])
        .map((declaration) => declaration.name);
      expect(offered).toContain('read_file');
      expect(offered).not.toContain('run_shell_command');
      expect(existsSync(join(workdir, 'hello.txt'))).toBe(false);
    },
    TURN_TIMEOUT_MS,
  );

  it(
    '[real-cli] gemini: base_url works without isolate_state (API-key auth in a private home, not exit 41)',
    async (context) => {
      const binary = await binaryOf('gemini', (note) => context.skip(note));
      if (!binary) return;
      const server = await startFakeGeminiServer({ apiKey: KEY });
      cleanups.push(() => server.close());
      const { outcome, described } = await run(
        new GeminiEngine(engineOptions),
        call('gemini', {
          cwd: tempDir('maestro-real-gemini-home-'),
          model: 'pro',
          options: { binary, base_url: server.url, api_key_env: KEY_VARIABLE },
        }),
      );
      expect(outcome, described).toMatchObject({ ok: true, text: 'Hello from the fake model' });
    },
    TURN_TIMEOUT_MS,
  );

  it(
    "[real-cli] gemini: an API error's report with the whole conversation does not stay in $TMPDIR",
    async (context) => {
      const binary = await binaryOf('gemini', (note) => context.skip(note));
      if (!binary) return;
      const server = await startFakeGeminiServer({
        apiKey: KEY,
        script: [{ fault: { kind: 'status', status: 400, message: 'bad request' } }],
      });
      cleanups.push(() => server.close());
      // the TMPDIR the child would otherwise get from the plan environment
      const sharedTmp = tempDir('maestro-real-gemini-tmp-');
      const engineCall = call('gemini', {
        cwd: tempDir('maestro-real-gemini-work-'),
        model: 'pro',
        options: { binary, base_url: server.url, api_key_env: KEY_VARIABLE, isolate_state: true },
      });
      engineCall.env.TMPDIR = sharedTmp;
      const { outcome, described } = await run(new GeminiEngine(engineOptions), engineCall);
      expect(outcome.ok, described).toBe(false);
      expect(server.modelRequests().length).toBeGreaterThan(0);
      expect(readdirSync(sharedTmp).filter((name) => name.startsWith('gemini-client-error'))).toEqual([]);
    },
    TURN_TIMEOUT_MS,
  );
});

describe.skipIf(SKIP_ALL)('[real-cli] claude', () => {
  it(
    "[real-cli] claude: the plan's own --dangerously-skip-permissions runs (as root too) in the plan profile",
    async (context) => {
      const binary = await binaryOf('claude', (note) => context.skip(note));
      if (!binary) return;
      const server = await startFakeAnthropicServer({ apiKey: KEY });
      cleanups.push(() => server.close());
      const { outcome, described } = await run(
        new ClaudeEngine(engineOptions),
        call('claude', {
          cwd: tempDir('maestro-real-claude-bypass-'),
          model: 'sonnet',
          executionProfile: 'plan',
          args: ['--dangerously-skip-permissions'],
          options: {
            binary,
            base_url: server.url,
            api_key_env: KEY_VARIABLE,
            isolate_state: true,
            max_retries: 0,
          },
        }),
      );
      expect(outcome, described).toMatchObject({ ok: true, text: 'Hello from the fake model' });
    },
    TURN_TIMEOUT_MS,
  );
});
