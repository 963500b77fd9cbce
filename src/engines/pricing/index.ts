/**
 * @module
 * Token prices per engine and model (USD per million tokens), kept as versioned data, and the function
 * the run kernel uses to price an attempt whose engine reported usage but no cost.
 */
export { checkPricingEnvironment } from './check-pricing-environment.ts';
export { findModelPrice, normalizeModelId } from './find-model-price.ts';
export type { ModelPrice, PriceTable, PriceTables } from './model-price.ts';
export { PRICE_TABLES } from './price-table-data.ts';
export {
  costOfUsage,
  createPriceUsage,
  type PriceUsage,
  type PriceUsageInput,
  type PriceUsageOptions,
  priceUsage,
  pricingVariableName,
} from './price-usage.ts';
