// Decides, once every dependency of a task has ended, whether the task runs or is skipped, and why.
import { evaluateWhen, parseWhen } from '../plan/runtime.ts';
import type { Task } from '../plan/types.ts';
import type { SkipKind, TaskRecord } from './task-record.ts';
import type { TemplateLookup } from './template-scope.ts';

export type TaskDecision =
  | { action: 'run' }
  | { action: 'skip'; kind: SkipKind; reason: string }
  | { action: 'fail'; reason: string };

export function decideTask(
  task: Task,
  records: ReadonlyMap<string, TaskRecord>,
  lookup: TemplateLookup,
): TaskDecision {
  if (task.when !== undefined && task.when.trim() !== '') return decideByCondition(task.when, lookup);
  for (const dependencyId of task.depends_on) {
    const dependency = records.get(dependencyId);
    if (!dependency)
      return { action: 'skip', kind: 'dependency', reason: `dependency ${dependencyId} missing` };
    switch (dependency.status) {
      case 'failed':
        return { action: 'skip', kind: 'dependency', reason: `dependency ${dependencyId} failed` };
      case 'cancelled':
        return { action: 'skip', kind: 'dependency', reason: `dependency ${dependencyId} cancelled` };
      case 'skipped':
        // A task left out by --only/--skip counts as satisfied: the user chose not to run it.
        if (dependency.skipKind === 'filter') continue;
        // Behind a branch that a `when` turned off, dependants are off too, and that is no failure.
        return {
          action: 'skip',
          kind: dependency.skipKind === 'condition' ? 'condition' : 'dependency',
          reason: `dependency ${dependencyId} skipped`,
        };
      default:
        continue;
    }
  }
  return { action: 'run' };
}

// With `when:` the condition alone decides, so `when: "{{ a.status }} == failed"` runs after a failure.
function decideByCondition(expression: string, lookup: TemplateLookup): TaskDecision {
  let satisfied: boolean;
  try {
    satisfied = evaluateWhen(parseWhen(expression), lookup);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { action: 'fail', reason: `invalid when expression '${expression}': ${detail}` };
  }
  return satisfied
    ? { action: 'run' }
    : { action: 'skip', kind: 'condition', reason: `condition not met: ${expression}` };
}
