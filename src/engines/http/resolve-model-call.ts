// Resolves an EngineCall once, at entry, into everything an HTTP engine needs (STYLE habit 6): model,
// endpoint, API key, prompt, sampling parameters, pass-through extras and the engine's own controls.
// Past this point the engines see only ResolvedModelCall.
import type { EngineCall } from '../engine.ts';
import { describeEndpoint } from './describe-endpoint.ts';
import {
  CONTROL_KEYS,
  DEFAULT_STALL_TIMEOUT_MS,
  PARAMETER_KEYS,
  PLAN_LEVEL_KEYS,
} from './http-engine-options.ts';
import { ModelCallFailure } from './model-call-failure.ts';
import { asObject } from './parse-json-text.ts';
import { readApiKey } from './read-api-key.ts';
import { OptionReader } from './read-option-values.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.ts';

/** Per-engine conventions. */
export interface HttpEngineProfile {
  engine: string;
  defaultModel: string;
  baseUrlVariable: string;
  defaultBaseUrl: string;
  /** Conventional key variables, tried in order; empty for a keyless engine. */
  apiKeyVariables: string[];
  /** Turns a configured endpoint into a base URL (Ollama's OLLAMA_HOST may lack a scheme). */
  normalizeBaseUrl?: (value: string) => string;
}

export interface ModelParameters {
  temperature?: number;
  topP?: number;
  topK?: number;
  seed?: number;
  maxTokens?: number;
  stop?: string[];
  numCtx?: number;
  keepAlive?: string | number;
}

export interface ResolvedModelCall {
  engine: string;
  model: string;
  /** Without a trailing slash. */
  baseUrl: string;
  apiKey?: string;
  prompt: string;
  /** systemPrompt and appendSystemPrompt, joined by a blank line. */
  system?: string;
  parameters: ModelParameters;
  /** Options the engine does not know, passed through to the provider. */
  extra: Record<string, unknown>;
  api: 'chat' | 'responses';
  strictSchema?: boolean;
  outputSchema?: Record<string, unknown>;
  reasoningEffort?: string;
  retry: RetryPolicy;
  stallTimeoutMs: number;
}

export type Environment = Readonly<Record<string, string | undefined>>;

export function resolveModelCall(
  call: EngineCall,
  profile: HttpEngineProfile,
  environment: Environment,
): ResolvedModelCall {
  const { engine } = profile;
  const planOptions = call.options ?? {};
  const prompt = call.prompt ?? '';
  if (prompt.trim() === '') {
    throw new ModelCallFailure({
      kind: 'unsupported',
      message: `Task '${call.taskId}' has no prompt for the ${engine} engine`,
    });
  }
  // `options:` from defaults, with keys a task's engine_options set directly on top.
  const values: Record<string, unknown> = { ...asObject(planOptions.options) };
  for (const [key, value] of Object.entries(planOptions)) if (!PLAN_LEVEL_KEYS.has(key)) values[key] = value;
  const read = new OptionReader(engine, values);

  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (!PARAMETER_KEYS.has(key) && !CONTROL_KEYS.has(key) && value !== undefined) extra[key] = value;
  }
  const system = [call.systemPrompt, call.appendSystemPrompt].filter((part) => part?.trim()).join('\n\n');
  const resolved: ResolvedModelCall = {
    engine,
    model: call.model ?? stringOption(planOptions.model) ?? profile.defaultModel,
    baseUrl: resolveBaseUrl(profile, stringOption(planOptions.base_url), environment),
    apiKey: readApiKey({
      engine,
      explicitVariable: stringOption(planOptions.api_key_env),
      conventionalVariables: profile.apiKeyVariables,
      environment,
    }),
    prompt,
    parameters: {
      temperature: read.number('temperature'),
      topP: read.number('top_p'),
      topK: read.integer('top_k', 0),
      seed: read.integer('seed', Number.MIN_SAFE_INTEGER),
      maxTokens: read.integer('max_tokens', 1),
      stop: read.stringList('stop'),
      numCtx: read.integer('num_ctx', 1),
      keepAlive: read.durationLike('keep_alive'),
    },
    extra,
    api: read.choice('api', ['chat', 'responses'] as const) ?? 'chat',
    strictSchema: read.boolean('strict_schema'),
    retry: {
      maxRetries: read.integer('max_retries', 0) ?? DEFAULT_RETRY_POLICY.maxRetries,
      baseDelayMs: read.nonNegative('retry_base_delay_ms') ?? DEFAULT_RETRY_POLICY.baseDelayMs,
      maxDelayMs: read.nonNegative('retry_max_delay_ms') ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    },
    stallTimeoutMs: read.integer('stall_timeout_ms', 1) ?? DEFAULT_STALL_TIMEOUT_MS,
  };
  if (system) resolved.system = system;
  if (call.outputSchema) resolved.outputSchema = call.outputSchema;
  if (call.reasoningEffort) resolved.reasoningEffort = call.reasoningEffort;
  return resolved;
}

// Every call of a run names the same few endpoints, so checked URLs are remembered.
const checkedUrls = new Map<string, string>();
const MAX_CHECKED_URLS = 64;

function resolveBaseUrl(
  profile: HttpEngineProfile,
  configured: string | undefined,
  environment: Environment,
): string {
  const fromEnvironment = environment[profile.baseUrlVariable]?.trim();
  const chosen = configured ?? (fromEnvironment ? fromEnvironment : profile.defaultBaseUrl);
  const key = `${profile.engine} ${chosen}`;
  const known = checkedUrls.get(key);
  if (known !== undefined) return known;
  const normalized = (profile.normalizeBaseUrl?.(chosen) ?? chosen).replace(/\/+$/, '');
  try {
    const url = new URL(normalized);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(url.protocol);
  } catch {
    const source = configured !== undefined ? '`base_url`' : profile.baseUrlVariable;
    // Quoted without credentials or query string: the message reaches logs and result.json.
    throw new ModelCallFailure({
      kind: 'unsupported',
      message: `Expected ${source} of the ${profile.engine} engine to be an http(s) URL, got \`${describeEndpoint(chosen)}\``,
    });
  }
  if (checkedUrls.size >= MAX_CHECKED_URLS) checkedUrls.clear();
  checkedUrls.set(key, normalized);
  return normalized;
}

function stringOption(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
