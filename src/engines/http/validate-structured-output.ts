// Checks a structured answer against the task's JSON schema: it must be JSON, and it must match the schema
// as far as zod's JSON-schema reader understands it (a schema zod cannot read is checked for JSON only).
// zod is loaded on first use, so that engines without output_schema never pay for it.
import type { ZodType } from 'zod';
import { ModelCallFailure } from './model-call-failure.ts';

const compiled = new WeakMap<object, ZodType | null>();

export async function validateStructuredOutput(
  engine: string,
  text: string,
  schema: Record<string, unknown>,
): Promise<void> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ModelCallFailure({
      kind: 'bad_output',
      message: `${engine} answer is not JSON although output_schema asks for it`,
    });
  }
  const validator = await compile(schema);
  if (!validator) return;
  const result = validator.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new ModelCallFailure({
      kind: 'bad_output',
      message: `${engine} answer does not match output_schema${where}: ${issue?.message ?? 'invalid'}`,
      raw: { issues: result.error.issues.slice(0, 5) },
    });
  }
}

async function compile(schema: Record<string, unknown>): Promise<ZodType | null> {
  let validator = compiled.get(schema);
  if (validator === undefined) {
    const { fromJSONSchema } = await import('./zod-from-json-schema.ts');
    try {
      validator = fromJSONSchema(schema as Parameters<typeof fromJSONSchema>[0]);
    } catch {
      validator = null;
    }
    compiled.set(schema, validator);
  }
  return validator;
}
