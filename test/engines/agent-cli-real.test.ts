// [real-cli] Maestro plans run through the REAL agent CLIs (installed once, pinned, into
// ${XDG_CACHE_HOME:-~/.cache}/maestro-test-clis) against the fake provider servers on 127.0.0.1. The
// model answers WRITE_FILE with a tool call, the CLI carries it out in the task's workdir, the plan's
// verify_command sees the file, and result.json holds the tokens the server reported.
// Set MAESTRO_SKIP_REAL_CLIS=1 to skip them; a CLI the registry refuses is skipped with the reason.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentCliEngines } from '../../src/engines/agent-cli/index.ts';
import type { EngineCall } from '../../src/engines/engine.ts';
import { createDefaultEngines, createEngineRegistry } from '../../src/engines/index.ts';
import { LocalExecutor } from '../../src/executors/local/local-executor.ts';
import { loadPlan } from '../../src/plan/index.ts';
import { type ExecutionProfile, runPlan } from '../../src/run/index.ts';
import { FAKEBIN, runWithFakeCli } from '../support/agent-cli/fake-cli.ts';
import {
  type AgentCliName,
  cliCacheRoot,
  type InstalledCli,
  installCli,
} from '../support/agent-cli/install-clis.ts';
import { makeTempDir } from '../support/cli.ts';
import {
  type FakeProviderServer,
  type FakeUsage,
  startFakeAnthropicServer,
  startFakeGeminiServer,
  startFakeOpenAIServer,
} from '../support/fake-providers/index.ts';
import { readResult } from '../support/run-dir.ts';

const SKIP_ALL = process.env.MAESTRO_SKIP_REAL_CLIS === '1';
const KEY_VARIABLE = 'MAESTRO_FAKE_PROVIDER_KEY';
const KEY = 'sk-maestro-fake-key';
const INSTALL_TIMEOUT_MS = 15 * 60_000;
const TURN_TIMEOUT_MS = 180_000;
const WRITTEN = 'hello from the fake model\n';

const parentEnv = { ...process.env, [KEY_VARIABLE]: KEY };
const engines = createAgentCliEngines({ parentEnv, stateRoot: join(cliCacheRoot(), 'state') });
const executor = new LocalExecutor({
  engines: createEngineRegistry([...createDefaultEngines(), ...engines]),
});

interface CliCase {
  name: AgentCliName;
  model: string;
  /** Engine options besides binary, base_url and api_key_env. */
  options: Record<string, unknown>;
  startServer: (options: {
    usage: Partial<FakeUsage>;
    writeFile: { path: string; content: string };
  }) => Promise<FakeProviderServer>;
  usage: Partial<FakeUsage>;
  /** The model requests whose usage the CLI adds up (opencode leaves out its title request). */
  countedRequests: (server: FakeProviderServer) => number;
  /** The CLI reports no tokens (copilot with a custom provider). */
  hasNoUsage?: boolean;
  /** qwen's write_file takes absolute paths only. */
  absolutePath?: boolean;
  profile: ExecutionProfile;
  allowedTools?: string[];
}

const allModelRequests = (server: FakeProviderServer) => server.modelRequests().length;
const openaiUsage = { inputTokens: 1000, cachedTokens: 200, outputTokens: 30 };

const CASES: CliCase[] = [
  {
    name: 'claude',
    model: 'sonnet',
    options: { max_retries: 0 },
    startServer: (options) => startFakeAnthropicServer({ ...options, apiKey: KEY }),
    usage: { inputTokens: 1000, cachedTokens: 200, cacheCreationTokens: 50, outputTokens: 30 },
    countedRequests: allModelRequests,
    // the grant is what lets claude write: dontAsk refuses everything not granted
    profile: 'plan',
    allowedTools: ['Write', 'Read'],
  },
  {
    name: 'codex',
    model: '5.5',
    options: { request_max_retries: 0, stream_max_retries: 0, ephemeral: true },
    startServer: (options) => startFakeOpenAIServer({ ...options, apiKey: KEY }),
    usage: openaiUsage,
    countedRequests: allModelRequests,
    profile: 'safe',
  },
  {
    name: 'gemini',
    model: 'pro',
    options: {},
    startServer: (options) => startFakeGeminiServer({ ...options, apiKey: KEY }),
    usage: openaiUsage,
    countedRequests: allModelRequests,
    profile: 'safe',
  },
  {
    name: 'qwen',
    model: 'fake-model',
    options: {},
    startServer: (options) => startFakeOpenAIServer({ ...options, apiKey: KEY }),
    usage: openaiUsage,
    countedRequests: allModelRequests,
    absolutePath: true,
    profile: 'safe',
  },
  {
    name: 'opencode',
    model: 'fake-model',
    options: {},
    startServer: (options) => startFakeOpenAIServer({ ...options, apiKey: KEY }),
    usage: openaiUsage,
    countedRequests: (server) =>
      server.modelRequests().filter((request) => !request.rawBody.includes('title generator')).length,
    profile: 'plan',
  },
  {
    name: 'copilot',
    model: 'fake-model',
    options: {},
    startServer: (options) => startFakeOpenAIServer({ ...options, apiKey: KEY }),
    usage: openaiUsage,
    countedRequests: allModelRequests,
    hasNoUsage: true,
    profile: 'safe',
  },
];

const installed = new Map<AgentCliName, InstalledCli>();
const cleanups: (() => void | Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe.skipIf(SKIP_ALL)('[real-cli] agent CLIs against fake provider servers', () => {
  beforeAll(async () => {
    // Sequential: the installs are big and npm is not faster in parallel here.
    for (const { name } of CASES) installed.set(name, await installCli(name));
  }, INSTALL_TIMEOUT_MS);

  for (const cliCase of CASES) {
    describe(cliCase.name, () => {
      it(
        `[real-cli] ${cliCase.name}: the model's tool call writes a file, verify_command sees it, tokens match the server`,
        async (context) => {
          const cli = installed.get(cliCase.name);
          if (!cli?.ok)
            context.skip(`${cliCase.name} is not installed: ${cli && !cli.ok ? cli.reason : 'unknown'}`);
          if (!cli?.ok) return;
          const result = await runWriteFilePlan(cliCase, cli.binary);
          expect(result.task).toMatchObject({ status: 'success', exit_code: 0 });
          expect(readFileSync(join(result.workdir, 'hello.txt'), 'utf8')).toBe(WRITTEN);
          expect(String(result.task.stdout_tail ?? '')).toContain('DONE: file written');
          const requests = cliCase.countedRequests(result.server);
          expect(requests).toBeGreaterThanOrEqual(2);
          if (cliCase.hasNoUsage) {
            expect(result.task.token_usage).toBeNull();
          } else {
            const usage = {
              inputTokens: 0,
              cachedTokens: 0,
              cacheCreationTokens: 0,
              outputTokens: 0,
              ...cliCase.usage,
            };
            const expected = {
              input_tokens: usage.inputTokens * requests,
              cached_tokens: usage.cachedTokens * requests,
              output_tokens: usage.outputTokens * requests,
              total_tokens:
                (usage.inputTokens + usage.cachedTokens + usage.cacheCreationTokens + usage.outputTokens) *
                requests,
            };
            expect(result.task.token_usage).toMatchObject(expected);
            if (usage.cacheCreationTokens > 0) {
              expect(result.task.token_usage).toMatchObject({
                cache_creation_tokens: usage.cacheCreationTokens * requests,
              });
            }
          }
          if (cliCase.name === 'claude') {
            // claude prices the turn itself (total_cost_usd); Maestro keeps that figure
            expect(result.task.cost_usd).toEqual(expect.any(Number));
            expect(result.task.cost_usd as number).toBeGreaterThan(0);
          }
          // the key reached the server through the variable named by api_key_env (else it answers 401)
          expect(result.server.modelRequests().every((request) => request.fault === undefined)).toBe(true);
        },
        TURN_TIMEOUT_MS,
      );

      it(
        `[real-cli] ${cliCase.name}: every flag the engine passes is one the CLI's --help lists`,
        async (context) => {
          const cli = installed.get(cliCase.name);
          if (!cli?.ok) context.skip(`${cliCase.name} is not installed`);
          if (!cli?.ok) return;
          const help = helpText(cliCase.name, cli.binary);
          const engine = engines.find((item) => item.name === cliCase.name)!;
          const flags = new Set<string>();
          for (const call of flagCoverageCalls()) {
            const { record } = await runWithFakeCli(engine as never, {
              ...call,
              options: { binary: join(FAKEBIN, cliCase.name), ...call.options },
            });
            for (const arg of record?.argv ?? []) {
              if (/^--?[A-Za-z]/.test(arg)) flags.add(arg.split('=')[0]!);
              if (arg === '--') break;
            }
          }
          const missing = [...flags].filter((flag) => !helpMentions(help, flag, cliCase.name));
          expect(missing).toEqual([]);
        },
        TURN_TIMEOUT_MS,
      );
    });
  }

  it(
    '[real-cli] claude: a tool outside allowed_tools is refused by the CLI, so the verify gate fails',
    async (context) => {
      const cli = installed.get('claude');
      if (!cli?.ok) context.skip('claude is not installed');
      if (!cli?.ok) return;
      const cliCase = { ...CASES[0]!, allowedTools: ['Read'], profile: 'yolo' as const };
      const result = await runWriteFilePlan(cliCase, cli.binary);
      expect(result.task.status).toBe('failed');
      expect(existsSync(join(result.workdir, 'hello.txt'))).toBe(false);
    },
    TURN_TIMEOUT_MS,
  );
});

describe.skipIf(SKIP_ALL)('[real-cli] codex structured output', () => {
  it(
    '[real-cli] codex: output_schema goes to the Responses API as text.format and the answer is that JSON',
    async (context) => {
      const cli = await installCli('codex');
      if (!cli.ok) context.skip(`codex is not installed: ${cli.reason}`);
      if (!cli.ok) return;
      const server = await startFakeOpenAIServer({ apiKey: KEY });
      cleanups.push(() => server.close());
      const temp = makeTempDir('maestro-real-codex-schema-');
      cleanups.push(temp.remove);
      const schema = {
        type: 'object',
        properties: { answer: { type: 'string' } },
        required: ['answer'],
        additionalProperties: false,
      };
      const codex = engines.find((item) => item.name === 'codex')!;
      const outcome = await codex.run(
        {
          taskId: 'schema',
          engine: 'codex',
          attempt: 1,
          cwd: temp.path,
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
          prompt: 'What is 2 + 2?',
          model: '5.5',
          outputSchema: schema,
          timeoutMs: 120_000,
          options: {
            binary: cli.binary,
            base_url: server.url,
            api_key_env: KEY_VARIABLE,
            isolate_state: true,
            offline: true,
            request_max_retries: 0,
            ephemeral: true,
          },
        },
        { signal: new AbortController().signal },
      );
      expect(outcome.ok).toBe(true);
      expect(JSON.parse(outcome.text)).toEqual({ answer: expect.any(String) });
      const body = server.modelRequests()[0]?.body as { text?: { format?: { schema?: unknown } } };
      expect(body.text?.format?.schema).toMatchObject({ properties: { answer: { type: 'string' } } });
    },
    TURN_TIMEOUT_MS,
  );
});

async function runWriteFilePlan(cliCase: CliCase, binary: string) {
  const temp = makeTempDir(`maestro-real-${cliCase.name}-`);
  cleanups.push(temp.remove);
  const workdir = join(temp.path, 'work');
  mkdirSync(workdir);
  const writeFile = {
    path: cliCase.absolutePath ? join(workdir, 'hello.txt') : 'hello.txt',
    content: WRITTEN,
  };
  const server = await cliCase.startServer({ usage: cliCase.usage, writeFile });
  cleanups.push(() => server.close());
  const defaults = {
    model: cliCase.model,
    binary,
    base_url: server.url,
    api_key_env: KEY_VARIABLE,
    options: { isolate_state: true, offline: true, ...cliCase.options },
  };
  const plan = {
    version: 1,
    name: `real-${cliCase.name}`,
    defaults: { [cliCase.name]: defaults },
    tasks: [
      {
        id: 'write',
        engine: cliCase.name,
        prompt: 'Please WRITE_FILE now.',
        workdir,
        timeout_sec: 150,
        verify_command: "grep -q 'hello from the fake model' hello.txt",
        ...(cliCase.allowedTools ? { allowed_tools: cliCase.allowedTools } : {}),
      },
    ],
  };
  const planPath = join(temp.path, 'plan.yaml');
  writeFileSync(planPath, JSON.stringify(plan, null, 2));
  const outcome = await runPlan(await loadPlan(planPath), {
    executor,
    runsDir: join(temp.path, '.maestro-runs'),
    cwd: temp.path,
    executionProfile: cliCase.profile,
    parentEnv,
  });
  return { outcome, task: readResult(outcome.runPath, 'write'), workdir, server };
}

// Calls that together make the engine emit each flag it knows.
function flagCoverageCalls(): Partial<EngineCall>[] {
  const base = {
    model: 'm',
    reasoningEffort: 'high',
    appendSystemPrompt: 'x',
    editPolicy: 'strict',
    agent: 'a',
  };
  return [
    { ...base, executionProfile: 'safe', options: { base_url: 'http://127.0.0.1:9/v1', offline: true } },
    { ...base, executionProfile: 'yolo', options: { ephemeral: true } },
    { ...base, allowedTools: ['read-only'] },
    { ...base, allowedTools: ['Read', 'Write'] },
    { ...base, outputSchema: { type: 'object' } },
  ];
}

function helpText(name: AgentCliName, binary: string): string {
  const env = {
    ...process.env,
    COPILOT_OFFLINE: 'true',
    COPILOT_AUTO_UPDATE: 'false',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  };
  // Some print their help on stderr (opencode's yargs), some exit non-zero after it.
  const run = (args: string[]) => {
    const result = spawnSync(binary, args, {
      encoding: 'utf8',
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    return `${result.stdout}\n${result.stderr}`;
  };
  if (name === 'codex') return run(['exec', '--help']);
  if (name === 'opencode') return run(['run', '--help']);
  return run(['--help']);
}

// Claude hides a few flags from --help that it still accepts (`--max-turns`, checked in the reference).
const HIDDEN_BUT_VALID: Partial<Record<AgentCliName, string[]>> = {
  claude: ['--max-turns'],
  codex: ['exec'],
};

function helpMentions(help: string, flag: string, name: AgentCliName): boolean {
  if (HIDDEN_BUT_VALID[name]?.includes(flag)) return true;
  return new RegExp(`(^|[\\s,])${flag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([\\s,=<[]|$)`, 'm').test(help);
}
