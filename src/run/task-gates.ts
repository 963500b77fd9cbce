// The quality gates that run after an attempt whose engine call (and verify_command) succeeded, in
// maestro-cli's order: output_schema, guard_command, assert, judge. The first gate that fails decides the
// attempt's verdict; its feedback goes into the retry prompt.

import type { EngineCall } from '../engines/engine.ts';
import type { Task } from '../plan/types.ts';
import type { AttemptOutcome } from './executor.ts';
import type { TaskSpend } from './model-call.ts';
import { checkOutputSchema } from './output-schema-gate.ts';
import type { RunContext } from './run-context.ts';
import type { TaskLog } from './task-log.ts';

export interface GateInput {
  context: RunContext;
  task: Task;
  /** The call the attempt made (engine, model, cwd, env, timeout). */
  call: EngineCall;
  attempt: number;
  maxAttempts: number;
  outcome: AttemptOutcome;
  /** The attempt's output (the engine's final text, or a shell task's stdout). */
  output: string;
  log: TaskLog;
  /** Charge the cost of the gate's own model calls here. */
  spend: TaskSpend;
}

export interface GateFailure {
  /** Which gate: `output_schema`, `guard_command`, `assert`, `judge`. */
  gate: string;
  /** Whether another attempt may fix it (judge `on_fail: fail` is final). */
  retryable: boolean;
  /** A failure category (`verification_gap`, `output_format_error`, `quality_gate`, ...). */
  category: string;
  message: string;
  /** Fed back to the model on the retry. */
  detail: string;
  exitCode?: number | null;
}

export async function runQualityGates(input: GateInput): Promise<GateFailure | null> {
  return await checkOutputSchema(input);
}
