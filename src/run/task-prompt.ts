// Builds what a task sends to its engine: the rendered command or prompt, with the plan goal and raw
// upstream context in front of an engine prompt, and failure feedback on retries.
import { renderTemplate } from '../plan/runtime.ts';
import type { Plan, Task } from '../plan/types.ts';
import type { TaskRecord } from './task-record.ts';
import type { TemplateLookup } from './template-scope.ts';

export function renderCommand(
  command: string | string[] | undefined,
  lookup: TemplateLookup,
): string | string[] | undefined {
  if (command === undefined) return undefined;
  if (Array.isArray(command)) return command.map((part) => renderTemplate(part, lookup));
  return renderTemplate(command, lookup);
}

export function buildEnginePrompt(
  plan: Plan,
  task: Task,
  records: ReadonlyMap<string, TaskRecord>,
  lookup: TemplateLookup,
): string {
  // A front door that writes the whole prompt itself (the council quotes members' answers, which may
  // contain `{{ ... }}`) marks it literal: sent exactly as written, nothing rendered or prepended.
  if (task.literal_prompt === true) return task.prompt ?? '';
  const sections: string[] = [];
  if (plan.goal) sections.push(`Goal: ${plan.goal}`);
  for (const upstreamId of contextSources(task)) {
    const upstream = records.get(upstreamId);
    if (!upstream) continue;
    sections.push(`[Context from task ${upstreamId} (${upstream.status})]\n${upstream.output}`);
  }
  sections.push(renderTemplate(task.prompt ?? '', lookup));
  return sections.join('\n\n');
}

function contextSources(task: Task): string[] {
  if (task.context_from.includes('*')) return task.depends_on;
  return task.context_from;
}

/** Appended to an engine prompt on a retry, so the model sees why the last attempt failed. */
export function retryFeedback(attempt: number, reason: string, detail: string): string {
  const trimmed = detail.length > 4000 ? `...${detail.slice(-4000)}` : detail;
  return `[Previous attempt ${attempt} failed: ${reason}]${trimmed ? `\n${trimmed}` : ''}`;
}
