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
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const status = readProcessStatus(entry);
    if (status && status.processGroupId === processGroupId && status.state !== 'Z' && status.state !== 'X') {
      return true;
    }
  }
  return false;
}

// /proc/<pid>/stat is "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses.
function readProcessStatus(pid: string): { state: string; processGroupId: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // the process ended while we were looking
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const processGroupId = Number(fields[2]);
  return state === undefined ? undefined : { state, processGroupId };
}
