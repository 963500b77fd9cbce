// A real plan run through the built CLI with the four HTTP engines, each pointed at its fake provider
// server by `defaults.<engine>.base_url`; the keys come from the environment variables the plan names.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, projectRoot, runMaestro } from '../support/cli.ts';
import {
  type FakeProviderServer,
  startFakeAnthropicServer,
  startFakeGeminiServer,
  startFakeOllamaServer,
  startFakeOpenAIServer,
} from '../support/fake-providers/index.ts';
import { onlyRunDirectory, readManifest, readResult } from '../support/run-dir.ts';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function track(start: Promise<FakeProviderServer>): Promise<FakeProviderServer> {
  const server = await start;
  cleanups.push(() => server.close());
  return server;
}

describe('HTTP engines in a plan run', () => {
  it('runs openai, anthropic, google and ollama tasks against their fake servers and records their tokens', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const openai = await track(startFakeOpenAIServer({ apiKey: 'sk-e2e-openai', script: ['500'] }));
    const anthropic = await track(
      startFakeAnthropicServer({
        usage: { inputTokens: 40, cachedTokens: 300, cacheCreationTokens: 20, outputTokens: 9 },
      }),
    );
    const google = await track(startFakeGeminiServer({ reply: 'Hello from Gemini' }));
    const ollama = await track(startFakeOllamaServer({ reply: 'Hello from Ollama' }));
    const plan = join(dir.path, 'plan.yaml');
    writeFileSync(
      plan,
      [
        'version: 1',
        'name: http-engines',
        'max_parallel: 4',
        'defaults:',
        '  timeout_sec: 30',
        '  openai:',
        '    model: gpt-4.1-mini',
        `    base_url: ${openai.url}`,
        '    api_key_env: MAESTRO_E2E_OPENAI_KEY',
        '    options: {temperature: 0, seed: 7, retry_base_delay_ms: 10}',
        '  anthropic:',
        `    base_url: ${anthropic.url}`,
        '  google:',
        `    base_url: ${google.url}`,
        '  ollama:',
        `    base_url: ${ollama.url}`,
        '    options: {num_ctx: 4096}',
        'tasks:',
        '  - id: ask-openai',
        '    engine: openai',
        '    prompt: "Say hello"',
        '  - id: follow-up',
        '    engine: openai',
        '    depends_on: [ask-openai]',
        '    prompt: "Repeat this: {{ ask-openai.output }}"',
        '  - id: ask-anthropic',
        '    engine: anthropic',
        '    model: claude-sonnet-4-5',
        '    prompt: "Say hello"',
        '  - id: ask-google',
        '    engine: google',
        '    prompt: "Say hello"',
        '  - id: ask-ollama',
        '    engine: ollama',
        '    model: llama3.2',
        '    prompt: "Say hello"',
        '',
      ].join('\n'),
    );
    const result = await runMaestro(['run', plan, '--run-dir', join(dir.path, 'runs')], {
      cwd: dir.path,
      env: { MAESTRO_E2E_OPENAI_KEY: 'sk-e2e-openai' },
    });
    expect(result.stderr).not.toMatch(/E0\d\d/);
    expect(result.code).toBe(0);
    const runPath = onlyRunDirectory(join(dir.path, 'runs'));

    expect(readResult(runPath, 'ask-openai')).toMatchObject({
      status: 'success',
      stdout_tail: 'Hello from the fake model',
      token_usage: {
        input_tokens: 110,
        cached_tokens: 10,
        output_tokens: 30,
        cache_creation_tokens: 0,
        total_tokens: 150,
      },
    });
    expect(readResult(runPath, 'follow-up').token_usage).toMatchObject({ total_tokens: 150 });
    expect(readResult(runPath, 'ask-anthropic')).toMatchObject({
      status: 'success',
      token_usage: {
        input_tokens: 40,
        cached_tokens: 300,
        cache_creation_tokens: 20,
        output_tokens: 9,
        total_tokens: 369,
      },
    });
    expect(readResult(runPath, 'ask-google')).toMatchObject({
      status: 'success',
      stdout_tail: 'Hello from Gemini',
      token_usage: { input_tokens: 110, cached_tokens: 10, output_tokens: 30, total_tokens: 150 },
    });
    expect(readResult(runPath, 'ask-ollama')).toMatchObject({
      status: 'success',
      stdout_tail: 'Hello from Ollama',
      token_usage: { input_tokens: 120, cached_tokens: 0, output_tokens: 30, total_tokens: 150 },
    });

    // The 500 was retried inside the engine call: one task attempt, two requests.
    expect(readResult(runPath, 'ask-openai').retry_count).toBe(0);
    const openaiRequests = openai.modelRequests();
    expect(openaiRequests).toHaveLength(3);
    expect(openaiRequests.every((request) => request.headers.authorization === 'Bearer sk-e2e-openai')).toBe(
      true,
    );
    expect(openaiRequests[1]!.body).toMatchObject({ model: 'gpt-4.1-mini', temperature: 0, seed: 7 });
    expect(JSON.stringify(openaiRequests[2]!.body)).toContain('Repeat this: Hello from the fake model');
    expect(ollama.modelRequests()[0]!.body).toMatchObject({ options: { num_ctx: 4096 } });
  });
});

// examples/engines/*.yaml run as written, with only the documented environment variables pointing them at
// the fake servers.
const EXAMPLES = [
  {
    file: 'openai.yaml',
    start: startFakeOpenAIServer,
    env: (url: string) => ({ OPENAI_BASE_URL: url, OPENAI_API_KEY: 'sk-example' }),
  },
  {
    file: 'anthropic.yaml',
    start: startFakeAnthropicServer,
    env: (url: string) => ({ ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: 'sk-example' }),
  },
  {
    file: 'google.yaml',
    start: startFakeGeminiServer,
    env: (url: string) => ({ GOOGLE_GEMINI_BASE_URL: url, GEMINI_API_KEY: 'example' }),
  },
  {
    file: 'ollama.yaml',
    start: startFakeOllamaServer,
    env: (url: string) => ({ OLLAMA_HOST: url.replace('http://', '') }),
  },
];

describe('examples/engines', () => {
  it.each(EXAMPLES)('$file runs against its fake server', async ({ file, start, env }) => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const server = await track(start({}));
    const runs = join(dir.path, 'runs');
    const result = await runMaestro(
      ['run', join(projectRoot, 'examples', 'engines', file), '--run-dir', runs],
      {
        cwd: dir.path,
        env: env(server.url),
      },
    );
    expect(result.code).toBe(0);
    const manifest = readManifest(onlyRunDirectory(runs));
    const results = Object.values(manifest.task_results);
    expect(results.length).toBeGreaterThan(1);
    expect(results.every((task) => task.status === 'success')).toBe(true);
    expect(server.modelRequests()).toHaveLength(results.length);
  });
});
