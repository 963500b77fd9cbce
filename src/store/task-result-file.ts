// Writes `<task>.result.json` with the bytes maestro-cli would write: `json.dumps(result, indent=2)`,
// so floats keep their `.0` (`"compression_ratio": 0.0`) and non-ASCII text is escaped.
import { renameSync, writeFileSync } from 'node:fs';
import { pythonDumps, pythonFloat } from './python-json.ts';
import { shortSha256 } from './short-hash.ts';
import type { TaskResultRecord } from './task-result-record.ts';

export interface WrittenArtifact {
  path: string;
  /** shortSha256 of the bytes written: the `result_hash` of the task_complete event. */
  hash: string;
  /** The text written. */
  text: string;
}

/** The exact text of `<task>.result.json` for `result` (no trailing newline, like maestro-cli). */
export function serializeTaskResult(result: Readonly<TaskResultRecord>): string {
  return pythonDumps(withPythonFloats(result), { indent: 2 });
}

/** Writes `result` to its `result_path` atomically (temp file + rename) and returns its hash. */
export function writeTaskResult(result: Readonly<TaskResultRecord>): WrittenArtifact {
  const text = serializeTaskResult(result);
  const temporaryPath = `${result.result_path}.tmp`;
  writeFileSync(temporaryPath, text, 'utf8');
  renameSync(temporaryPath, result.result_path);
  return { path: result.result_path, hash: shortSha256(text), text };
}

/**
 * A copy of `result` where the fields maestro-cli types as `float` are marked as such, so an integral
 * value is written `2.0` rather than `2`. Only these known paths change; `output` and extras stay as given.
 */
export function withPythonFloats(result: Readonly<TaskResultRecord>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...result };
  for (const key of ['duration_sec', 'cost_usd', 'context_compression_ratio', 'compression_ratio']) {
    copy[key] = asFloat(copy[key]);
  }
  if (result.structured_context) {
    const context = result.structured_context;
    copy.structured_context = {
      ...context,
      duration_sec: asFloat(context.duration_sec),
      cost_usd: asFloat(context.cost_usd),
    };
  }
  copy.failure_history = result.failure_history.map((failure) => ({
    ...failure,
    duration_sec: asFloat(failure.duration_sec),
  }));
  return copy;
}

function asFloat(value: unknown): unknown {
  return typeof value === 'number' ? pythonFloat(value) : value;
}
