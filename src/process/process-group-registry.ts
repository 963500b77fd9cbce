// Every process group started by runProcessGroup and not yet settled, so that the CLI can take them all
// down on Ctrl-C or exit. Without this, an interrupted Maestro would leave its tasks running as orphans.
export interface LiveProcessGroup {
  /** Pid of the group leader, which is also the process group id. */
  readonly pid: number;
  /**
   * Signals the whole group and marks its run cancelled (escalating to SIGKILL after the grace).
   * Returns whether a running group was signalled.
   */
  terminate(signal: NodeJS.Signals): boolean;
}

const liveGroups = new Map<number, LiveProcessGroup>();

export function registerProcessGroup(group: LiveProcessGroup): void {
  liveGroups.set(group.pid, group);
}

export function unregisterProcessGroup(pid: number): void {
  liveGroups.delete(pid);
}

/** Process group ids of every group still running (e.g. to record them in the run log). */
export function listProcessGroups(): number[] {
  return [...liveGroups.keys()];
}

/**
 * Sends `signal` to every live process group, synchronously, so it is safe in a `process.on('exit')`
 * handler. Each affected run reports `cancelled`; after SIGTERM it still escalates to SIGKILL after its
 * grace if the event loop keeps running. Returns how many groups were signalled.
 * @example process.on('SIGINT', () => killAllProcessGroups('SIGTERM'));
 * @example process.on('exit', () => killAllProcessGroups('SIGKILL'));
 */
export function killAllProcessGroups(signal: NodeJS.Signals = 'SIGTERM'): number {
  let signalled = 0;
  for (const group of [...liveGroups.values()]) {
    if (group.terminate(signal)) signalled += 1;
  }
  return signalled;
}
