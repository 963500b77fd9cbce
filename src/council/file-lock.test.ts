import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectories } from '../../test/store/support/temporary-directory.ts';
import { withFileLock } from './file-lock.ts';

const newDirectory = useTemporaryDirectories();
const FILE_LOCK_MODULE = fileURLToPath(new URL('./file-lock.ts', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));

function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString(),
  );
}

describe('withFileLock', () => {
  it('gives several processes mutual exclusion (no lost read-modify-write updates)', async () => {
    const directory = newDirectory();
    const counter = join(directory, 'counter');
    const go = join(directory, 'go');
    writeFileSync(counter, '0');
    const script = join(directory, 'increment.mts');
    writeFileSync(
      script,
      [
        `import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';`,
        `import { withFileLock } from ${JSON.stringify(FILE_LOCK_MODULE)};`,
        `process.stdout.write('ready');`,
        `while (!existsSync(${JSON.stringify(go)})) {}`,
        'for (let index = 0; index < 200; index += 1) {',
        `  withFileLock(${JSON.stringify(`${counter}.lock`)}, () => {`,
        `    const value = Number(readFileSync(${JSON.stringify(counter)}, 'utf8'));`,
        `    writeFileSync(${JSON.stringify(counter)}, String(value + 1));`,
        '  });',
        '}',
      ].join('\n'),
    );
    const ready: Promise<void>[] = [];
    const exits = [1, 2, 3].map(() => {
      const child = spawn(process.execPath, ['--import', 'tsx', script], {
        cwd: REPOSITORY,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      ready.push(new Promise((resolve) => child.stdout.once('data', () => resolve())));
      return new Promise<number | null>((resolve) => child.on('exit', resolve));
    });
    await Promise.all(ready);
    writeFileSync(go, '');
    expect(await Promise.all(exits)).toEqual([0, 0, 0]);
    expect(readFileSync(counter, 'utf8')).toBe('600');
    expect(existsSync(`${counter}.lock`)).toBe(false);
  });

  it('breaks the lock of a dead process', () => {
    const lock = join(newDirectory(), 'a.lock');
    writeFileSync(lock, `${deadPid()} ${Date.now()} deadbeef`);
    expect(withFileLock(lock, () => 'ran')).toBe('ran');
    expect(existsSync(lock)).toBe(false);
  });

  it('waits for a live holder, then gives up with a coded error', () => {
    const lock = join(newDirectory(), 'a.lock');
    const content = `${process.ppid} ${Date.now()} cafe`;
    writeFileSync(lock, content);
    expect(() => withFileLock(lock, () => 'ran', { timeoutMs: 30 })).toThrow(
      expect.objectContaining({ code: 'COUNCIL_HISTORY_LOCKED' }),
    );
    // The live holder's lock is left alone.
    expect(readFileSync(lock, 'utf8')).toBe(content);
  });

  it('treats a lock older than staleMs as stale even when its pid lives', () => {
    const lock = join(newDirectory(), 'a.lock');
    writeFileSync(lock, `${process.ppid} ${Date.now() - 60_000} cafe`);
    expect(withFileLock(lock, () => 'ran', { staleMs: 1_000 })).toBe('ran');
  });

  it('releases only its own lock and releases on throw', () => {
    const lock = join(newDirectory(), 'a.lock');
    expect(() =>
      withFileLock(lock, () => {
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expect(existsSync(lock)).toBe(false);
    withFileLock(lock, () => writeFileSync(lock, 'someone else'));
    expect(readFileSync(lock, 'utf8')).toBe('someone else');
  });

  it("breaks a live holder's lock once it is older than the default stale age, within the default wait", () => {
    const lock = join(newDirectory(), 'a.lock');
    writeFileSync(lock, `${process.ppid} ${Date.now() - 6_000} cafe`);
    const started = Date.now();
    expect(withFileLock(lock, () => 'ran')).toBe('ran');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('treats an empty or unreadable lock older than a second as stale, and a fresh one as being written', () => {
    const directory = newDirectory();
    for (const content of ['', 'garbage']) {
      const lock = join(directory, 'a.lock');
      writeFileSync(lock, content);
      expect(() => withFileLock(lock, () => 'ran', { timeoutMs: 30 })).toThrow(
        expect.objectContaining({ code: 'COUNCIL_HISTORY_LOCKED' }),
      );
      const past = new Date(Date.now() - 2_000);
      utimesSync(lock, past, past);
      expect(withFileLock(lock, () => 'ran', { timeoutMs: 3_000 })).toBe('ran');
      expect(existsSync(lock)).toBe(false);
    }
  });
});
