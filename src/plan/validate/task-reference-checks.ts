// Rules between tasks: unique ids, dependencies that exist, context only from direct dependencies, and
// `when` conditions that reference direct dependencies. Contract and consistency-group references add
// the implicit dependencies maestro-cli adds.
import { didYouMean } from '../did-you-mean.ts';
import { type LoadedTask, taskError } from '../load/task-entry.ts';
import type { PlanWarning } from '../types.ts';
import { parseWhen, whenReferences } from '../when/when-parser.ts';
import { WhenSyntaxError } from '../when/when-syntax-error.ts';

export function checkUniqueIds(tasks: readonly LoadedTask[]): Map<string, LoadedTask> {
  const byId = new Map<string, LoadedTask>();
  for (const loaded of tasks) {
    if (byId.has(loaded.task.id)) {
      throw taskError(
        loaded,
        'E003',
        `Task IDs must be unique: '${loaded.task.id}' is defined more than once`,
        ['id'],
      );
    }
    byId.set(loaded.task.id, loaded);
  }
  return byId;
}

/** consumes_contracts / reconcile_after: check them (E018), then add the dependencies they imply. */
export function addImplicitDependencies(
  tasks: readonly LoadedTask[],
  byId: ReadonlyMap<string, LoadedTask>,
): void {
  const groups = new Map<string, string[]>();
  for (const { task } of tasks) {
    for (const group of task.consistency_group ?? [])
      groups.set(group, [...(groups.get(group) ?? []), task.id]);
  }
  for (const loaded of tasks) {
    const { task } = loaded;
    const implied: string[] = [];
    (task.consumes_contracts ?? []).forEach((producerId, index) => {
      const producer = byId.get(producerId);
      const field = ['consumes_contracts', index];
      if (!producer)
        throw taskError(
          loaded,
          'E018',
          `Task '${task.id}' consumes_contracts references unknown task '${producerId}'`,
          field,
        );
      if (producerId === task.id)
        throw taskError(loaded, 'E018', `Task '${task.id}' cannot consume its own contract`, field);
      if (producer.task.contract_type === undefined) {
        throw taskError(
          loaded,
          'E018',
          `Task '${task.id}' consumes_contracts references '${producerId}', which does not declare contract_type`,
          field,
        );
      }
      implied.push(producerId);
    });
    (task.reconcile_after ?? []).forEach((group, index) => {
      const members = groups.get(group);
      if (!members) {
        throw taskError(
          loaded,
          'E018',
          `Task '${task.id}' reconcile_after references unknown consistency_group '${group}'`,
          ['reconcile_after', index],
        );
      }
      implied.push(...members.filter((member) => member !== task.id));
    });
    const missing = implied.filter((id) => !(task.depends_on ?? []).includes(id));
    if (missing.length > 0) task.depends_on = [...new Set([...(task.depends_on ?? []), ...missing])];
  }
}

export function checkReferences(
  loaded: LoadedTask,
  byId: ReadonlyMap<string, LoadedTask>,
  warnings: PlanWarning[],
): void {
  const { task } = loaded;
  const subject = `Task '${task.id}'`;
  const dependsOn = task.depends_on ?? [];
  dependsOn.forEach((dependency, index) => {
    if (dependency === task.id)
      throw taskError(loaded, 'E016', `${subject} cannot depend on itself`, ['depends_on', index]);
    if (!byId.has(dependency)) {
      throw taskError(
        loaded,
        'E005',
        `${subject} depends on unknown task '${dependency}'${didYouMean(dependency, [...byId.keys()])}`,
        ['depends_on', index],
      );
    }
  });
  (task.context_from ?? []).forEach((source, index) => {
    if (source === '*') return;
    if (!byId.has(source)) {
      throw taskError(
        loaded,
        'E010',
        `${subject} context_from references unknown task '${source}'${didYouMean(source, [...byId.keys()])}`,
        ['context_from', index],
      );
    }
    if (!dependsOn.includes(source)) {
      throw taskError(
        loaded,
        'E010',
        `${subject} context_from lists '${source}' which is not in depends_on (context is only available from direct dependencies)`,
        ['context_from', index],
      );
    }
  });
  if (task.when !== undefined) checkWhen(loaded, task.when, dependsOn, byId, warnings);
}

function checkWhen(
  loaded: LoadedTask,
  when: string,
  dependsOn: readonly string[],
  byId: ReadonlyMap<string, LoadedTask>,
  warnings: PlanWarning[],
): void {
  const subject = `Task '${loaded.task.id}'`;
  for (const id of whenReferences(when, (candidate) => byId.has(candidate))) {
    if (!byId.has(id))
      throw taskError(loaded, 'E015', `${subject}: when expression references unknown task '${id}'`, [
        'when',
      ]);
    if (!dependsOn.includes(id)) {
      throw taskError(
        loaded,
        'E015',
        `${subject}: when expression references task '${id}' which is not in depends_on`,
        ['when'],
      );
    }
  }
  try {
    parseWhen(when);
  } catch (error) {
    if (!(error instanceof WhenSyntaxError)) throw error;
    // The plan still loads (maestro-cli accepts any text); the task fails when the condition is evaluated.
    const location = loaded.origin.source.locate([...loaded.origin.path, 'when']);
    warnings.push({
      code: 'W101',
      message: `${subject}: when expression does not parse: ${error.message}`,
      location,
    });
  }
}
