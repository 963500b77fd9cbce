// Validates a JSON value against a task's `output_schema` with Ajv (JSON Schema draft-07 and the parts of
// 2019-09/2020-12 Ajv's default build knows), all errors at once, as lines a model can act on. Ajv is
// loaded on first use and each schema compiled once, by an Ajv of its own: Ajv keeps every schema it
// compiled by `$id`, so two tasks whose schemas share an `$id` would otherwise clash. `format` is not
// checked (no format plugin).
import type { ErrorObject, ValidateFunction } from 'ajv';

export type SchemaCheck =
  | { ok: true }
  | { ok: false; errors: string[] }
  | { ok: false; schemaError: string; errors: [] };

interface Validator {
  compile(schema: object): ValidateFunction;
}

let createValidator: Promise<() => Validator> | undefined;
const compiled = new Map<string, ValidateFunction | Error>();

async function newValidator(): Promise<Validator> {
  createValidator ??= import('ajv').then(
    ({ Ajv }) =>
      () =>
        new Ajv({ allErrors: true, strict: false, validateFormats: false }),
  );
  return (await createValidator)();
}

export async function checkAgainstSchema(
  schema: Record<string, unknown>,
  value: unknown,
): Promise<SchemaCheck> {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (validate === undefined) {
    const ajv = await newValidator();
    try {
      validate = ajv.compile(schema);
    } catch (error) {
      validate = error instanceof Error ? error : new Error(String(error));
    }
    compiled.set(key, validate);
  }
  if (validate instanceof Error) return { ok: false, schemaError: validate.message, errors: [] };
  if (validate(value)) return { ok: true };
  return { ok: false, errors: (validate.errors ?? []).slice(0, 20).map(describeError) };
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath || '(root)';
  const params = error.params as Record<string, unknown>;
  let detail = '';
  if (error.keyword === 'additionalProperties') detail = `: '${String(params.additionalProperty)}'`;
  else if (error.keyword === 'enum') detail = `: ${JSON.stringify(params.allowedValues)}`;
  else if (error.keyword === 'const') detail = `: ${JSON.stringify(params.allowedValue)}`;
  return `${where} ${error.message ?? 'is invalid'}${detail}`;
}
