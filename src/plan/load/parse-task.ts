// Schema-parses the task entries. A missing id is E001 (as maestro-cli: `tasks[0].id is required`).
// The usual task is read by the fast reader; the zod schema is loaded only for a task it cannot read
// (a judge, a matrix, a wrong value, ...), so the common plan never pays for importing zod.
import { fastParseMapping } from '../schema/fast-parse.ts';
import { TASK_FIELDS } from '../schema/plan-fields.ts';
import type { ParsedTask } from '../schema/task-schema.ts';
import { parseOrThrow } from '../validate/schema-issues.ts';
import { type LoadedTask, type TaskEntry, taskError } from './task-entry.ts';

type TaskSchema = typeof import('../schema/task-schema.ts').taskSchema;

/** Parse every entry in order; the first problem is thrown. */
export async function parseTasks(entries: readonly TaskEntry[]): Promise<LoadedTask[]> {
  let schema: TaskSchema | undefined;
  const loaded: LoadedTask[] = [];
  for (const entry of entries) {
    const fast = fastParseMapping(entry.raw, TASK_FIELDS) as ParsedTask | undefined;
    if (fast && fast.id !== undefined && fast.id.trim() !== '') {
      loaded.push(withTrimmedId(fast, entry));
      continue;
    }
    schema ??= (await import('../schema/task-schema.ts')).taskSchema;
    loaded.push(parseTask(entry, schema));
  }
  return loaded;
}

export function parseTask(entry: TaskEntry, schema: TaskSchema): LoadedTask {
  const rawId = entry.raw.id;
  const label = describeTask(entry);
  if (rawId === undefined || rawId === null || (typeof rawId === 'string' && rawId.trim() === '')) {
    throw taskError(entry, 'E001', `${label}.id is required`);
  }
  const task = parseOrThrow(schema, entry.raw, {
    source: entry.origin.source,
    path: entry.origin.path,
    subject: typeof rawId === 'string' || typeof rawId === 'number' ? `Task '${rawId}'` : label,
  });
  return withTrimmedId(task, entry);
}

// The parsed object is fresh, so setting the trimmed id in place is safe (and far cheaper than a spread).
function withTrimmedId(task: ParsedTask, entry: TaskEntry): LoadedTask {
  task.id = (task.id ?? '').trim();
  return { task: task as LoadedTask['task'], origin: entry.origin };
}

/** `tasks[3]`, for messages about a task without a usable id (the location names the file). */
export function describeTask(entry: TaskEntry): string {
  const index = entry.origin.path.at(-1);
  return `tasks[${String(index)}]`;
}
