import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { makeFolders } from './make-folders.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('makeFolders', () => {
  it('creates every missing level and leaves existing ones alone', () => {
    const root = mkdtempSync(join(tmpdir(), 'maestro-folders-'));
    folders.push(root);
    const deep = join(root, 'a', 'b', 'c');
    makeFolders(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    expect(() => makeFolders(deep)).not.toThrow();
    expect(() => makeFolders(root)).not.toThrow();
  });

  it('fails with the error of the level that cannot be made, also under /dev/fd where recursive mkdir spins', () => {
    // In a child process with a time limit, so that a regression fails this test instead of hanging it.
    const moduleUrl = pathToFileURL(join(import.meta.dirname, 'make-folders.ts')).href;
    const script = `import(${JSON.stringify(moduleUrl)}).then(({ makeFolders }) => {
      for (const folder of ['/dev/fd/.maestro-runs', '/sys/maestro/runs']) {
        try { makeFolders(folder); console.log('made ' + folder); } catch (error) { console.log(error.code + ' ' + folder); }
      }
    })`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.error).toBeUndefined();
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^E[A-Z]+ \/dev\/fd\/\.maestro-runs$/);
    expect(lines[1]).toMatch(/^E[A-Z]+ \/sys\/maestro\/runs$/);
  });
});
