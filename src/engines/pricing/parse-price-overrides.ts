// Reads price overrides: a plan's `pricing` block or a MAESTRO_<ENGINE>_PRICING_JSON value, both
// `{model: {input, output, cached?, cache_creation?}}` in USD per million tokens. maestro-cli's spelling
// (`input_per_million`, `cached_input_per_million`, `output_per_million`) is accepted too. A row that
// cannot be read is kept as a problem, so that a model it names is left unpriced rather than priced
// from the built-in table behind the user's back.
import type { ModelPrice } from './model-price.ts';

export type PriceOverride = { ok: true; price: ModelPrice } | { ok: false; problem: string };

const FIELD_SPELLINGS: Record<'input' | 'output' | 'cached' | 'cache_creation', string[]> = {
  input: ['input', 'input_per_million'],
  output: ['output', 'output_per_million'],
  cached: ['cached', 'cached_input', 'cached_input_per_million'],
  cache_creation: ['cache_creation', 'cache_creation_per_million'],
};

/** Rows keyed by normalized model id; `*` or `default` prices every model of the engine. */
export function parsePriceOverrides(value: unknown, source: string): Map<string, PriceOverride> {
  const overrides = new Map<string, PriceOverride>();
  if (value === undefined || value === null) return overrides;
  if (typeof value !== 'object' || Array.isArray(value)) {
    overrides.set('*', { ok: false, problem: `${source}: expected {model: {input, output, cached}}` });
    return overrides;
  }
  for (const [model, row] of Object.entries(value as Record<string, unknown>)) {
    const key = model === 'default' ? '*' : model.trim().toLowerCase();
    overrides.set(key, parseRow(row, `${source}.${model}`));
  }
  return overrides;
}

function parseRow(row: unknown, source: string): PriceOverride {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    return { ok: false, problem: `${source}: expected {input, output, cached} in USD per million tokens` };
  }
  const fields = row as Record<string, unknown>;
  const price: Partial<ModelPrice> = {};
  for (const [field, spellings] of Object.entries(FIELD_SPELLINGS)) {
    const spelling = spellings.find((name) => fields[name] !== undefined);
    if (spelling === undefined) continue;
    const rate = fields[spelling];
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0) {
      return {
        ok: false,
        problem: `${source}.${spelling}: expected a number >= 0, got ${JSON.stringify(rate)}`,
      };
    }
    price[field as keyof typeof FIELD_SPELLINGS] = rate;
  }
  if (price.input === undefined || price.output === undefined) {
    return { ok: false, problem: `${source}: both input and output rates are required` };
  }
  return { ok: true, price: price as ModelPrice };
}
