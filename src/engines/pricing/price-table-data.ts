// Maestro's built-in prices, as data: USD per million tokens, standard (non-batch) tier. Check them
// against the providers' price pages and bump `version` and `updated` with every change; plans override
// them with `defaults.<engine>.pricing`, the environment with MAESTRO_<ENGINE>_PRICING_JSON.
import type { ModelPrice, PriceTables } from './model-price.ts';

const OPUS_4_5: ModelPrice = { input: 5, cached: 0.5, cache_creation: 6.25, output: 25 };
const OPUS_4: ModelPrice = { input: 15, cached: 1.5, cache_creation: 18.75, output: 75 };
// Sonnet 4.x with the 1M-token context: prompts above 200k tokens are billed at the higher rates.
const SONNET_4: ModelPrice = {
  input: 3,
  cached: 0.3,
  cache_creation: 3.75,
  output: 15,
  long_context: { above_tokens: 200_000, input: 6, cached: 0.6, cache_creation: 7.5, output: 22.5 },
};
const SONNET_3: ModelPrice = { input: 3, cached: 0.3, cache_creation: 3.75, output: 15 };
const GPT_5: ModelPrice = { input: 1.25, cached: 0.125, output: 10 };
const GPT_5_MINI: ModelPrice = { input: 0.25, cached: 0.025, output: 2 };
const GPT_5_2: ModelPrice = { input: 1.75, cached: 0.175, output: 14 };
// OpenAI bills a whole call at 2x input and 1.5x output once its prompt passes 272k tokens.
const GPT_5_4: ModelPrice = {
  input: 2.5,
  cached: 0.25,
  output: 15,
  long_context: { above_tokens: 272_000, input: 5, cached: 0.5, output: 22.5 },
};
const GEMINI_3_PRO: ModelPrice = {
  input: 2,
  cached: 0.2,
  output: 12,
  long_context: { above_tokens: 200_000, input: 4, cached: 0.4, output: 18 },
};
const FREE: ModelPrice = { input: 0, cached: 0, output: 0 };

export const PRICE_TABLES: PriceTables = {
  version: 1,
  updated: '2026-04-27',
  tables: {
    anthropic: {
      aliases: { haiku: 'claude-haiku-4-5', sonnet: 'claude-sonnet-4-6', opus: 'claude-opus-4-6' },
      models: {
        'claude-opus-4-8': OPUS_4_5,
        'claude-opus-4-7': OPUS_4_5,
        'claude-opus-4-6': OPUS_4_5,
        'claude-opus-4-5': OPUS_4_5,
        'claude-opus-4-1': OPUS_4,
        'claude-opus-4': OPUS_4,
        'claude-sonnet-4-6': SONNET_4,
        'claude-sonnet-4-5': SONNET_4,
        'claude-sonnet-4': SONNET_4,
        'claude-haiku-4-5': { input: 1, cached: 0.1, cache_creation: 1.25, output: 5 },
        'claude-3-7-sonnet': SONNET_3,
        'claude-3-5-sonnet': SONNET_3,
        'claude-3-5-haiku': { input: 0.8, cached: 0.08, cache_creation: 1, output: 4 },
        'claude-3-opus': OPUS_4,
        'claude-3-haiku': { input: 0.25, cached: 0.03, cache_creation: 0.3, output: 1.25 },
        // Claude Code's `opusplan` (Opus plans, Sonnet carries out): maestro-cli's blended rate.
        opusplan: { input: 4, cached: 0.4, output: 20 },
      },
    },
    openai: {
      // codex's short model names (maestro-cli's aliases).
      aliases: {
        '5.5': 'gpt-5.5',
        '5.4': 'gpt-5.4-codex',
        '5.4-mini': 'gpt-5.4-mini',
        '5.3': 'gpt-5.3-codex',
        '5.2': 'gpt-5.2-codex',
        '5.1': 'gpt-5.1-codex',
        '5': 'gpt-5-codex',
        '5-mini': 'gpt-5-codex-mini',
      },
      models: {
        'gpt-5.5': {
          input: 5,
          cached: 0.5,
          output: 30,
          long_context: { above_tokens: 272_000, input: 10, cached: 1, output: 45 },
        },
        'gpt-5.4': GPT_5_4,
        'gpt-5.4-codex': GPT_5_4,
        'gpt-5.4-mini': { input: 0.75, cached: 0.075, output: 4.5 },
        'gpt-5.3-codex': GPT_5_2,
        'gpt-5.2': GPT_5_2,
        'gpt-5.2-codex': GPT_5_2,
        'gpt-5.1': GPT_5,
        'gpt-5.1-codex': GPT_5,
        'gpt-5.1-codex-max': GPT_5,
        'gpt-5.1-codex-mini': GPT_5_MINI,
        'gpt-5': GPT_5,
        'gpt-5-codex': GPT_5,
        'gpt-5-mini': GPT_5_MINI,
        'gpt-5-codex-mini': GPT_5_MINI,
        'gpt-5-nano': { input: 0.05, cached: 0.005, output: 0.4 },
        'gpt-4.1': { input: 2, cached: 0.5, output: 8 },
        'gpt-4.1-mini': { input: 0.4, cached: 0.1, output: 1.6 },
        'gpt-4.1-nano': { input: 0.1, cached: 0.025, output: 0.4 },
        'gpt-4o': { input: 2.5, cached: 1.25, output: 10 },
        'gpt-4o-mini': { input: 0.15, cached: 0.075, output: 0.6 },
        o3: { input: 2, cached: 0.5, output: 8 },
        'o3-mini': { input: 1.1, cached: 0.55, output: 4.4 },
        'o4-mini': { input: 1.1, cached: 0.275, output: 4.4 },
        o1: { input: 15, cached: 7.5, output: 60 },
        'codex-mini-latest': { input: 1.5, cached: 0.375, output: 6 },
      },
    },
    google: {
      // gemini's short model names (maestro-cli's aliases).
      aliases: {
        flash: 'gemini-2.5-flash',
        'flash-lite': 'gemini-2.5-flash-lite',
        pro: 'gemini-2.5-pro',
        'flash-3': 'gemini-3-flash-preview',
        'pro-3': 'gemini-3.1-pro-preview',
        'pro-3.1': 'gemini-3.1-pro-preview',
      },
      models: {
        'gemini-3.1-pro': GEMINI_3_PRO,
        'gemini-3-pro': GEMINI_3_PRO,
        'gemini-3-flash': { input: 0.5, cached: 0.05, output: 3 },
        'gemini-2.5-pro': {
          input: 1.25,
          cached: 0.125,
          output: 10,
          long_context: { above_tokens: 200_000, input: 2.5, cached: 0.25, output: 15 },
        },
        'gemini-2.5-flash': { input: 0.3, cached: 0.03, output: 2.5 },
        'gemini-2.5-flash-lite': { input: 0.1, cached: 0.01, output: 0.4 },
        'gemini-2.0-flash': { input: 0.1, cached: 0.025, output: 0.4 },
        'gemini-2.0-flash-lite': { input: 0.075, output: 0.3 },
      },
    },
    qwen: {
      // Alibaba Cloud Model Studio (international) list prices, first input tier; cache discounts are
      // not assumed. `coder` (qwen-coder-plus) has no published row here, so it stays unpriced.
      aliases: {
        coder: 'qwen-coder-plus',
        'coder-turbo': 'qwen-coder-turbo',
        max: 'qwen-max',
        plus: 'qwen-plus',
        qwq: 'qwq-plus',
      },
      models: {
        'qwen3-max': { input: 1.2, output: 6 },
        'qwen3-coder-plus': { input: 1, output: 5 },
        'qwen3-coder-flash': { input: 0.3, output: 1.5 },
        'qwen-max': { input: 1.6, output: 6.4 },
        'qwen-plus': { input: 0.4, output: 1.2 },
        'qwen-turbo': { input: 0.05, output: 0.2 },
        'qwq-plus': { input: 0.8, output: 2.4 },
      },
    },
    // Models that run on the user's own machine.
    local: { models: { '*': FREE } },
  },
  engines: {
    claude: 'anthropic',
    anthropic: 'anthropic',
    codex: 'openai',
    openai: 'openai',
    gemini: 'google',
    google: 'google',
    qwen: 'qwen',
    ollama: 'local',
    llama: 'local',
    mock: 'local',
  },
};

/** opencode names models `provider/model`; the provider says which table prices them. */
export const OPENCODE_PROVIDER_TABLES: Readonly<Record<string, string>> = {
  anthropic: 'anthropic',
  openai: 'openai',
  google: 'google',
  ollama: 'local',
};
