// Runs one command in its own process group and always resolves with what happened: a non-zero exit, a
// timeout, a cancellation or a program that could not start are all data in the result. Only invalid
// options reject.
import { ProcessGroupRun } from './process-group-run.ts';
import {
  type ProcessGroupResult,
  type RunProcessGroupOptions,
  resolveRunProcessGroupOptions,
} from './run-process-group-options.ts';

/**
 * Spawns `command` as the leader of a new process group (stdin from /dev/null unless `input` is given),
 * streams its decoded output to the callbacks and keeps the last `maxCapturedBytes` of each stream. On
 * timeout or abort the whole group gets SIGTERM, then SIGKILL after `killGraceMs`. The promise resolves
 * once the child has exited and no process of its group is left running.
 * @example
 * const result = await runProcessGroup({ command: 'npm test', cwd, env, timeoutMs: 60_000 });
 * if (result.timedOut) console.log(`gave up after ${result.durationMs} ms`);
 */
export async function runProcessGroup(options: RunProcessGroupOptions): Promise<ProcessGroupResult> {
  return new ProcessGroupRun(resolveRunProcessGroupOptions(options)).start();
}
