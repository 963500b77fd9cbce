// Every expected figure is computed by hand in the comment beside it (rates in USD per million tokens).
import { describe, expect, it } from 'vitest';
import type { TokenUsage } from '../engine.ts';
import { checkPricingEnvironment } from './check-pricing-environment.ts';
import { PRICE_TABLES } from './price-table-data.ts';
import { costOfUsage, createPriceUsage, pricingVariableName } from './price-usage.ts';

// TokenUsage's convention (engine.ts): `input` is the uncached prompt; cache reads (`cached`) and cache
// writes (`cacheCreation`) are separate parts, not included in it.
function usage(input: number, output: number, cached = 0, cacheCreation?: number): TokenUsage {
  const tokens: TokenUsage = {
    input_tokens: input,
    output_tokens: output,
    cached_tokens: cached,
    total_tokens: input + output + cached + (cacheCreation ?? 0),
  };
  if (cacheCreation !== undefined) tokens.cache_creation_tokens = cacheCreation;
  return tokens;
}

const price = createPriceUsage({ env: {} });

describe('priceUsage with the built-in tables', () => {
  it('prices codex usage like maestro-cli (gpt-5.5: 5 / 0.5 / 30)', () => {
    // (8000·5 + 1000·0.5 + 1000·30) / 1e6 = (40000 + 500 + 30000) / 1e6
    expect(
      price({ engine: 'codex', model: 'gpt-5.5', usage: usage(8000, 1000, 1000), options: undefined }),
    ).toBe(0.0705);
    // alias 5.5 → gpt-5.5
    expect(price({ engine: 'codex', model: '5.5', usage: usage(8000, 1000, 1000), options: undefined })).toBe(
      0.0705,
    );
  });

  it('resolves claude aliases and dated ids, pricing cache reads and writes at their own rates', () => {
    // sonnet → claude-sonnet-4-6 (3 / 0.3 / 15, writes 3.75): 1000 uncached in, 50 written, 200 read,
    // 300 out (what Claude Code's {input 1000, cache_creation 50, cache_read 200, output 300} becomes)
    // (1000·3 + 50·3.75 + 200·0.3 + 300·15) / 1e6 = (3000 + 187.5 + 60 + 4500) / 1e6
    const claudeUsage = usage(1000, 300, 200, 50);
    expect(price({ engine: 'claude', model: 'sonnet', usage: claudeUsage, options: undefined })).toBe(
      0.0077475,
    );
    expect(
      price({
        engine: 'anthropic',
        model: 'claude-sonnet-4-5-20250929',
        usage: claudeUsage,
        options: undefined,
      }),
    ).toBe(0.0077475);
    // haiku (1 / 0.1 / 5): (1_000_000·1 + 2_000_000·5) / 1e6
    expect(
      price({ engine: 'claude', model: 'haiku', usage: usage(1_000_000, 2_000_000), options: undefined }),
    ).toBe(11);
    // opus → 4.5+ rates (5 / 25): (1000·5 + 1000·25) / 1e6; Copilot-style dotted id and provider prefix
    expect(price({ engine: 'claude', model: 'opus', usage: usage(1000, 1000), options: undefined })).toBe(
      0.03,
    );
    expect(
      price({
        engine: 'anthropic',
        model: 'anthropic/claude-opus-4.6',
        usage: usage(1000, 1000),
        options: undefined,
      }),
    ).toBe(0.03);
    // claude-opus-4-20250514 is Opus 4 (15 / 75): (1000·15 + 1000·75) / 1e6
    expect(
      price({
        engine: 'claude',
        model: 'claude-opus-4-20250514',
        usage: usage(1000, 1000),
        options: undefined,
      }),
    ).toBe(0.09);
  });

  it("agrees with Claude Code's own total_cost_usd (0.001355 for 120 in / 30 out / 10 read on opus-4-8)", () => {
    // (120·5 + 10·0.5 + 30·25) / 1e6 = (600 + 5 + 750) / 1e6
    expect(
      price({ engine: 'claude', model: 'claude-opus-4-8', usage: usage(120, 30, 10), options: undefined }),
    ).toBe(0.001355);
  });

  it('prices cache writes at the input rate when the row has no write rate', () => {
    // opusplan (4 / 0.4 / 20, no write rate): 60 uncached + 40 written, (60·4 + 40·4 + 0·20) / 1e6
    expect(
      price({ engine: 'claude', model: 'opusplan', usage: usage(60, 0, 0, 40), options: undefined }),
    ).toBe(0.0004);
  });

  it('prices gemini models, previews and tiers', () => {
    // flash → gemini-2.5-flash (0.3 / 0.03 / 2.5): (10000·0.3 + 5000·0.03 + 2000·2.5) / 1e6 = (3000 + 150 + 5000) / 1e6
    expect(
      price({ engine: 'gemini', model: 'flash', usage: usage(10_000, 2000, 5000), options: undefined }),
    ).toBe(0.00815);
    // gemini-3-pro-preview (2 / 12): (1000·2 + 1000·12) / 1e6
    expect(
      price({
        engine: 'google',
        model: 'gemini-3-pro-preview',
        usage: usage(1000, 1000),
        options: undefined,
      }),
    ).toBe(0.014);
    // gemini-2.5-pro past 200k prompt tokens: 2.5 / 15 instead of 1.25 / 10: (300000·2.5 + 1000·15) / 1e6
    expect(
      price({
        engine: 'google',
        model: 'models/gemini-2.5-pro',
        usage: usage(300_000, 1000),
        options: undefined,
      }),
    ).toBe(0.765);
    // ... and at 200k exactly the base rates: (200000·1.25 + 1000·10) / 1e6
    expect(
      price({ engine: 'google', model: 'gemini-2.5-pro', usage: usage(200_000, 1000), options: undefined }),
    ).toBe(0.26);
  });

  it('prices openai dated snapshots by their family row', () => {
    // gpt-4o-2024-08-06 → gpt-4o (2.5 / 1.25 / 10): (1000·2.5 + 1000·1.25 + 100·10) / 1e6 = 4750 / 1e6
    expect(
      price({
        engine: 'openai',
        model: 'gpt-4o-2024-08-06',
        usage: usage(1000, 100, 1000),
        options: undefined,
      }),
    ).toBe(0.00475);
    // gpt-4.1-mini (0.4 / 1.6) is not gpt-4.1: (1_000_000·0.4 + 1_000_000·1.6) / 1e6
    expect(
      price({ engine: 'openai', model: 'gpt-4.1-mini', usage: usage(1e6, 1e6), options: undefined }),
    ).toBe(2);
  });

  it('prices local engines at 0', () => {
    for (const engine of ['ollama', 'llama', 'mock']) {
      expect(price({ engine, model: 'anything', usage: usage(1000, 1000), options: undefined })).toBe(0);
    }
  });

  it('returns undefined for unknown models, copilot, shell and a missing model', () => {
    const tokens = usage(1000, 1000);
    expect(
      price({ engine: 'claude', model: 'claude-opus-4-9', usage: tokens, options: undefined }),
    ).toBeUndefined();
    expect(
      price({ engine: 'claude', model: 'claude-sonnet-4-5-turbo', usage: tokens, options: undefined }),
    ).toBeUndefined();
    expect(price({ engine: 'openai', model: 'llama3', usage: tokens, options: undefined })).toBeUndefined();
    expect(price({ engine: 'openai', model: 'o3-pro', usage: tokens, options: undefined })).toBeUndefined();
    expect(price({ engine: 'copilot', model: 'sonnet', usage: tokens, options: undefined })).toBeUndefined();
    expect(price({ engine: 'shell', model: 'x', usage: tokens, options: undefined })).toBeUndefined();
    expect(price({ engine: 'codex', model: undefined, usage: tokens, options: undefined })).toBeUndefined();
    expect(price({ engine: 'qwen', model: 'coder', usage: tokens, options: undefined })).toBeUndefined();
  });

  it('prices opencode models by their provider prefix', () => {
    // openai/gpt-5 (1.25 / 10): (1000·1.25 + 1000·10) / 1e6
    expect(
      price({ engine: 'opencode', model: 'openai/gpt-5', usage: usage(1000, 1000), options: undefined }),
    ).toBe(0.01125);
    expect(
      price({ engine: 'opencode', model: 'fake/fake-model', usage: usage(1000, 1000), options: undefined }),
    ).toBeUndefined();
  });
});

describe('priceUsage overrides', () => {
  it('takes the plan pricing first, then the environment, then the table', () => {
    const env = {
      MAESTRO_CLAUDE_PRICING_JSON: JSON.stringify({ sonnet: { input: 10, output: 20, cached: 1 } }),
    };
    const withEnv = createPriceUsage({ env });
    const tokens = usage(1000, 1000, 1000);
    // env: (1000·10 + 1000·1 + 1000·20) / 1e6
    expect(withEnv({ engine: 'claude', model: 'sonnet', usage: tokens, options: undefined })).toBe(0.031);
    // plan: (1000·1 + 1000·1 (cached defaults to input) + 1000·2) / 1e6
    const options = { pricing: { 'claude-sonnet-4-6': { input: 1, output: 2 } } };
    expect(withEnv({ engine: 'claude', model: 'sonnet', usage: tokens, options })).toBe(0.004);
    // neither names haiku: table (1000·1 + 1000·0.1 + 1000·5) / 1e6
    expect(withEnv({ engine: 'claude', model: 'haiku', usage: tokens, options })).toBe(0.0061);
  });

  it("accepts maestro-cli's field names and a default row", () => {
    const env = {
      [pricingVariableName('codex')]: JSON.stringify({
        'gpt-5.3-codex': { input_per_million: 2, cached_input_per_million: 0.5, output_per_million: 8 },
        default: { input: 1, output: 1 },
      }),
    };
    const withEnv = createPriceUsage({ env });
    // maestro-cli's own test: (100000·2 + 20000·0.5 + 5000·8) / 1e6 = 0.25
    expect(
      withEnv({ engine: 'codex', model: '5.3', usage: usage(100_000, 5000, 20_000), options: undefined }),
    ).toBe(0.25);
    // default row: (1000·1 + 1000·1) / 1e6, even for a model the table does not know
    expect(
      withEnv({ engine: 'codex', model: 'my-finetune', usage: usage(1000, 1000), options: undefined }),
    ).toBe(0.002);
  });

  it('leaves a model unpriced when the override that names it is unusable', () => {
    const tokens = usage(1000, 1000);
    const badRow = { pricing: { sonnet: { input: 'cheap', output: 1 } } };
    expect(price({ engine: 'claude', model: 'sonnet', usage: tokens, options: badRow })).toBeUndefined();
    const badJson = createPriceUsage({ env: { MAESTRO_GEMINI_PRICING_JSON: '{nope' } });
    expect(badJson({ engine: 'gemini', model: 'flash', usage: tokens, options: undefined })).toBeUndefined();
    // other engines are not affected
    expect(badJson({ engine: 'claude', model: 'haiku', usage: tokens, options: undefined })).toBe(0.006);
  });

  it('lists unusable environment overrides by name', () => {
    expect(
      checkPricingEnvironment({
        MAESTRO_GEMINI_PRICING_JSON: '{nope',
        MAESTRO_CLAUDE_PRICING_JSON: '{"sonnet": {"input": 1}}',
        MAESTRO_CODEX_PRICING_JSON: '{"gpt-5": {"input": 1, "output": 2}}',
        OTHER: '{',
      }),
    ).toEqual([
      expect.stringMatching(/^MAESTRO_GEMINI_PRICING_JSON is not valid JSON/),
      'MAESTRO_CLAUDE_PRICING_JSON.sonnet: both input and output rates are required',
    ]);
  });
});

describe('costOfUsage and the table data', () => {
  it('applies long-context rates to the whole call once the prompt passes the threshold', () => {
    const row = { input: 1, output: 2, long_context: { above_tokens: 100, input: 10, output: 20 } };
    // 60 + 50 cached = 110 > 100: (60·10 + 50·10 + 1·20) / 1e6
    expect(costOfUsage(row, usage(60, 1, 50))).toBe(0.00112);
    // cache writes are part of the prompt too: 30 + 20 read + 60 written = 110 > 100
    // (30·10 + 20·10 + 60·10 + 1·20) / 1e6
    expect(costOfUsage(row, usage(30, 1, 20, 60))).toBe(0.00112);
    // 30 + 20 + 50 = 100, not past it: base rates (30·1 + 20·1 + 50·1 + 1·2) / 1e6
    expect(costOfUsage(row, usage(30, 1, 20, 50))).toBe(0.000102);
  });

  it('prices each part of the prompt once: cache writes are not inside input_tokens', () => {
    // What the anthropic engine reports for input_tokens 7, cache_creation_input_tokens 200000,
    // output_tokens 12 (Anthropic's input_tokens excludes cache writes and reads).
    const anthropicUsage = usage(7, 12, 0, 200_000);
    // claude-sonnet-4-5's base rates, 3 / 0.3 / 15, writes 3.75:
    // (7·3 + 200000·3.75 + 12·15) / 1e6 = (21 + 750000 + 180) / 1e6
    const sonnetBase = { input: 3, cached: 0.3, cache_creation: 3.75, output: 15 };
    expect(costOfUsage(sonnetBase, anthropicUsage)).toBeCloseTo(0.750201, 9);
    // all four parts at their own rates: (1000·3 + 2000·0.3 + 4000·3.75 + 100·15) / 1e6
    // = (3000 + 600 + 15000 + 1500) / 1e6
    expect(costOfUsage(sonnetBase, usage(1000, 100, 2000, 4000))).toBeCloseTo(0.0201, 9);
  });

  it('counts cache writes toward the long-context threshold of the table rows', () => {
    // The table's claude-sonnet-4-5 bills prompts above 200k tokens at 6 / 0.6 / 22.5, writes 7.5. The
    // same call's prompt is 7 + 200000 = 200007 tokens, past it:
    // (7·6 + 200000·7.5 + 12·22.5) / 1e6 = (42 + 1500000 + 270) / 1e6
    expect(
      price({
        engine: 'anthropic',
        model: 'claude-sonnet-4-5',
        usage: usage(7, 12, 0, 200_000),
        options: undefined,
      }),
    ).toBeCloseTo(1.500312, 9);
    // 7 + 199993 = 200000 is not past it: (7·3 + 199993·3.75 + 12·15) / 1e6 = (21 + 749973.75 + 180) / 1e6
    expect(
      price({
        engine: 'anthropic',
        model: 'claude-sonnet-4-5',
        usage: usage(7, 12, 0, 199_993),
        options: undefined,
      }),
    ).toBeCloseTo(0.75017475, 9);
    // a plan override without long-context rates gives the reviewer's flat figure for 7 / 200000 / 12:
    // (7·3 + 200000·3.75 + 12·15) / 1e6
    const options = { pricing: { 'claude-sonnet-4-5': { input: 3, cache_creation: 3.75, output: 15 } } };
    expect(
      price({ engine: 'anthropic', model: 'claude-sonnet-4-5', usage: usage(7, 12, 0, 200_000), options }),
    ).toBeCloseTo(0.750201, 9);
  });

  it('is versioned and dated, with every rate a number >= 0 and every engine table present', () => {
    expect(PRICE_TABLES.version).toBeGreaterThanOrEqual(1);
    expect(PRICE_TABLES.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const table of Object.values(PRICE_TABLES.tables)) {
      for (const row of Object.values(table.models)) {
        for (const rate of [row.input, row.output, row.cached ?? 0, row.cache_creation ?? 0]) {
          expect(rate).toBeGreaterThanOrEqual(0);
        }
      }
      for (const target of Object.values(table.aliases ?? {})) expect(typeof target).toBe('string');
    }
    for (const tableName of Object.values(PRICE_TABLES.engines))
      expect(PRICE_TABLES.tables[tableName]).toBeDefined();
  });
});
