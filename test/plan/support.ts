// Helpers for plan-layer tests.
import { expect } from 'vitest';
import { MaestroError } from '../../src/errors/index.ts';
import { memoryPlanFiles, type Plan, validatePlanText } from '../../src/plan/index.ts';

export const FIXTURES = new URL('../fixtures/plan/', import.meta.url).pathname;

/** The MaestroError a promise rejects with (fails the test when it resolves or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<MaestroError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome, 'expected a MaestroError').toBeDefined();
  if (!MaestroError.isInstance(outcome)) throw outcome;
  return outcome;
}

/** Validate YAML text as `/plans/plan.yaml`, with optional extra in-memory files and folders. */
export function planFromText(
  text: string,
  options: { strict?: boolean; files?: Record<string, string>; directories?: string[] } = {},
): Promise<Plan> {
  return validatePlanText(text, '/plans/plan.yaml', {
    strict: options.strict,
    files: memoryPlanFiles(options.files ?? {}, options.directories ?? []),
  });
}

/** The error code of a plan text, or 'valid'. */
export async function verdict(
  text: string,
  options: Parameters<typeof planFromText>[1] = {},
): Promise<string> {
  try {
    await planFromText(text, options);
    return 'valid';
  } catch (error) {
    if (MaestroError.isInstance(error)) return error.code;
    throw error;
  }
}
