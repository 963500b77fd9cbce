// Scores the typed criteria locally, at no cost: contains, regex (JavaScript syntax; Python's `(?P<name>`
// is accepted, searched anywhere as Python's re.search does), is-json (the whole output, or one fenced
// block that is the whole output), json-schema (the JSON found in the output against `schema` or
// `schema_file`, read relative to the plan's folder), cost_under (USD of the attempt) and duration_under
// (seconds of the attempt). Each scores 1 or 0.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { extractJson } from '../../context/json-extract.ts';
import { checkAgainstSchema } from '../../context/json-schema-check.ts';
import type { CriterionVerdict, TypedCriterion } from './judge-criteria.ts';

export interface TypedCriterionFacts {
  output: string;
  /** Cost of the attempt being judged; null when unknown (counts as 0). */
  costUsd: number | null;
  durationMs: number;
  /** Where a `schema_file` is looked up: the plan's folder. */
  baseDir: string;
}

export async function scoreTypedCriterion(
  criterion: TypedCriterion,
  facts: TypedCriterionFacts,
): Promise<CriterionVerdict> {
  const { passed, reasoning } = await check(criterion, facts);
  return {
    key: criterion.key,
    criterion: criterion.label,
    kind: 'typed',
    passed,
    score: passed ? 1 : 0,
    weight: criterion.weight,
    reasoning,
  };
}

async function check(
  criterion: TypedCriterion,
  facts: TypedCriterionFacts,
): Promise<{ passed: boolean; reasoning: string }> {
  const { spec } = criterion;
  const output = facts.output;
  switch (criterion.type) {
    case 'contains': {
      const value = typeof spec.value === 'string' ? spec.value : JSON.stringify(spec.value ?? '');
      const passed = output.includes(value);
      return {
        passed,
        reasoning: `the output ${passed ? 'contains' : 'does not contain'} ${JSON.stringify(value)}`,
      };
    }
    case 'regex': {
      const pattern = String(spec.pattern ?? spec.value ?? '');
      let regex: RegExp;
      try {
        regex = new RegExp(pattern.replaceAll('(?P<', '(?<'));
      } catch (error) {
        return {
          passed: false,
          reasoning: `invalid regular expression /${pattern}/: ${(error as Error).message}`,
        };
      }
      const passed = regex.test(output);
      return { passed, reasoning: `the output ${passed ? 'matches' : 'does not match'} /${pattern}/` };
    }
    case 'is-json': {
      const passed = isJsonDocument(output);
      return { passed, reasoning: passed ? 'the output is valid JSON' : 'the output is not a JSON document' };
    }
    case 'json-schema':
      return checkJsonSchema(spec, facts);
    case 'cost_under': {
      const limit = Number(spec.value);
      const cost = facts.costUsd ?? 0;
      const passed = cost < limit;
      return {
        passed,
        reasoning: `the attempt cost $${cost.toFixed(4)}${facts.costUsd === null ? ' (unknown, counted as 0)' : ''}, limit $${limit}`,
      };
    }
    case 'duration_under': {
      const limit = Number(spec.value);
      const seconds = facts.durationMs / 1000;
      const passed = seconds < limit;
      return { passed, reasoning: `the attempt took ${seconds.toFixed(2)}s, limit ${limit}s` };
    }
    default:
      return { passed: false, reasoning: `unknown criterion type '${String(criterion.type)}'` };
  }
}

/** The whole output (trimmed) is JSON, or is one fenced code block holding JSON. */
export function isJsonDocument(output: string): boolean {
  const trimmed = output.trim();
  const fenced = /^```[ \t]*(?:json|JSON)?[ \t]*\n([\s\S]*?)\n?```$/.exec(trimmed);
  const body = fenced ? (fenced[1] ?? '') : trimmed;
  if (body.trim() === '') return false;
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

async function checkJsonSchema(
  spec: Record<string, unknown>,
  facts: TypedCriterionFacts,
): Promise<{ passed: boolean; reasoning: string }> {
  let schema: Record<string, unknown>;
  if (typeof spec.schema_file === 'string') {
    const path = resolve(facts.baseDir, spec.schema_file);
    try {
      const { parse } = await import('yaml');
      schema = parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      return { passed: false, reasoning: `cannot read schema_file ${path}: ${(error as Error).message}` };
    }
  } else {
    schema = (spec.schema ?? {}) as Record<string, unknown>;
  }
  const extracted = extractJson(facts.output);
  if (!extracted.ok) return { passed: false, reasoning: extracted.error };
  const result = await checkAgainstSchema(schema, extracted.value);
  if (result.ok) return { passed: true, reasoning: 'the JSON in the output matches the schema' };
  if ('schemaError' in result)
    return { passed: false, reasoning: `the schema is invalid: ${result.schemaError}` };
  return {
    passed: false,
    reasoning: `the JSON does not match the schema: ${result.errors.slice(0, 5).join('; ')}`,
  };
}
