// Resolves one call's engine options into the settings the llama engine uses (STYLE habit 6). Options
// come from the plan's `defaults.llama` and the task's `engine_options`: the nested `options` object
// first, then top-level keys on top. Bad values are reported naming the option and the value.
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { EngineCall } from '../engine.ts';
import type { LlamaGpuSetting } from './node-llama-cpp-api.ts';

/** Used when the plan gives no system prompt; node-llama-cpp's own default is long. */
export const DEFAULT_LLAMA_SYSTEM_PROMPT = 'You are a helpful assistant.';

export interface LlamaCallSettings {
  modelPath: string;
  loraPath?: string;
  /** @default 1 */
  loraScale?: number;
  /** Absent: 2048, or the model's training context when that is smaller. */
  contextSize?: number;
  maxTokens?: number;
  temperature?: number;
  topK?: number;
  topP?: number;
  seed?: number;
  /** CPU threads for the context; absent: node-llama-cpp's default. */
  threads?: number;
  gpu: LlamaGpuSetting;
  gpuLayers?: number;
  /** Where node-llama-cpp is loaded from; absent: the bare specifier. */
  modulePath?: string;
  systemPrompt: string;
}

export type LlamaSettingsResult =
  | { ok: true; settings: LlamaCallSettings }
  | { ok: false; kind: 'not_found' | 'unsupported'; message: string };

class OptionError extends Error {}

export function resolveLlamaCallSettings(
  call: EngineCall,
  parentEnv: Readonly<Record<string, string | undefined>>,
): LlamaSettingsResult {
  const options = flattenOptions(call.options);
  const variable = (name: string) => call.env[name] ?? parentEnv[name];
  try {
    // The task's model, else the engine option model_path, else `defaults.llama.model` as passed in options.
    const modelReference = call.model ?? text(options, 'model_path') ?? text(options, 'model');
    if (modelReference === undefined) {
      return {
        ok: false,
        kind: 'not_found',
        message:
          'No GGUF model given: set `model:` to a .gguf path (relative to the workdir, or a name in LLAMA_MODEL_DIR) or the engine option model_path',
      };
    }
    const modelPath = findModelFile(modelReference, call.cwd, variable('LLAMA_MODEL_DIR'));
    if (!modelPath.ok) return { ok: false, kind: 'not_found', message: modelPath.message };
    const lora = text(options, 'lora') ?? text(options, 'lora_adapter');
    const loraPath = lora === undefined ? undefined : resolve(call.cwd, lora);
    if (loraPath !== undefined && !existsSync(loraPath)) {
      return { ok: false, kind: 'not_found', message: `LoRA adapter not found: ${loraPath}` };
    }
    // The option is relative to the workdir like every plan path; the variable to Maestro's own folder.
    const moduleOption = text(options, 'module_path');
    const moduleVariable = variable('MAESTRO_LLAMA_MODULE') || undefined;
    const systemPrompt = [call.systemPrompt, call.appendSystemPrompt].filter(Boolean).join('\n\n');
    const settings: LlamaCallSettings = {
      modelPath: modelPath.path,
      loraPath,
      loraScale: number(options, 'lora_scale', { min: 0 }),
      contextSize: integer(options, 'num_ctx', 1) ?? integer(options, 'context_size', 1),
      maxTokens: integer(options, 'max_tokens', 1) ?? integer(options, 'num_predict', 1),
      temperature: number(options, 'temperature', { min: 0 }),
      topK: integer(options, 'top_k', 0),
      topP: number(options, 'top_p', { min: 0, max: 1 }),
      seed: integer(options, 'seed', 0),
      threads: integer(options, 'threads', 1),
      gpu: gpuSetting(options.gpu),
      gpuLayers: integer(options, 'gpu_layers', 0),
      modulePath:
        moduleOption !== undefined
          ? resolve(call.cwd, moduleOption)
          : moduleVariable === undefined
            ? undefined
            : resolve(moduleVariable),
      systemPrompt: systemPrompt || DEFAULT_LLAMA_SYSTEM_PROMPT,
    };
    return { ok: true, settings };
  } catch (error) {
    if (error instanceof OptionError) return { ok: false, kind: 'unsupported', message: error.message };
    throw error;
  }
}

function flattenOptions(options: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!options) return {};
  const { options: nested, ...topLevel } = options;
  const nestedOptions =
    typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>) : {};
  return { ...nestedOptions, ...topLevel };
}

// A path (absolute, or relative to the workdir) or a bare name looked up in LLAMA_MODEL_DIR; `.gguf`
// may be left off.
function findModelFile(
  reference: string,
  cwd: string,
  modelDir: string | undefined,
): { ok: true; path: string } | { ok: false; message: string } {
  const isBareName = !isAbsolute(reference) && !reference.includes('/') && !reference.includes('\\');
  const base = isBareName && modelDir ? join(modelDir, reference) : resolve(cwd, reference);
  const candidates = base.endsWith('.gguf') ? [base] : [base, `${base}.gguf`];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found) return { ok: true, path: found };
  const hint =
    isBareName && !modelDir ? ' (set LLAMA_MODEL_DIR to look up bare model names in a folder)' : '';
  return { ok: false, message: `GGUF model not found: ${candidates.join(' or ')}${hint}` };
}

function text(options: Record<string, unknown>, name: string): string | undefined {
  const value = options[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new OptionError(
      `Expected llama option \`${name}\` to be a non-empty string, got ${describe(value)}`,
    );
  }
  return value;
}

function number(
  options: Record<string, unknown>,
  name: string,
  range: { min?: number; max?: number },
): number | undefined {
  const value = options[name];
  if (value === undefined || value === null) return undefined;
  const isValid =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= (range.min ?? -Infinity) &&
    value <= (range.max ?? Infinity);
  if (!isValid) {
    const bounds = [
      range.min === undefined ? '' : `>= ${range.min}`,
      range.max === undefined ? '' : `<= ${range.max}`,
    ]
      .filter(Boolean)
      .join(' and ');
    throw new OptionError(
      `Expected llama option \`${name}\` to be a number ${bounds}, got ${describe(value)}`,
    );
  }
  return value as number;
}

function integer(options: Record<string, unknown>, name: string, min: number): number | undefined {
  const value = options[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new OptionError(
      `Expected llama option \`${name}\` to be an integer >= ${min}, got ${describe(value)}`,
    );
  }
  return value;
}

function gpuSetting(value: unknown): LlamaGpuSetting {
  if (value === undefined || value === null || value === false) return false;
  if (value === true) return 'auto';
  if (value === 'auto' || value === 'cuda' || value === 'vulkan' || value === 'metal') return value;
  throw new OptionError(
    `Expected llama option \`gpu\` to be false, true, 'auto', 'cuda', 'vulkan' or 'metal', got ${describe(value)}`,
  );
}

function describe(value: unknown): string {
  return `\`${JSON.stringify(value) ?? String(value)}\` (${Array.isArray(value) ? 'array' : typeof value})`;
}
