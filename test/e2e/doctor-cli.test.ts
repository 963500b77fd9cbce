// `maestro doctor` through the built executable, against fake CLIs on PATH and a local Ollama-like
// server. Skipped until the build has the command (src/cli/program.ts wires it).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src/doctor/index.ts';
import { makeTempDir, runMaestro } from '../support/cli.ts';

let folder: ReturnType<typeof makeTempDir>;
let server: Server;
let port: number;

beforeAll(async () => {
  folder = makeTempDir('maestro-doctor-cli-');
  const bin = join(folder.path, 'bin');
  mkdirSync(bin);
  mkdirSync(join(folder.path, 'no-llama'));
  writeFileSync(join(bin, 'claude'), '#!/bin/sh\necho "2.1.197 (Claude Code)"\n');
  chmodSync(join(bin, 'claude'), 0o755);
  server = createServer((request, response) => {
    if (request.url === '/api/version') response.writeHead(200).end('{"version":"0.12.3"}');
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  folder.remove();
});

function env(): Record<string, string | undefined> {
  const unreachable = 'http://127.0.0.1:9';
  return {
    PATH: join(folder.path, 'bin'),
    OLLAMA_HOST: `127.0.0.1:${port}`,
    OPENAI_BASE_URL: unreachable,
    ANTHROPIC_BASE_URL: unreachable,
    GOOGLE_GEMINI_BASE_URL: unreachable,
    ANTHROPIC_API_KEY: 'sk-ant-secret-value',
    ANTHROPIC_AUTH_TOKEN: undefined,
    CLAUDE_CODE_OAUTH_TOKEN: undefined,
    OPENAI_API_KEY: undefined,
    MAESTRO_LLAMA_MODULE: join(folder.path, 'no-llama'),
  };
}

describe('maestro doctor (built CLI)', () => {
  it('prints a JSON report with found, version, reachable and key-set fields, and exits 0', async () => {
    const result = await runMaestro(['doctor', '--json'], { env: env(), cwd: folder.path });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('sk-ant-secret-value');
    const report = JSON.parse(result.stdout) as DoctorReport;
    const byName = (name: string) => report.engines.find((engine) => engine.name === name)!;
    expect(report.total).toBe(13);
    expect(byName('claude')).toMatchObject({
      found: true,
      version: '2.1.197 (Claude Code)',
      keys: expect.arrayContaining([{ name: 'ANTHROPIC_API_KEY', set: true }]),
    });
    expect(byName('codex')).toMatchObject({ found: false, ready: false });
    expect(byName('ollama')).toMatchObject({
      found: true,
      version: '0.12.3',
      endpoint: { reachable: true, status: 200 },
    });
    expect(byName('openai')).toMatchObject({ found: false, endpoint: { reachable: false } });
    expect(byName('llama')).toMatchObject({ found: false });
  });

  it('prints a table and exits 0 when optional engines are missing', async () => {
    const result = await runMaestro(['doctor'], { env: env(), cwd: folder.path });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ENGINE\s+KIND\s+STATUS/);
    expect(result.stdout).toMatch(/\nclaude\s+agent-cli\s+ok\s+2\.1\.197/);
    expect(result.stdout).toMatch(/\ncodex\s+agent-cli\s+missing/);
    expect(result.stdout).toContain('engines ready');
  });
});
