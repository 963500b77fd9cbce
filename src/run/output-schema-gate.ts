// `output_schema`: the first quality gate. The attempt's output must hold JSON (the whole output, else the
// last fenced ```json block, else the last {...}/[...] span) that satisfies the task's JSON Schema; a
// failure is retried with the validation errors and the schema as feedback (category
// `output_format_error`). The value that passed is kept as the task's `structured_output` (result.json)
// and feeds `{{ id.output.FIELD }}`.
import { extractJson } from '../context/json-extract.ts';
import { checkAgainstSchema } from '../context/json-schema-check.ts';
import { addResultFacts } from './task-context.ts';
import type { GateFailure, GateInput } from './task-gates.ts';

const schemaShownChars = 2000;

export async function checkOutputSchema(input: GateInput): Promise<GateFailure | null> {
  const { task, context, log, attempt } = input;
  const schema = task.output_schema;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return null;
  const extracted = extractJson(input.output);
  const check = extracted.ok
    ? await checkAgainstSchema(schema as Record<string, unknown>, extracted.value)
    : ({ ok: false, errors: [extracted.error] } as const);
  const schemaError = 'schemaError' in check ? check.schemaError : undefined;
  context.events.append('output_schema_check', {
    task_id: task.id,
    attempt,
    valid: check.ok,
    json_found: extracted.ok,
    json_source: extracted.ok ? extracted.source : null,
    errors: check.ok ? [] : schemaError ? [schemaError] : check.errors,
  });
  if (check.ok) {
    addResultFacts(input.spend, { structured_output: extracted.ok ? extracted.value : null });
    log.line(`\n[output_schema] valid (${extracted.ok ? extracted.source : ''} JSON)`);
    return null;
  }
  if (schemaError !== undefined) {
    log.line(`\n[output_schema] the schema itself is invalid: ${schemaError}`);
    return {
      gate: 'output_schema',
      retryable: false,
      category: 'validation_error',
      message: `output_schema of task '${task.id}' is not a valid JSON Schema: ${schemaError}`,
      detail: '',
    };
  }
  const errors = check.errors;
  log.line(`\n[output_schema] invalid:\n${errors.map((error) => `- ${error}`).join('\n')}`);
  const shown = JSON.stringify(schema);
  return {
    gate: 'output_schema',
    retryable: true,
    category: 'output_format_error',
    message: extracted.ok
      ? `output does not match output_schema (${errors.length} error${errors.length === 1 ? '' : 's'}): ${errors.slice(0, 3).join('; ')}`
      : 'output is not JSON although the task has an output_schema',
    detail: [
      'Your answer must be JSON that matches the JSON Schema of this task:',
      shown.length > schemaShownChars ? `${shown.slice(0, schemaShownChars)} […]` : shown,
      'Problems found in your last answer:',
      ...errors.map((error) => `- ${error}`),
      'Answer again with corrected JSON only.',
    ].join('\n'),
  };
}
