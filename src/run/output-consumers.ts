// Which tasks' full output someone will read: a template (`{{ id.output }}`, `{{ id.output.FIELD }}`)
// or `context_from`. Only those outputs are kept in memory and in result.json; for every other task the
// stdout tail is enough, so a 10 000-task run does not hold 10 000 outputs.
import { splitTaskReference, templateReferences } from '../plan/runtime.ts';
import type { Plan, Task } from '../plan/types.ts';
import { hasPendingPrompt } from './pending-prompt.ts';

const outputFields = new Set(['output', 'result_text']);

export function findOutputConsumers(plan: Plan): Set<string> {
  const ids = new Set(plan.tasks.map((task) => task.id));
  const isTaskId = (id: string) => ids.has(id);
  const consumed = new Set<string>();
  for (const task of plan.tasks) {
    for (const text of templatedTexts(task)) {
      for (const parts of templateReferences(text)) {
        const { taskId, field } = splitTaskReference(parts, isTaskId);
        if (ids.has(taskId) && outputFields.has(field[0] ?? '')) consumed.add(taskId);
      }
    }
    const sources = task.context_from.includes('*') ? task.depends_on : task.context_from;
    for (const id of sources) consumed.add(id);
    // A prompt file read when the task starts may name any task it depends on: all are kept for it.
    if (hasPendingPrompt(task)) for (const id of task.depends_on) consumed.add(id);
  }
  return consumed;
}

function templatedTexts(task: Task): string[] {
  const texts: string[] = [];
  for (const value of [task.command, task.pre_command, task.verify_command, task.guard_command]) {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) texts.push(...value);
  }
  if (task.prompt) texts.push(task.prompt);
  if (task.when) texts.push(task.when);
  return texts;
}
