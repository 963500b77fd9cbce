// `group: sub.yaml` runs another plan as a nested DAG. The sub-plan is loaded and validated with the
// parent (errors point into the sub-file) and put on `task.group_plan`. A group file that includes one
// of the files above it is a cycle (E025); a missing or unreadable file is E106.
import type { MaestroError } from '../../errors/index.ts';
import { type LoadedTask, taskError } from '../load/task-entry.ts';
import type { Plan, PlanWarning, Task } from '../types.ts';

export interface GroupContext {
  /** Plan files above the current one, outermost first, ending with the current file. */
  chain: readonly string[];
  /** Sub-plans loaded during this load, so a file used by many tasks is loaded once. */
  cache: Map<string, Promise<Plan>>;
  /** Loads a plan file; `unreadable` words a missing (no reason) or unreadable one. */
  load(file: string, chain: readonly string[], unreadable: (reason?: string) => MaestroError): Promise<Plan>;
}

export async function attachGroupPlans(
  tasks: readonly Task[],
  loadedTasks: readonly LoadedTask[],
  context: GroupContext,
  warnings: PlanWarning[],
): Promise<void> {
  const seen = new Set<string>();
  for (const [index, task] of tasks.entries()) {
    const file = task.group;
    if (file === undefined) continue;
    const loaded = loadedTasks[index] as LoadedTask;
    if (context.chain.includes(file)) {
      throw taskError(
        loaded,
        'E025',
        `Task '${task.id}': group sub-plan cycle: ${[...context.chain, file].join(' -> ')}`,
        ['group'],
      );
    }
    let pending = context.cache.get(file);
    if (!pending) {
      // Reading it is the existence check: a folder or a missing file reads as nothing, and a file that
      // is there but cannot be read says why.
      const unreadable = (reason?: string) =>
        taskError(
          loaded,
          'E106',
          reason === undefined
            ? `Task '${task.id}': group sub-plan not found: ${file}`
            : `Task '${task.id}': group sub-plan cannot be read: ${file} (${reason})`,
          ['group'],
        );
      pending = context.load(file, [...context.chain, file], unreadable);
      context.cache.set(file, pending);
    }
    const plan = await pending;
    task.group_plan = plan;
    if (!seen.has(file)) {
      seen.add(file);
      warnings.push(...plan.warnings);
    }
  }
}
