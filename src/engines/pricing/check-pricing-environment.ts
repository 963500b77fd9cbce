// Finds MAESTRO_<ENGINE>_PRICING_JSON values that cannot be used, so that a front door can warn once
// at start-up instead of leaving the affected models silently unpriced.
import { parsePriceOverrides } from './parse-price-overrides.ts';

const PRICING_VARIABLE = /^MAESTRO_[A-Z0-9_]+_PRICING_JSON$/;

/** One message per unreadable variable or row, naming it; empty when every override is usable. */
export function checkPricingEnvironment(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string[] {
  const problems: string[] = [];
  for (const [name, text] of Object.entries(env)) {
    if (!PRICING_VARIABLE.test(name) || text === undefined || text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      problems.push(`${name} is not valid JSON: ${(error as Error).message}`);
      continue;
    }
    for (const override of parsePriceOverrides(value, name).values()) {
      if (!override.ok) problems.push(override.problem);
    }
  }
  return problems;
}
