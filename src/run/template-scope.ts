// The values a template may reference while a task is prepared: `{{ goal }}`, `{{ plan_name }}`,
// `{{ task_id }}`, `{{ matrix.x }}` and, for every task that has ended, `{{ id.output }}`,
// `{{ id.status }}`, `{{ id.exit_code }}`, `{{ id.stdout_tail }}`, `{{ id.output.FIELD }}` ...
import type { Plan, Task } from '../plan/types.ts';
import type { TaskRecord } from './task-record.ts';

export type TemplateLookup = (parts: string[]) => string | undefined;

export function createTemplateLookup(
  plan: Plan,
  task: Task,
  records: ReadonlyMap<string, TaskRecord>,
  extra: Record<string, string> = {},
): TemplateLookup {
  return (parts) => {
    const [head, ...rest] = parts;
    if (head === undefined) return undefined;
    if (rest.length === 0) {
      if (head in extra) return extra[head];
      switch (head) {
        case 'goal':
          return plan.goal;
        case 'plan_name':
          return plan.name;
        case 'task_id':
          return task.id;
        case 'workspace_root':
          return plan.workspace_root ?? '';
        default:
          return undefined;
      }
    }
    if (head === 'matrix' && rest.length === 1) return task.matrix_values?.[rest[0] ?? ''];
    return lookupTaskField(parts, records);
  };
}

// Task ids may contain dots (matrix children such as `m.x-a`), so try the longest id first.
function lookupTaskField(parts: string[], records: ReadonlyMap<string, TaskRecord>): string | undefined {
  for (let split = parts.length - 1; split >= 1; split -= 1) {
    const record = records.get(parts.slice(0, split).join('.'));
    if (record) return taskField(record, parts.slice(split));
  }
  return undefined;
}

function taskField(record: TaskRecord, field: string[]): string | undefined {
  const [name, ...path] = field;
  switch (name) {
    case 'output':
    case 'result_text':
      return path.length === 0 ? record.output : structuredField(record.output, path);
    case 'status':
      return record.status;
    case 'exit_code':
      return record.exitCode === null ? '' : String(record.exitCode);
    case 'stdout_tail':
      return record.stdoutTail;
    case 'duration':
      return String(record.durationSec);
    case 'log':
      return record.logPath ?? '';
    case 'files_changed':
      return '';
    case 'cost_usd':
      return record.costUsd === null ? '' : String(record.costUsd);
    default:
      return undefined;
  }
}

function structuredField(output: string, path: string[]): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(output);
  } catch {
    return undefined;
  }
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
