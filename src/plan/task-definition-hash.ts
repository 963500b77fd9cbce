// A task's definition hash: what --resume compares to carry a result over (result.json's
// `definition_hash`), so a changed task runs again. It is a pure function of the loaded Task, so the plan
// cache keeps it beside a remembered plan and a run of that plan does not hash every task again (about
// 30 us a task here). The text it hashes must never change: results written by earlier versions of
// Maestro carry it.
import { hash } from 'node:crypto';
import type { Plan, Task } from './types.ts';

/** Identifies what a task would do: sha256(stable JSON of every field but `source`/`group_plan`)[:16]. */
export function taskDefinitionHash(task: Task): string {
  // Where the task was written and its loaded sub-plan are left out (no copy of the task is made).
  // A string of its own, not a slice of the 64-character hex (V8 would keep that alive with it).
  return hash('sha256', stableStringify(task, NOT_DEFINITION), 'buffer').toString('hex', 0, 8);
}

const known = new WeakMap<Task, string>();

/** The definition hash of this Task object, computed once (a loaded Task is never changed). */
export function definitionHashOf(task: Task): string {
  let definitionHash = known.get(task);
  if (definitionHash === undefined) {
    definitionHash = taskDefinitionHash(task);
    known.set(task, definitionHash);
  }
  return definitionHash;
}

/** The hash of each of the plan's tasks, in order (what the plan cache keeps). */
export function planDefinitionHashes(plan: Plan): string[] {
  return plan.tasks.map(definitionHashOf);
}

/**
 * Takes the hashes kept with a remembered plan as the tasks' own (one string per task, in order);
 * anything else is ignored, and the hashes are then computed when asked for.
 */
export function adoptDefinitionHashes(plan: Plan, hashes: unknown): void {
  if (!Array.isArray(hashes) || hashes.length !== plan.tasks.length) return;
  if (!hashes.every((item) => typeof item === 'string' && /^[0-9a-f]{16}$/.test(item))) return;
  for (let index = 0; index < hashes.length; index += 1)
    known.set(plan.tasks[index]!, hashes[index] as string);
}

const NOT_DEFINITION: ReadonlySet<string> = new Set(['source', 'group_plan']);

/**
 * Identifies what a plan would do (a group task's sub-plan): sha256, in full hex, of its settings and of
 * each task's definition hash, a nested group's sub-plan in turn. Where it was written (its file, folder
 * and warnings) and how it is scheduled (`max_parallel`, `run_dir`) are left out.
 */
export function planDefinitionHash(plan: Plan): string {
  const tasks = plan.tasks.map((task) =>
    task.group_plan ? [definitionHashOf(task), planDefinitionHash(task.group_plan)] : definitionHashOf(task),
  );
  return hash('sha256', stableStringify({ ...plan, tasks }, NOT_PLAN_DEFINITION), 'hex');
}

const NOT_PLAN_DEFINITION: ReadonlySet<string> = new Set([
  'file',
  'baseDir',
  'warnings',
  'run_dir',
  'max_parallel',
]);

// Keys sorted, undefined members left out; written with loops (it runs once per task of every run).
function stableStringify(value: unknown, skipKeys?: ReadonlySet<string>): string {
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) text += ',';
      // A hole stays empty, as Array#join writes it.
      if (index in value) text += stableStringify(value[index]);
    }
    return `${text}]`;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    let text = '{';
    let first = true;
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item === undefined || skipKeys?.has(key)) continue;
      if (!first) text += ',';
      text += `${JSON.stringify(key)}:${stableStringify(item)}`;
      first = false;
    }
    return `${text}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
