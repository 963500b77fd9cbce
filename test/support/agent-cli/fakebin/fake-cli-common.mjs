// Shared by the fake agent CLIs in this folder. Each fake prints its CLI's real output format (see
// shared/reference/agent-clis.md); the scenario comes from FAKE_CLI_SCENARIO (default `ok`):
//   ok               the normal stream, exit 0
//   api-error        the CLI's way of reporting a provider error
//   hang             the final event, then no exit (the watchdog must kill the group)
//   hang-hard        like hang, but SIGTERM is ignored (needs SIGKILL)
//   no-result        a stream without its final event, exit 0
//   stall            nothing at all, never exits (for timeouts and cancellation)
//   exit-N           nothing on stdout, a line on stderr, exit N
// FAKE_CLI_RECORD=<file> makes the fake write {argv, env, stdin, cwd} there as JSON;
// FAKE_CLI_RECORD_DIR=<dir> writes <dir>/<MAESTRO_TASK_ID>.json instead (several tasks of one plan).
import { readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const scenario = process.env.FAKE_CLI_SCENARIO ?? 'ok';

export function record() {
  const dir = process.env.FAKE_CLI_RECORD_DIR;
  const path = dir ? join(dir, `${process.env.MAESTRO_TASK_ID ?? 'task'}.json`) : process.env.FAKE_CLI_RECORD;
  if (!path) return;
  let stdin = 'unknown';
  try {
    stdin = readlinkSync('/proc/self/fd/0');
  } catch {}
  // A prompt given on stdin is read to its end (the engine closes stdin after writing it).
  const stdinText = stdin === '/dev/null' ? '' : readFileSync(0, 'utf8');
  writeFileSync(
    path,
    JSON.stringify({ argv: process.argv.slice(2), env: process.env, stdin, stdinText, cwd: process.cwd() }),
  );
}

export function emit(event) {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

/** Handles the scenarios every fake shares; returns true when the caller should stop. */
export function commonScenario() {
  if (scenario === 'stall') {
    setInterval(() => {}, 1000);
    return true;
  }
  const exit = /^exit-(\d+)$/.exec(scenario);
  if (exit) {
    process.stderr.write(`fake failure with exit ${exit[1]}\n`);
    process.exit(Number(exit[1]));
  }
  return false;
}

/** After the final event: exit normally, or hang as the scenario asks. */
export function finish(code = 0) {
  if (scenario === 'hang' || scenario === 'hang-hard') {
    if (scenario === 'hang-hard') process.on('SIGTERM', () => {});
    setInterval(() => {}, 1000);
    return;
  }
  process.exitCode = code;
}
