import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineCall } from '../engine.ts';
import { DEFAULT_LLAMA_SYSTEM_PROMPT, resolveLlamaCallSettings } from './llama-call-settings.ts';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'maestro-llama-settings-'));
  writeFileSync(join(folder, 'local.gguf'), '');
  mkdirSync(join(folder, 'models'));
  writeFileSync(join(folder, 'models', 'shared.gguf'), '');
  writeFileSync(join(folder, 'adapter.gguf'), '');
});

afterEach(() => rmSync(folder, { recursive: true, force: true }));

function call(fields: Partial<EngineCall>): EngineCall {
  return { taskId: 't', engine: 'llama', attempt: 1, cwd: folder, env: {}, ...fields };
}

describe('resolveLlamaCallSettings', () => {
  it('resolves a relative model path against the workdir and reads nested and top-level options', () => {
    const result = resolveLlamaCallSettings(
      call({
        model: 'local.gguf',
        options: {
          options: { num_ctx: 512, seed: 1, temperature: 0.5 },
          seed: 9,
          max_tokens: 32,
          lora: 'adapter.gguf',
          threads: 2,
        },
      }),
      {},
    );
    expect(result).toEqual({
      ok: true,
      settings: expect.objectContaining({
        modelPath: join(folder, 'local.gguf'),
        loraPath: join(folder, 'adapter.gguf'),
        contextSize: 512,
        seed: 9,
        temperature: 0.5,
        maxTokens: 32,
        threads: 2,
        gpu: false,
        systemPrompt: DEFAULT_LLAMA_SYSTEM_PROMPT,
      }),
    });
  });

  it('looks a bare name up in LLAMA_MODEL_DIR (call env first, then the parent), .gguf optional', () => {
    const fromCall = resolveLlamaCallSettings(
      call({ model: 'shared', env: { LLAMA_MODEL_DIR: join(folder, 'models') } }),
      {},
    );
    expect(fromCall.ok && fromCall.settings.modelPath).toBe(join(folder, 'models', 'shared.gguf'));
    const fromParent = resolveLlamaCallSettings(call({ model: 'shared.gguf' }), {
      LLAMA_MODEL_DIR: join(folder, 'models'),
    });
    expect(fromParent.ok && fromParent.settings.modelPath).toBe(join(folder, 'models', 'shared.gguf'));
  });

  it('falls back to the model_path option and joins the system prompts', () => {
    const result = resolveLlamaCallSettings(
      call({
        systemPrompt: 'Be brief.',
        appendSystemPrompt: 'Use JSON.',
        options: { model_path: 'local.gguf', context_size: 256 },
      }),
      {},
    );
    expect(result.ok && result.settings).toMatchObject({
      modelPath: join(folder, 'local.gguf'),
      contextSize: 256,
      systemPrompt: 'Be brief.\n\nUse JSON.',
    });
  });

  it('takes the module path from the option, else MAESTRO_LLAMA_MODULE', () => {
    const fromOption = resolveLlamaCallSettings(
      call({ model: 'local.gguf', options: { module_path: 'vendor' } }),
      {
        MAESTRO_LLAMA_MODULE: '/elsewhere',
      },
    );
    expect(fromOption.ok && fromOption.settings.modulePath).toBe(join(folder, 'vendor'));
    const fromEnv = resolveLlamaCallSettings(call({ model: 'local.gguf' }), {
      MAESTRO_LLAMA_MODULE: '/elsewhere',
    });
    expect(fromEnv.ok && fromEnv.settings.modulePath).toBe('/elsewhere');
  });

  it('maps gpu: true to auto and keeps the CPU by default', () => {
    const result = resolveLlamaCallSettings(
      call({ model: 'local.gguf', options: { gpu: true, gpu_layers: 10 } }),
      {},
    );
    expect(result.ok && result.settings).toMatchObject({ gpu: 'auto', gpuLayers: 10 });
  });

  it('reports a missing model, a missing adapter and no model at all as not_found', () => {
    expect(resolveLlamaCallSettings(call({ model: './nope.gguf' }), {})).toEqual({
      ok: false,
      kind: 'not_found',
      message: `GGUF model not found: ${join(folder, 'nope.gguf')}`,
    });
    const bare = resolveLlamaCallSettings(call({ model: 'nope' }), {});
    expect(!bare.ok && bare.message).toContain('set LLAMA_MODEL_DIR');
    const adapter = resolveLlamaCallSettings(
      call({ model: 'local.gguf', options: { lora_adapter: 'x.gguf' } }),
      {},
    );
    expect(adapter).toMatchObject({
      ok: false,
      kind: 'not_found',
      message: `LoRA adapter not found: ${join(folder, 'x.gguf')}`,
    });
    const none = resolveLlamaCallSettings(call({}), {});
    expect(none).toMatchObject({ ok: false, kind: 'not_found' });
  });

  it('names the option and the value when a setting is invalid', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ num_ctx: 0 }, 'Expected llama option `num_ctx` to be an integer >= 1, got `0` (number)'],
      [{ max_tokens: '12' }, 'Expected llama option `max_tokens` to be an integer >= 1, got `"12"` (string)'],
      [{ temperature: -1 }, 'Expected llama option `temperature` to be a number >= 0, got `-1` (number)'],
      [{ top_p: 2 }, 'Expected llama option `top_p` to be a number >= 0 and <= 1, got `2` (number)'],
      [
        { gpu: 'rocm' },
        "Expected llama option `gpu` to be false, true, 'auto', 'cuda', 'vulkan' or 'metal', got `\"rocm\"` (string)",
      ],
      [{ lora: 3 }, 'Expected llama option `lora` to be a non-empty string, got `3` (number)'],
    ];
    for (const [options, message] of cases) {
      expect(resolveLlamaCallSettings(call({ model: 'local.gguf', options }), {})).toEqual({
        ok: false,
        kind: 'unsupported',
        message,
      });
    }
  });
});
