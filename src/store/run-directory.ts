// Where a run's files live: `<runsDir>/<run_id>_<plan>/`, with one `<task>.log` and `<task>.result.json`
// per task, named exactly as maestro-cli names them so its `verify`, `status` and `--resume` find them.
import { randomBytes } from 'node:crypto';
import { type Dirent, mkdirSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { MaestroError } from '../errors/index.ts';
import { makeFolders } from './make-folders.ts';
import { currentEpochMicroseconds, dateToEpochMicroseconds, formatRunIdTime } from './python-time.ts';

export interface CreateRunDirectoryOptions {
  /** Folder holding all runs of the plan, e.g. `<plan dir>/.maestro-runs`. Created when missing. */
  runsDir: string;
  planName: string;
  /** Start time of the run. @default the current time, with microseconds */
  now?: Date;
}

export interface RunDirectory {
  /** `YYYYmmdd_HHMMSS_ffffff_<6 hex>` (UTC). */
  runId: string;
  /** `<runsDir>/<runId>_<sanitized plan name>`. */
  path: string;
  /** The instant encoded in runId, for the manifest's `started_at`. */
  startedAtMicroseconds: number;
}

export interface TaskArtifactPaths {
  logPath: string;
  resultPath: string;
}

// A single segment that starts with neither `.` nor anything a path could treat specially.
const PLAIN_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

const RUN_DIRECTORY_NAME = /^(\d{8}_\d{6}_\d{6}_[0-9a-f]{6})_(.+)$/;

/** maestro-cli's `sanitize_dirname`: every character outside `[a-zA-Z0-9_-]` becomes `_`. */
export function sanitizePlanName(planName: string): string {
  return planName.replace(/[^a-zA-Z0-9_-]/g, '_');
}

/** Creates a new, empty run directory with a fresh run id. */
export function createRunDirectory(options: CreateRunDirectoryOptions): RunDirectory {
  const startedAtMicroseconds = options.now
    ? dateToEpochMicroseconds(options.now)
    : currentEpochMicroseconds();
  makeRunsFolder(options.runsDir);
  // Two runs started in the same microsecond differ by their random suffix; retry on the rare clash.
  for (let attempt = 0; ; attempt += 1) {
    const runId = `${formatRunIdTime(startedAtMicroseconds)}_${randomBytes(3).toString('hex')}`;
    const path = join(options.runsDir, `${runId}_${sanitizePlanName(options.planName)}`);
    try {
      mkdirSync(path);
      return { runId, path, startedAtMicroseconds };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 16) throw error;
    }
  }
}

/** The runs folder, made through makeFolders; one that cannot be made is a coded error naming it. */
function makeRunsFolder(runsDir: string): void {
  try {
    makeFolders(runsDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new MaestroError({
      code: 'E113',
      message: `cannot create the runs folder ${runsDir}: ${code ?? String(error)}`,
      hint: 'choose another with --run-dir (a plan read from a pipe has no folder of its own for .maestro-runs)',
      cause: error,
    });
  }
}

/**
 * Paths of a task's log and result inside `runPath`, creating the subfolder a task id such as `qa/lint`
 * needs. Throws for an id that could point outside the run directory (`../x`, `/etc/x`, `a//b`).
 */
export function taskArtifactPaths(runPath: string, taskId: string): TaskArtifactPaths {
  assertSafeTaskId(runPath, taskId);
  const logPath = join(runPath, `${taskId}.log`);
  // Only ids with `/` (imports) need a subfolder; a mkdir per task is measurable in a 1000-task run.
  if (taskId.includes('/')) mkdirSync(dirname(logPath), { recursive: true });
  return { logPath, resultPath: join(runPath, `${taskId}.result.json`) };
}

/** Throws unless `<runPath>/<taskId>.log` stays inside runPath without `.`/`..` tricks. */
export function assertSafeTaskId(runPath: string, taskId: string): void {
  // The common case, one plain segment, needs no path arithmetic.
  if (PLAIN_SEGMENT.test(taskId)) return;
  const segments = taskId.split('/');
  const unsafe =
    taskId.length === 0 ||
    taskId.includes('\0') ||
    taskId.includes('\\') ||
    isAbsolute(taskId) ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..');
  const root = resolve(runPath);
  const target = resolve(root, `${taskId}.log`);
  const outside = relative(root, target).startsWith('..') || !target.startsWith(root + sep);
  if (unsafe || outside) {
    throw new MaestroError({
      code: 'TASK_ID_UNSAFE_PATH',
      message: `Task id '${taskId}' cannot name a file inside the run directory ${runPath}`,
      hint: 'Task ids may use `/` to group tasks, but no empty, `.` or `..` segments and no leading `/`.',
    });
  }
}

/** Run directories of `planName` under `runsDir`, newest first (run ids sort by time). */
export function findRunDirectories(runsDir: string, planName: string): string[] {
  const wanted = sanitizePlanName(planName);
  let entries: Dirent[];
  try {
    entries = readdirSync(runsDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const names = entries
    .filter((entry) => entry.isDirectory() && RUN_DIRECTORY_NAME.exec(entry.name)?.[2] === wanted)
    .map((entry) => entry.name);
  names.sort((left, right) => (left < right ? 1 : left > right ? -1 : 0));
  return names.map((name) => join(runsDir, name));
}

/** The newest run directory of `planName`, or undefined when it has none. */
export function latestRunDirectory(runsDir: string, planName: string): string | undefined {
  return findRunDirectories(runsDir, planName)[0];
}
