// Schema-parses one task entry. A missing id is E001 (as maestro-cli: `tasks[0].id is required`).
import { taskSchema } from '../schema/task-schema.ts';
import { parseOrThrow } from '../validate/schema-issues.ts';
import { type LoadedTask, type TaskEntry, taskError } from './task-entry.ts';

export function parseTask(entry: TaskEntry): LoadedTask {
  const rawId = entry.raw.id;
  const label = describeTask(entry);
  if (rawId === undefined || rawId === null || (typeof rawId === 'string' && rawId.trim() === '')) {
    throw taskError(entry, 'E001', `${label}.id is required`);
  }
  const task = parseOrThrow(taskSchema, entry.raw, {
    source: entry.origin.source,
    path: entry.origin.path,
    subject: typeof rawId === 'string' || typeof rawId === 'number' ? `Task '${rawId}'` : label,
  });
  // The parsed object is fresh, so setting the trimmed id in place is safe (and far cheaper than a spread).
  task.id = (task.id ?? '').trim();
  return { task: task as LoadedTask['task'], origin: entry.origin };
}

/** `tasks[3]`, for messages about a task without a usable id (the location names the file). */
export function describeTask(entry: TaskEntry): string {
  const index = entry.origin.path.at(-1);
  return `tasks[${String(index)}]`;
}
