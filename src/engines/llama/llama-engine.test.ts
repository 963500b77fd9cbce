// The engine without node-llama-cpp: every expected failure is an outcome, never a throw. Real inference
// is tested in test/llama/llama-engine.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineCall } from '../engine.ts';
import { LlamaEngine } from './llama-engine.ts';
import { llamaInstallCommand } from './load-node-llama-cpp.ts';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'maestro-llama-engine-'));
  writeFileSync(join(folder, 'model.gguf'), '');
});

afterEach(() => rmSync(folder, { recursive: true, force: true }));

function call(fields: Partial<EngineCall>): EngineCall {
  return { taskId: 't', engine: 'llama', attempt: 1, cwd: folder, env: {}, prompt: 'hi', ...fields };
}

describe('LlamaEngine', () => {
  it('declares its name and capabilities', () => {
    const engine = new LlamaEngine();
    expect(engine.name).toBe('llama');
    expect(engine.capabilities).toEqual({ toolGrants: true, structuredOutput: true });
  });

  it('reports a missing node-llama-cpp as not_found with the command that installs it', async () => {
    const stderr: string[] = [];
    const empty = mkdtempSync(join(tmpdir(), 'maestro-no-llama-'));
    try {
      const outcome = await new LlamaEngine({ env: { MAESTRO_LLAMA_MODULE: empty } }).run(
        call({ model: 'model.gguf' }),
        {
          signal: new AbortController().signal,
          onStderr: (chunk) => stderr.push(chunk),
        },
      );
      expect(outcome.ok).toBe(false);
      expect(outcome.error?.kind).toBe('not_found');
      expect(outcome.error?.retryable).toBe(false);
      expect(outcome.error?.message).toContain(llamaInstallCommand());
      expect(outcome.error?.message).toContain(`from ${empty}`);
      expect(llamaInstallCommand()).toMatch(
        /^npm install node-llama-cpp@3\.22\.1 @node-llama-cpp\/[\w-]+@3\.22\.1 --omit=optional$/,
      );
      expect(stderr.join('')).toContain('node-llama-cpp');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('reports a module path that is not node-llama-cpp', async () => {
    const fake = join(folder, 'fake.mjs');
    writeFileSync(fake, 'export const nothing = 1;\n');
    const outcome = await new LlamaEngine({ env: {} }).run(
      call({ model: 'model.gguf', options: { module_path: fake } }),
      { signal: new AbortController().signal },
    );
    expect(outcome.error).toMatchObject({
      kind: 'not_found',
      message: `${fake} does not look like node-llama-cpp (no getLlama export)`,
    });
  });

  it('reports a missing model before loading anything', async () => {
    const outcome = await new LlamaEngine({ env: {} }).run(call({ model: 'absent.gguf' }), {
      signal: new AbortController().signal,
    });
    expect(outcome).toMatchObject({ ok: false, exitCode: 1, error: { kind: 'not_found' } });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reports an invalid option as unsupported', async () => {
    const outcome = await new LlamaEngine({ env: {} }).run(
      call({ model: 'model.gguf', options: { seed: 1.5 } }),
      {
        signal: new AbortController().signal,
      },
    );
    expect(outcome.error?.kind).toBe('unsupported');
    expect(outcome.error?.message).toContain('`seed`');
  });
});
