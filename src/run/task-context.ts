// Assembles an engine task's prompt: goal, the context of its `context_from` upstreams in the task's
// `context_mode`, and the rendered prompt text.
import type { Task } from '../plan/types.ts';
import type { TaskSpend } from './model-call.ts';
import type { RunContext } from './run-context.ts';
import type { TaskLog } from './task-log.ts';
import { buildEnginePrompt } from './task-prompt.ts';
import type { TemplateLookup } from './template-scope.ts';

export interface PromptAssembly {
  context: RunContext;
  task: Task;
  lookup: TemplateLookup;
  log: TaskLog;
  /** Summaries and other context model calls are charged here. */
  spend: TaskSpend;
}

export async function assembleEnginePrompt(input: PromptAssembly): Promise<string> {
  return buildEnginePrompt(input.context.plan, input.task, input.context.records, input.lookup);
}
