// Whether any process of a group is still running. kill(-pgid, 0) alone is not enough: a killed
// grandchild is re-parented to PID 1 and stays a zombie (still a group member for kill(2)) until PID 1
// reaps it. Measured in the development sandbox: zombies lingered about 1.6 s after SIGKILL, and a
// container whose PID 1 never reaps would keep them forever. A zombie runs no code and holds no pipes,
// so on Linux the group counts as dead once every member left is a zombie.
import { readdirSync, readFileSync } from 'node:fs';

export function isProcessGroupAlive(processGroupId: number): boolean {
  try {
    process.kill(-processGroupId, 0);
  } catch (error) {
    // EPERM: members exist but belong to another user (a setuid program); they are alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return hasRunningMember(processGroupId) ?? true;
}

// Scans /proc for a member that is not a zombie; undefined where /proc is unavailable (macOS).
function hasRunningMember(processGroupId: number): boolean | undefined {
  const processes = listProcesses();
  if (processes === undefined) return undefined;
  return processes.some((status) => status.processGroupId === processGroupId && isRunning(status));
}

/**
 * The process groups, other than the session's own first one, that hold a running process of session
 * `sessionId`: the groups a task's processes moved into with setpgid (coreutils `timeout` does). A task's
 * child is spawned as the leader of a new session, so its session id is its pid; only setsid leaves it.
 * Empty where /proc is unavailable.
 */
export function strayGroupsOfSession(sessionId: number): number[] {
  const groups = new Set<number>();
  for (const status of listProcesses() ?? []) {
    if (status.sessionId === sessionId && status.processGroupId !== sessionId && isRunning(status)) {
      groups.add(status.processGroupId);
    }
  }
  return [...groups];
}

interface ProcessStatus {
  state: string;
  processGroupId: number;
  sessionId: number;
}

function isRunning(status: ProcessStatus): boolean {
  return status.state !== 'Z' && status.state !== 'X';
}

function listProcesses(): ProcessStatus[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const processes: ProcessStatus[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const status = readProcessStatus(entry);
    if (status) processes.push(status);
  }
  return processes;
}

// /proc/<pid>/stat is "pid (comm) state ppid pgrp session ..."; comm may hold spaces and parentheses.
function readProcessStatus(pid: string): ProcessStatus | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // the process ended while we were looking
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  return state === undefined
    ? undefined
    : { state, processGroupId: Number(fields[2]), sessionId: Number(fields[3]) };
}
