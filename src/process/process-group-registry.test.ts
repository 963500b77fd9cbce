import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { killAllProcessGroups, listProcessGroups } from './process-group-registry.ts';
import { runProcessGroup } from './run-process-group.ts';

function liveMembers(processGroupId: number): string[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,stat=', '-g', String(processGroupId)], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim().length > 0 && !/\sZ/.test(line));
  } catch {
    return []; // ps exits 1 when the group has no members
  }
}

function startSleeper() {
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const result = runProcessGroup({
    command: 'sleep 30 & echo ready; wait',
    onStdout: (chunk) => {
      if (chunk.includes('ready')) markReady();
    },
  });
  return { ready, result };
}

describe('killAllProcessGroups', () => {
  it('kills every running group and their runs report cancelled', async () => {
    const sleepers = [startSleeper(), startSleeper()];
    await Promise.all(sleepers.map((sleeper) => sleeper.ready));
    expect(listProcessGroups()).toHaveLength(2);

    expect(killAllProcessGroups('SIGTERM')).toBe(2);
    const results = await Promise.all(sleepers.map((sleeper) => sleeper.result));

    for (const result of results) {
      expect(result).toMatchObject({ cancelled: true, exitCode: 130, timedOut: false });
      expect(liveMembers(result.pid!)).toEqual([]);
    }
    expect(listProcessGroups()).toEqual([]);
    expect(killAllProcessGroups()).toBe(0);
  });

  it('can SIGKILL at once, as an exit handler would', async () => {
    const sleeper = startSleeper();
    await sleeper.ready;
    expect(killAllProcessGroups('SIGKILL')).toBe(1);
    const result = await sleeper.result;
    expect(result).toMatchObject({ cancelled: true, signal: 'SIGKILL' });
    expect(liveMembers(result.pid!)).toEqual([]);
  });
});
