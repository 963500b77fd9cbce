import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectories } from '../../test/store/support/temporary-directory.ts';
import {
  createRunDirectory,
  findRunDirectories,
  latestRunDirectory,
  sanitizePlanName,
  taskArtifactPaths,
} from './run-directory.ts';

const newDirectory = useTemporaryDirectories();

describe('createRunDirectory', () => {
  it('names the folder <run id>_<sanitized plan name> with a UTC microsecond run id', () => {
    const runsDir = join(newDirectory(), '.maestro-runs');
    const now = new Date(Date.UTC(2026, 10, 21, 12, 27, 16, 550));
    const run = createRunDirectory({ runsDir, planName: 'my plan/v2.0', now });
    expect(run.runId).toMatch(/^20261121_122716_550000_[0-9a-f]{6}$/);
    expect(basename(run.path)).toBe(`${run.runId}_my_plan_v2_0`);
    expect(statSync(run.path).isDirectory()).toBe(true);
    expect(run.startedAtMicroseconds).toBe(now.getTime() * 1000);
  });

  it('gives two runs started in the same instant different folders', () => {
    const runsDir = newDirectory();
    const now = new Date();
    const first = createRunDirectory({ runsDir, planName: 'demo', now });
    const second = createRunDirectory({ runsDir, planName: 'demo', now });
    expect(first.path).not.toBe(second.path);
  });

  it('uses the current time with microseconds by default', () => {
    const run = createRunDirectory({ runsDir: newDirectory(), planName: 'demo' });
    expect(run.runId).toMatch(/^\d{8}_\d{6}_\d{6}_[0-9a-f]{6}$/);
    expect(Math.abs(run.startedAtMicroseconds / 1000 - Date.now())).toBeLessThan(60_000);
  });
});

describe('sanitizePlanName', () => {
  it('maps everything outside [a-zA-Z0-9_-] to _', () => {
    expect(sanitizePlanName('fake-engines')).toBe('fake-engines');
    expect(sanitizePlanName('a b.c/d\u00e9')).toBe('a_b_c_d_');
  });
});

describe('taskArtifactPaths', () => {
  it('names the log and result after the task id', () => {
    const runPath = newDirectory();
    expect(taskArtifactPaths(runPath, 'a')).toEqual({
      logPath: join(runPath, 'a.log'),
      resultPath: join(runPath, 'a.result.json'),
    });
  });

  it('creates the subfolder an imported task id needs', () => {
    const runPath = newDirectory();
    const paths = taskArtifactPaths(runPath, 'qa/lint');
    expect(paths.logPath).toBe(join(runPath, 'qa', 'lint.log'));
    expect(paths.resultPath).toBe(join(runPath, 'qa', 'lint.result.json'));
    expect(statSync(join(runPath, 'qa')).isDirectory()).toBe(true);
  });

  it.each(['../x', 'a/../../x', '/etc/passwd', 'a//b', './a', 'a/.', '', 'a\\..\\x', 'nul\0'])(
    'refuses %j',
    (taskId) => {
      const runPath = newDirectory();
      expect(() => taskArtifactPaths(runPath, taskId)).toThrow(/cannot name a file inside the run directory/);
    },
  );

  it('does not create anything for a refused id', () => {
    const root = newDirectory();
    const runPath = join(root, 'run');
    mkdirSync(runPath);
    expect(() => taskArtifactPaths(runPath, '../outside/x')).toThrow();
    expect(existsSync(join(root, 'outside'))).toBe(false);
  });
});

describe('findRunDirectories', () => {
  it('lists the runs of one plan, newest first', () => {
    const runsDir = newDirectory();
    const times = [Date.UTC(2026, 0, 1), Date.UTC(2026, 5, 1), Date.UTC(2025, 0, 1)];
    const runs = times.map((time) => createRunDirectory({ runsDir, planName: 'demo', now: new Date(time) }));
    createRunDirectory({ runsDir, planName: 'other', now: new Date(Date.UTC(2027, 0, 1)) });
    createRunDirectory({ runsDir, planName: 'x_demo', now: new Date(Date.UTC(2027, 0, 1)) });
    mkdirSync(join(runsDir, '.cache'));
    expect(findRunDirectories(runsDir, 'demo')).toEqual([runs[1]!.path, runs[0]!.path, runs[2]!.path]);
    expect(latestRunDirectory(runsDir, 'demo')).toBe(runs[1]!.path);
  });

  it('returns nothing when the runs folder does not exist', () => {
    const missing = join(newDirectory(), 'nope');
    expect(findRunDirectories(missing, 'demo')).toEqual([]);
    expect(latestRunDirectory(missing, 'demo')).toBeUndefined();
  });
});
