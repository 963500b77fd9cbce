import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pruneEntries } from './plan-cache.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('pruneEntries', () => {
  it('keeps the most recently used entries and never touches a file that is not an entry', () => {
    const folder = mkdtempSync(join(tmpdir(), 'maestro-plan-cache-'));
    folders.push(folder);
    const entry = (digit: string) => `${digit.repeat(64)}.json`;
    const files = [
      entry('a'),
      entry('b'),
      `${entry('c')}.0123abcd.tmp`,
      entry('d'),
      'notes.txt',
      `${entry('e')}.bak`,
    ];
    // Ages in that order, oldest first; the two files that are not entries are the oldest of all.
    files.forEach((name, index) => {
      writeFileSync(join(folder, name), '{}');
      const time = new Date(Date.UTC(2026, 0, 1, 0, index));
      utimesSync(join(folder, name), time, time);
    });
    utimesSync(join(folder, 'notes.txt'), new Date(0), new Date(0));
    utimesSync(join(folder, `${entry('e')}.bak`), new Date(0), new Date(0));
    pruneEntries(folder, 2);
    expect(readdirSync(folder).sort()).toEqual(
      [`${entry('c')}.0123abcd.tmp`, entry('d'), 'notes.txt', `${entry('e')}.bak`].sort(),
    );
  });
});
