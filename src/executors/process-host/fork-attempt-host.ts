// Starting the attempt host process, and starting it early. A host takes ~150-200 ms to boot (Node itself,
// then its modules); forked from the first lines of main.js it boots on the second core while the kernel
// loads its own modules and the plan, instead of after. This module imports only Node built-ins, so the
// CLI can load it before anything else.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Forks a new attempt host (attempt-host.ts): IPC with JSON serialisation, the kernel's stdout/stderr. */
export function forkAttemptHost(): ChildProcess {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(`./attempt-host.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  return fork(entry, [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Node flags carry over as with any fork; from TypeScript sources (tests) the host needs tsx too.
    execArgv: fromSource ? [...process.execArgv, '--import', 'tsx'] : process.execArgv,
    serialization: 'json',
  });
}

let early: ChildProcess | undefined;

/**
 * Forks a host now, for the ProcessHostExecutor created later in this process to adopt. Until then it
 * does not keep this process alive: when the command ends without an executor (a bad flag, a plan
 * error), this process exits, the host's channel closes and the host exits too.
 */
export function startHostEarly(): void {
  if (early !== undefined) return;
  try {
    early = forkAttemptHost();
  } catch {
    return; // the executor forks its own later, and reports what fails then
  }
  early.unref();
  early.channel?.unref();
  // Until adopted nothing listens; a host that cannot start must not end this process with an 'error'.
  early.on('error', () => {});
  // A host never adopted would hold this process's stdout and stderr open until it has booted and seen
  // its channel close (a reader of the output would wait for it): it goes when this process does.
  // SIGKILL: a host ignores SIGTERM (it stops only when its kernel goes), and this one has no work yet.
  process.once('exit', () => early?.kill('SIGKILL'));
}

/** Whether a host was started early and not adopted yet. */
export function hostStartedEarly(): boolean {
  return early !== undefined;
}

/** The host started early, if it is still running (once: the caller now owns it and keeps it alive). */
export function adoptEarlyHost(): ChildProcess | undefined {
  const host = early;
  early = undefined;
  if (host === undefined) return undefined;
  if (!host.connected || host.exitCode !== null || host.signalCode !== null) {
    if (host.connected) host.disconnect();
    return undefined;
  }
  host.ref();
  host.channel?.ref();
  return host;
}
