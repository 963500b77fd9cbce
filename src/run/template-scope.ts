// The values a template may reference while a task is prepared: `{{ goal }}`, `{{ plan_name }}`,
// `{{ task_id }}`, `{{ matrix.x }}` and, for every task that has ended, `{{ id.output }}`,
// `{{ id.status }}`, `{{ id.exit_code }}`, `{{ id.stdout_tail }}`, `{{ id.output.FIELD }}` (the validated
// structured output, else the JSON found in the output; nested paths and list indexes too),
// `{{ id.summary }}` (its first meaningful line; a context model's summary in `summarized` mode),
// `{{ id.errors }}`, `{{ id.warnings }}`, `{{ id.decisions }}` (key lines, one per line) ...
import { extractJson, type JsonExtraction, valueAtPath } from '../context/json-extract.ts';
import { gist, type KeyLineKind, keyLines } from '../context/key-lines.ts';
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
      return path.length === 0 ? record.output : structuredField(record, path);
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
    case 'summary':
      return path.length === 0 ? gist(readableOutput(record), 300) : undefined;
    case 'errors':
    case 'warnings':
    case 'decisions':
      return path.length === 0 ? keyLines(readableOutput(record), name as KeyLineKind).join('\n') : undefined;
    default:
      return undefined;
  }
}

// The full output when it was kept (someone reads it), else the tail every record has.
function readableOutput(record: TaskRecord): string {
  return record.output || record.stdoutTail;
}

const parsedOutputs = new WeakMap<TaskRecord, JsonExtraction>();

function structuredField(record: TaskRecord, path: string[]): string | undefined {
  let root: unknown;
  if (record.resultExtra && Object.hasOwn(record.resultExtra, 'structured_output')) {
    root = record.resultExtra.structured_output;
  } else {
    let parsed = parsedOutputs.get(record);
    if (!parsed) {
      parsed = extractJson(record.output);
      parsedOutputs.set(record, parsed);
    }
    if (!parsed.ok) return undefined;
    root = parsed.value;
  }
  const value = valueAtPath(root, path);
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
