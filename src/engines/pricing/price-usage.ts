// Prices a task attempt's token usage for engines that report usage but no cost. The first source
// that knows the model wins: the plan's `pricing` (engine options), then MAESTRO_<ENGINE>_PRICING_JSON,
// then Maestro's table. A model none of them knows costs `undefined`: unknown, never a guess.
import type { TokenUsage } from '../engine.ts';
import { findModelPrice, normalizeModelId, type PriceRows } from './find-model-price.ts';
import type { ModelPrice, PriceTable, PriceTables } from './model-price.ts';
import { type PriceOverride, parsePriceOverrides } from './parse-price-overrides.ts';
import { OPENCODE_PROVIDER_TABLES, PRICE_TABLES } from './price-table-data.ts';

/** The run kernel's PriceInput, restated here because engines/ does not import run/. */
export interface PriceUsageInput {
  engine: string;
  model: string | undefined;
  usage: TokenUsage;
  /** The engine options of the plan, which may carry `pricing: {model: {input, output, cached}}`. */
  options: Record<string, unknown> | undefined;
}

export interface PriceUsageOptions {
  /** Where MAESTRO_<ENGINE>_PRICING_JSON is read. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** @default PRICE_TABLES */
  tables?: PriceTables;
}

export type PriceUsage = (input: PriceUsageInput) => number | undefined;

/**
 * A pricing function for `runPlan`'s `priceUsage` option.
 * @example
 * const priceUsage = createPriceUsage();
 * priceUsage({ engine: 'claude', model: 'sonnet', usage, options: undefined }); // USD, or undefined
 */
export function createPriceUsage(options: PriceUsageOptions = {}): PriceUsage {
  const env = options.env ?? process.env;
  const tables = options.tables ?? PRICE_TABLES;
  const environmentOverrides = new Map<string, Map<string, PriceOverride>>();
  const overridesFromEnvironment = (engine: string) => {
    let overrides = environmentOverrides.get(engine);
    if (!overrides) {
      overrides = readEnvironmentOverrides(env, engine);
      environmentOverrides.set(engine, overrides);
    }
    return overrides;
  };
  return ({ engine, model, usage, options: engineOptions }) => {
    if (model === undefined || model.trim() === '') return undefined;
    const table = tableFor(tables, engine, model);
    for (const overrides of [
      parsePriceOverrides(engineOptions?.pricing, 'pricing'),
      overridesFromEnvironment(engine),
    ]) {
      if (overrides.size === 0) continue;
      const override = findModelPrice(
        { rows: canonicalKeys(overrides, table), aliases: table?.aliases },
        model,
      );
      if (override) return override.ok ? costOfUsage(override.price, usage) : undefined;
    }
    if (!table) return undefined;
    const price = findModelPrice(
      { rows: new Map(Object.entries(table.models)), aliases: table.aliases },
      model,
    );
    return price ? costOfUsage(price, usage) : undefined;
  };
}

/** Prices with the built-in tables and the process environment. */
export const priceUsage: PriceUsage = createPriceUsage();

/** The environment variable that overrides an engine's prices, e.g. MAESTRO_CLAUDE_PRICING_JSON. */
export function pricingVariableName(engine: string): string {
  return `MAESTRO_${engine.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PRICING_JSON`;
}

/**
 * in·input + cached·cached_rate + cache_creation·cache_creation_rate + out·output, per million tokens.
 * The parts follow TokenUsage's convention (engine.ts): `input_tokens` is the uncached prompt and
 * excludes both cache reads (`cached_tokens`) and cache writes (`cache_creation_tokens`), so each token
 * is priced once. Past `long_context.above_tokens` of whole prompt (input + reads + writes), the
 * long-context rates apply to the whole call.
 */
export function costOfUsage(price: ModelPrice, usage: TokenUsage): number {
  const cacheCreation = usage.cache_creation_tokens ?? 0;
  const promptTokens = usage.input_tokens + usage.cached_tokens + cacheCreation;
  const rates =
    price.long_context && promptTokens > price.long_context.above_tokens ? price.long_context : price;
  const micros =
    usage.input_tokens * rates.input +
    usage.cached_tokens * (rates.cached ?? rates.input) +
    cacheCreation * (rates.cache_creation ?? rates.input) +
    usage.output_tokens * rates.output;
  // Rounded to a billionth of a dollar, so that sums of rates do not show float noise.
  return Math.round(micros * 1000) / 1e9;
}

function tableFor(tables: PriceTables, engine: string, model: string): PriceTable | undefined {
  let name = tables.engines[engine];
  if (engine === 'opencode') {
    const provider = model.includes('/') ? model.slice(0, model.indexOf('/')).toLowerCase() : undefined;
    name = provider === undefined ? undefined : OPENCODE_PROVIDER_TABLES[provider];
  }
  return name === undefined ? undefined : tables.tables[name];
}

function readEnvironmentOverrides(
  env: Readonly<Record<string, string | undefined>>,
  engine: string,
): Map<string, PriceOverride> {
  const name = pricingVariableName(engine);
  const text = env[name];
  if (text === undefined || text.trim() === '') return new Map();
  try {
    return parsePriceOverrides(JSON.parse(text), name);
  } catch (error) {
    const problem = `${name} is not valid JSON: ${(error as Error).message}`;
    return new Map([['*', { ok: false, problem }]]);
  }
}

// Override keys may be aliases (`sonnet`) or spelled like any model id; rows are matched on canonical ids.
function canonicalKeys(
  overrides: Map<string, PriceOverride>,
  table: PriceTable | undefined,
): PriceRows<PriceOverride>['rows'] {
  const rows = new Map<string, PriceOverride>();
  for (const [key, override] of overrides) {
    const id = key === '*' ? key : normalizeModelId(key);
    rows.set(normalizeModelId(table?.aliases?.[id] ?? id), override);
  }
  return rows;
}
