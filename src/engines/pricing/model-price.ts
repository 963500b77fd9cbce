// The shape of one price row and of the pricing tables. Rates are USD per million tokens.

export interface ModelPrice {
  /** Uncached input tokens (`input_tokens`: neither cache reads nor cache writes). */
  input: number;
  output: number;
  /** Cache reads. @default the input rate */
  cached?: number;
  /** Cache writes (`cache_creation_tokens`, not part of `input_tokens`). @default the input rate */
  cache_creation?: number;
  /** Higher rates for the whole call once its prompt (input + cache reads + cache writes) passes a size. */
  long_context?: { above_tokens: number } & Omit<ModelPrice, 'long_context'>;
}

export interface PriceTable {
  /** Short names a plan may use, mapped to a model id of this table (`sonnet` → `claude-sonnet-4-6`). */
  aliases?: Readonly<Record<string, string>>;
  /**
   * Prices by model id. A row also prices dated or tagged variants of its id (`-20250929`, `@20250929`,
   * `-2024-08-06`, `-preview`, `-latest`, `-001`): the longest such prefix wins. `*` prices every model.
   */
  models: Readonly<Record<string, ModelPrice>>;
}

export interface PriceTables {
  /** Bumped whenever a rate changes. */
  version: number;
  /** The day the rates were last checked against the providers' price pages. */
  updated: string;
  tables: Readonly<Record<string, PriceTable>>;
  /** Which table prices each engine's usage. Engines not listed (and `copilot`, billed by subscription) have none. */
  engines: Readonly<Record<string, string>>;
}
