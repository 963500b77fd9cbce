// Sends a signal to every process of a group at once: kill(2) with a negative pid addresses the group.
// Returns false when nothing was signalled (the group is gone, or it holds only processes we may not
// signal); it never throws, so callers can use it freely in exit handlers.
export function signalProcessGroup(processGroupId: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-processGroupId, signal);
    return true;
  } catch {
    return false;
  }
}
