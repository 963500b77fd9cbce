// A short cross-process lock around one append to history_log.jsonl: several councils may finish at
// the same moment, and two writers reading the same chain tail would fork the chain. The lock is a file
// holding `<pid> <ms since epoch> <nonce>`, created whole (a hard link to a file already written). It is
// stale when its pid is dead (a SIGKILL mid-append), or older than `staleMs`, or empty or unreadable
// and older than a second; a stale lock is moved aside with an atomic rename so only one waiter breaks it.
// An append holds the lock for milliseconds, so `staleMs` is well under the wait: a waiter breaks a
// leftover lock itself instead of timing out (and losing the event) before the lock ever counts as stale. The holder removes it only while it still holds its
// own content. Written here rather than taking proper-lockfile, since the council may not add dependencies.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { MaestroError } from '../errors/index.ts';

export interface FileLockOptions {
  /** Give up after waiting this long. @default 10_000 */
  timeoutMs?: number;
  /** A lock older than this is stale even if its pid is alive (pid reuse, a hung holder). @default 5_000 */
  staleMs?: number;
}

const RETRY_MS = 5;
// A lock is written whole before it is linked into place; the O_EXCL fallback leaves it empty for the
// moment between open and write. Empty or unreadable after this long, its writer is gone.
const UNREADABLE_STALE_MS = 1_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Runs `action` while holding the lock file `lockPath`; appends are synchronous, so the lock is too. */
export function withFileLock<T>(lockPath: string, action: () => T, options: FileLockOptions = {}): T {
  const content = acquire(lockPath, options.timeoutMs ?? 10_000, options.staleMs ?? 5_000);
  try {
    return action();
  } finally {
    release(lockPath, content);
  }
}

function acquire(lockPath: string, timeoutMs: number, staleMs: number): string {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const content = `${process.pid} ${Date.now()} ${randomBytes(4).toString('hex')}`;
    if (create(lockPath, content)) return content;
    const observed = readQuietly(lockPath);
    if (observed !== undefined && isStale(lockPath, observed, staleMs)) {
      breakLock(lockPath, observed);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new MaestroError({
        code: 'COUNCIL_HISTORY_LOCKED',
        message: `Timed out after ${timeoutMs} ms waiting for the lock ${lockPath} (held by: ${observed ?? 'unknown'})`,
        hint: 'if no other maestro process is running, delete the lock file',
      });
    }
    Atomics.wait(sleeper, 0, 0, RETRY_MS);
  }
}

// Creates the lock whole: its content is written to a file of our own, which is then hard-linked as the
// lock (link fails when the lock exists). A holder killed between creating and writing an O_EXCL file
// would leave an empty lock that only age can break. Where hard links are not supported, O_EXCL it is.
function create(lockPath: string, content: string): boolean {
  const own = `${lockPath}.${content.replaceAll(' ', '-')}.tmp`;
  try {
    writeFileSync(own, content);
    linkSync(own, lockPath);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
  } finally {
    unlinkQuietly(own);
  }
  try {
    const descriptor = openSync(lockPath, 'wx');
    try {
      writeSync(descriptor, content);
    } finally {
      closeSync(descriptor);
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  }
}

function isStale(lockPath: string, content: string, staleMs: number): boolean {
  const [pidText, timeText] = content.split(' ');
  const pid = Number(pidText);
  const createdMs = Number(timeText);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isFinite(createdMs)) {
    // Empty or half-written: the holder may be between open and write, so only age makes it stale.
    return ageMs(lockPath) > Math.min(staleMs, UNREADABLE_STALE_MS);
  }
  // Appends in one process are synchronous, so a lock naming this process is a leftover of a dead one.
  if (pid === process.pid) return true;
  return !isAlive(pid) || Date.now() - createdMs > staleMs;
}

// Rename is atomic: of several waiters that saw the same stale lock, one moves it. If what moved is not
// the lock we judged stale (it was replaced meanwhile), it goes back unless a newer lock exists.
function breakLock(lockPath: string, observed: string): void {
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return;
  }
  if (readQuietly(aside) !== observed) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // A newer lock is in place; the one we moved is lost, and its holder's release is a no-op.
    }
  }
  unlinkQuietly(aside);
}

function release(lockPath: string, content: string): void {
  if (readQuietly(lockPath) === content) unlinkQuietly(lockPath);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function readQuietly(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
