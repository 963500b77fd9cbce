// run_manifest.json as maestro-cli writes it (`json.dumps(PlanRunResult.to_dict(), indent=2)`), streamed
// task by task so a 10 000-task run never holds the whole document (about 15 MB) as one string.
import { BufferedFileWriter } from './buffered-file-writer.ts';
import { pythonDumps, pythonFloat, quotePythonString } from './python-json.ts';
import { formatPythonIsoTime } from './python-time.ts';
import { withPythonFloats } from './task-result-file.ts';
import type { TaskResultRecord } from './task-result-record.ts';

/** One entry of the manifest's `task_graph`. */
export interface TaskGraphNode {
  id: string;
  description?: string;
  dependsOn: readonly string[];
  agent?: string | null;
  engine?: string | null;
  model?: string | null;
  allowFailure?: boolean;
  worktree?: boolean;
}

export interface RunManifestInput {
  planName: string;
  runId: string;
  runPath: string;
  startedAtMicroseconds: number;
  finishedAtMicroseconds: number;
  success: boolean;
  /** maestro-cli's profile name (`plan`, `safe`, ...). @default 'plan' */
  executionProfile?: string;
  /** Results in manifest order; each is keyed by its `task_id`. Iterated once. */
  taskResults: Iterable<Readonly<TaskResultRecord>>;
  /**
   * The `<task>.result.json` text already written for a task id (the same `indent=2` dump), reused
   * instead of serialising its result a second time.
   */
  resultTexts?: ReadonlyMap<string, string>;
  sequentialDurationSec: number;
  parallelismSavingsPct: number;
  totalCostUsd: number | null;
  totalTokens: number | null;
  budgetExceeded: boolean;
  /** Written only when set, as maestro-cli does after recording score history. */
  planHash?: string;
  qualityScore?: number;
  /** Iterated once; the key is omitted when empty, as in maestro-cli. */
  taskGraph: Iterable<TaskGraphNode>;
  /** Maestro extra: the run stopped early (Ctrl-C, signal). Written when set. */
  interrupted?: boolean;
  /** Maestro extra: path of the run this one resumed. Written when set. */
  resumedFrom?: string | null;
}

/** Writes `<runPath>/run_manifest.json`-style content to `filePath`, byte-compatible with maestro-cli. */
export function writeRunManifest(filePath: string, input: RunManifestInput): void {
  const writer = new BufferedFileWriter(filePath);
  try {
    writeManifestBody(writer, input);
    writer.commit();
  } catch (error) {
    writer.abandon();
    throw error;
  }
}

function writeManifestBody(writer: BufferedFileWriter, input: RunManifestInput): void {
  let isFirstField = true;
  const field = (key: string, valueText: string): void => {
    writer.write(`${isFirstField ? '{' : ','}\n  ${quotePythonString(key)}: ${valueText}`);
    isFirstField = false;
  };
  const value = (data: unknown): string => indented(pythonDumps(data, { indent: 2 }), 1);
  field('plan_name', value(input.planName));
  field('run_id', value(input.runId));
  field('run_path', value(input.runPath));
  field('started_at', value(formatPythonIsoTime(input.startedAtMicroseconds)));
  field('finished_at', value(formatPythonIsoTime(input.finishedAtMicroseconds)));
  field('success', value(input.success));
  field('execution_profile', value(input.executionProfile ?? 'plan'));
  // maestro-cli sums the durations of non-skipped tasks with sum(), which yields the int 0 when there
  // are none; the flag lets the streamed pass decide between `0` and a float.
  let hasTimedTask = false;
  const texts = input.resultTexts;
  const entries = mapIterable(input.taskResults, (result): [string, unknown] => {
    if (result.status !== 'skipped') hasTimedTask = true;
    const text = texts?.get(result.task_id);
    return text === undefined ? resultEntry(result) : [result.task_id, new DumpedText(text)];
  });
  writeStreamedObject(writer, field, 'task_results', entries, true);
  const sequential = hasTimedTask ? pythonFloat(input.sequentialDurationSec) : input.sequentialDurationSec;
  field('sequential_duration_sec', value(sequential));
  field('parallelism_savings_pct', value(pythonFloat(input.parallelismSavingsPct)));
  field('total_cost_usd', value(input.totalCostUsd === null ? null : pythonFloat(input.totalCostUsd)));
  field('total_tokens', value(input.totalTokens));
  field('budget_exceeded', value(input.budgetExceeded));
  if (input.planHash !== undefined) field('plan_hash', value(input.planHash));
  if (input.qualityScore !== undefined) field('quality_score', value(pythonFloat(input.qualityScore)));
  writeStreamedObject(writer, field, 'task_graph', mapIterable(input.taskGraph, graphEntry), false);
  if (input.interrupted !== undefined) field('interrupted', value(input.interrupted));
  if (input.resumedFrom !== undefined) field('resumed_from', value(input.resumedFrom));
  writer.write('\n}');
}

// Writes `"key": {` followed by one entry at a time. An empty object is written `{}` when
// `writeWhenEmpty`, and left out otherwise (maestro-cli drops an empty task_graph).
function writeStreamedObject(
  writer: BufferedFileWriter,
  field: (key: string, valueText: string) => void,
  key: string,
  entries: Iterable<[string, unknown]>,
  writeWhenEmpty: boolean,
): void {
  let count = 0;
  for (const [entryKey, entryValue] of entries) {
    if (count === 0) field(key, '{');
    writer.write(`${count === 0 ? '' : ','}\n    ${quotePythonString(entryKey)}: `);
    const text = entryValue instanceof DumpedText ? entryValue.text : pythonDumps(entryValue, { indent: 2 });
    writer.write(indented(text, 2));
    count += 1;
  }
  if (count > 0) writer.write('\n  }');
  else if (writeWhenEmpty) field(key, '{}');
}

/** A value already serialised with `indent=2` at the top level. */
class DumpedText {
  constructor(readonly text: string) {}
}

function resultEntry(result: Readonly<TaskResultRecord>): [string, unknown] {
  return [result.task_id, withPythonFloats(result)];
}

function graphEntry(node: TaskGraphNode): [string, unknown] {
  return [
    node.id,
    {
      id: node.id,
      description: node.description ?? '',
      depends_on: [...node.dependsOn],
      agent: node.agent ?? null,
      engine: node.engine ?? null,
      model: node.model ?? null,
      allow_failure: node.allowFailure ?? false,
      worktree: node.worktree ?? false,
    },
  ];
}

function* mapIterable<T, U>(items: Iterable<T>, transform: (item: T) => U): Iterable<U> {
  for (const item of items) yield transform(item);
}

// Nests an already-indented JSON text `levels` deeper. JSON strings never hold a raw newline (it is
// escaped), so every newline in the text is a line break of the layout.
function indented(text: string, levels: number): string {
  return text.replaceAll('\n', `\n${'  '.repeat(levels)}`);
}
