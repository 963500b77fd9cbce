// Checks the artefact hashes a task_complete event recorded (`log_hash`, `result_hash`) against the
// files in the run directory, as maestro-cli's `verify_artefact_hashes` does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertSafeTaskId } from './run-directory.ts';
import { shortSha256 } from './short-hash.ts';

/** Problems with the artefacts named by one task_complete payload (empty when all match). */
export function verifyTaskArtifacts(
  runPath: string,
  payload: Readonly<Record<string, unknown>>,
  where: string,
): string[] {
  const logHash = payload.log_hash;
  const resultHash = payload.result_hash;
  if ((logHash === undefined || logHash === null) && (resultHash === undefined || resultHash === null))
    return [];
  const taskId = typeof payload.task_id === 'string' ? payload.task_id : '';
  try {
    assertSafeTaskId(runPath, taskId);
  } catch {
    return [
      `${where}: task id '${taskId}' does not name a file inside the run directory; artefacts not checked`,
    ];
  }
  return [
    ...checkFile(runPath, `${taskId}.log`, logHash, where),
    ...checkFile(runPath, `${taskId}.result.json`, resultHash, where),
  ];
}

function checkFile(runPath: string, fileName: string, recorded: unknown, where: string): string[] {
  if (recorded === undefined || recorded === null) return [];
  let actual: string;
  try {
    actual = shortSha256(readFileSync(join(runPath, fileName)));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : 'cannot be read';
    return [`${fileName} ${reason} (recorded hash ${String(recorded)} at ${where})`];
  }
  if (actual === recorded) return [];
  return [
    `${fileName} was modified: recorded hash ${String(recorded)} at ${where}, file now hashes to ${actual}`,
  ];
}
