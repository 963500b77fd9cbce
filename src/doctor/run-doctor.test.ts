// Doctor against a PATH of fake executables (tiny scripts answering --version) and a local HTTP server.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeOllamaHost } from './doctor-engines.ts';
import { findExecutable } from './find-executable.ts';
import { formatDoctorReport } from './format-doctor-report.ts';
import { type DoctorReport, runDoctor } from './run-doctor.ts';

let folder: string;
let bin: string;
let server: Server;
let port: number;
let closedPort: number;
const requests: { url: string; headers: IncomingHttpHeaders }[] = [];

function script(name: string, body: string, mode = 0o755) {
  const path = join(bin, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, mode);
}

async function listen(target: Server): Promise<number> {
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  return (target.address() as AddressInfo).port;
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'maestro-doctor-'));
  bin = join(folder, 'bin');
  mkdirSync(bin);
  mkdirSync(join(folder, 'empty'));
  script('claude', 'echo "2.1.197 (Claude Code)"');
  script('codex', 'echo "codex-cli 0.169.0" >&2');
  script('gemini', 'echo "unknown flag" >&2; exit 2');
  script('qwen', '/bin/sleep 30');
  script('copilot', 'echo 1.0.102', 0o644);
  server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', headers: request.headers });
    if (request.url === '/api/version') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"version":"0.12.3"}');
    } else if (request.url === '/v1/models') {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"no key"}');
    } else {
      response.writeHead(404).end();
    }
  });
  port = await listen(server);
  const closed = createServer();
  closedPort = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(folder, { recursive: true, force: true });
});

function environment(): Record<string, string> {
  return {
    PATH: bin,
    OLLAMA_HOST: `127.0.0.1:${port}`,
    OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
    ANTHROPIC_BASE_URL: `http://user:hunter2@127.0.0.1:${port}`,
    GOOGLE_GEMINI_BASE_URL: `http://127.0.0.1:${closedPort}`,
    ANTHROPIC_API_KEY: 'sk-ant-do-not-print',
    GEMINI_API_KEY: '   ',
    MAESTRO_LLAMA_MODULE: join(folder, 'empty'),
  };
}

describe('runDoctor', () => {
  let report: DoctorReport;
  let byName: (name: string) => DoctorReport['engines'][number];

  beforeAll(async () => {
    report = await runDoctor({ env: environment(), versionTimeoutMs: 1000, endpointTimeoutMs: 2000 });
    byName = (name) => report.engines.find((engine) => engine.name === name)!;
  });

  it('reports every engine of the design table, in order', () => {
    expect(report.engines.map((engine) => engine.name)).toEqual([
      'shell',
      'mock',
      'claude',
      'codex',
      'gemini',
      'copilot',
      'qwen',
      'opencode',
      'ollama',
      'openai',
      'anthropic',
      'google',
      'llama',
    ]);
    expect(report.total).toBe(13);
    expect(report.ready).toBe(report.engines.filter((engine) => engine.ready).length);
  });

  it('finds agent CLIs on PATH and reads their versions from stdout or stderr', () => {
    expect(byName('claude')).toMatchObject({
      found: true,
      ready: true,
      path: join(bin, 'claude'),
      version: '2.1.197 (Claude Code)',
      keys: [
        { name: 'ANTHROPIC_API_KEY', set: true },
        { name: 'ANTHROPIC_AUTH_TOKEN', set: false },
        { name: 'CLAUDE_CODE_OAUTH_TOKEN', set: false },
      ],
    });
    expect(byName('codex')).toMatchObject({ found: true, ready: true, version: 'codex-cli 0.169.0' });
  });

  it('reports a CLI whose --version fails or hangs, and one that is missing or not executable', () => {
    expect(byName('gemini')).toMatchObject({
      found: true,
      ready: false,
      problem: '`--version` exited with 2: unknown flag',
    });
    expect(byName('gemini').keys).toEqual([
      { name: 'GEMINI_API_KEY', set: false },
      { name: 'GOOGLE_API_KEY', set: false },
    ]);
    expect(byName('qwen')).toMatchObject({
      found: true,
      ready: false,
      problem: '`--version` did not answer within 1000 ms',
    });
    expect(byName('copilot')).toMatchObject({
      found: false,
      ready: false,
      problem: '`copilot` is not on PATH',
    });
    expect(byName('opencode')).toMatchObject({ found: false, hint: 'npm install -g opencode-ai' });
  });

  it('probes HTTP endpoints: any answer is reachable, without credentials sent or shown', () => {
    expect(byName('ollama')).toMatchObject({
      found: true,
      ready: true,
      version: '0.12.3',
      endpoint: { url: `http://127.0.0.1:${port}/api/version`, reachable: true, status: 200 },
    });
    expect(byName('openai')).toMatchObject({ ready: true, endpoint: { reachable: true, status: 401 } });
    expect(byName('anthropic')).toMatchObject({
      ready: true,
      endpoint: { url: `http://127.0.0.1:${port}/v1/models`, reachable: true, status: 401 },
      keys: [{ name: 'ANTHROPIC_API_KEY', set: true }],
    });
    expect(byName('google')).toMatchObject({ found: false, ready: false, endpoint: { reachable: false } });
    expect(byName('google').problem).toContain(`127.0.0.1:${closedPort}`);
    const text = JSON.stringify(report) + formatDoctorReport(report);
    expect(text).not.toContain('sk-ant-do-not-print');
    expect(text).not.toContain('hunter2');
    for (const request of requests) {
      expect(request.headers.authorization).toBeUndefined();
      expect(request.headers['x-api-key']).toBeUndefined();
    }
  });

  it('reports the built-in engines and the embedded one', () => {
    expect(byName('shell')).toMatchObject({ ready: true, path: '/bin/sh' });
    expect(byName('mock')).toMatchObject({ ready: true, found: true });
    expect(byName('llama')).toMatchObject({ found: false, ready: false });
    expect(byName('llama').problem).toContain('npm install node-llama-cpp@3.22.1');
  });

  it('prints a table with one row per engine and the problems below it', () => {
    const text = formatDoctorReport(report);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^ENGINE\s+KIND\s+STATUS\s+VERSION \/ WHERE\s+KEYS$/);
    expect(lines.find((line) => line.startsWith('claude '))).toMatch(
      /agent-cli\s+ok\s+2\.1\.197 \(Claude Code\)/,
    );
    expect(lines.find((line) => line.startsWith('google '))).toMatch(/http\s+unreachable/);
    expect(text).toContain(`${report.ready} of 13 engines ready`);
    expect(text).toContain('- copilot: `copilot` is not on PATH; fix: npm install -g @github/copilot');
  });

  it('checks only the engines asked for', async () => {
    const only = await runDoctor({ env: environment(), engines: ['mock', 'claude'] });
    expect(only.engines.map((engine) => engine.name)).toEqual(['mock', 'claude']);
  });
});

describe('findExecutable', () => {
  it('walks PATH in order without a shell and skips folders and non-executable files', async () => {
    const second = join(folder, 'second');
    mkdirSync(join(second, 'copilot'), { recursive: true });
    writeFileSync(join(second, 'tool'), '#!/bin/sh\n');
    chmodSync(join(second, 'tool'), 0o755);
    const env = { PATH: [bin, second].join(':') };
    expect(await findExecutable('claude', env)).toBe(join(bin, 'claude'));
    expect(await findExecutable('tool', env)).toBe(join(second, 'tool'));
    expect(await findExecutable('copilot', env)).toBeUndefined();
    expect(await findExecutable(join(bin, 'claude'), {})).toBe(join(bin, 'claude'));
    expect(await findExecutable('claude', {})).toBeUndefined();
  });
});

describe('normalizeOllamaHost', () => {
  it('reads OLLAMA_HOST the way Ollama does', () => {
    expect(normalizeOllamaHost('127.0.0.1:1234')).toBe('http://127.0.0.1:1234');
    expect(normalizeOllamaHost('0.0.0.0')).toBe('http://0.0.0.0:11434');
    expect(normalizeOllamaHost(':8080')).toBe('http://127.0.0.1:8080');
    expect(normalizeOllamaHost('https://ollama.example')).toBe('https://ollama.example');
    expect(normalizeOllamaHost('http://box:9000/')).toBe('http://box:9000');
  });
});
