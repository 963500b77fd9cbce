import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArtifactWriter } from './artifact-writer.ts';
import { shortSha256 } from './short-hash.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('ArtifactWriter', () => {
  it('writes many files off the main thread and resolves each once it is on disk', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'maestro-artifacts-'));
    folders.push(folder);
    const writer = new ArtifactWriter();
    await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        writer.write(
          join(folder, `f${index}.log`),
          index % 2 ? `text ${index}\n` : Buffer.from(`bytes ${index}\n`),
        ),
      ),
    );
    expect(readFileSync(join(folder, 'f7.log'), 'utf8')).toBe('text 7\n');
    expect(readFileSync(join(folder, 'f8.log'), 'utf8')).toBe('bytes 8\n');
    await writer.close();
    await writer.close();
  });

  it('rejects a write that fails, and keeps working for the next one', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'maestro-artifacts-'));
    folders.push(folder);
    const writer = new ArtifactWriter();
    await expect(writer.write(join(folder, 'missing', 'f.log'), 'x')).rejects.toThrow(/ENOENT/);
    await writer.write(join(folder, 'ok.log'), 'ok');
    expect(readFileSync(join(folder, 'ok.log'), 'utf8')).toBe('ok');
    await writer.close();
  });

  it('copies a file with a note and answers the short hash of what it wrote; a missing source is empty', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'maestro-artifacts-'));
    folders.push(folder);
    writeFileSync(join(folder, 'source.log'), 'line one\n');
    const writer = new ArtifactWriter();
    const hash = await writer.copyWithNote(join(folder, 'source.log'), join(folder, 'copy.log'), '[note]\n');
    expect(readFileSync(join(folder, 'copy.log'), 'utf8')).toBe('line one\n[note]\n');
    expect(hash).toBe(shortSha256('line one\n[note]\n'));
    const fromNothing = await writer.copyWithNote(join(folder, 'absent'), join(folder, 'empty.log'), 'n');
    expect(readFileSync(join(folder, 'empty.log'), 'utf8')).toBe('n');
    expect(fromNothing).toBe(shortSha256('n'));
    await writer.close();
  });

  it('shares one worker between writers: closing one leaves the other working', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'maestro-artifacts-'));
    folders.push(folder);
    const first = new ArtifactWriter();
    const second = new ArtifactWriter();
    await Promise.all([first.write(join(folder, 'a'), 'a'), second.write(join(folder, 'b'), 'b')]);
    await first.close();
    await second.write(join(folder, 'c'), 'c');
    expect(readdirSync(folder).sort()).toEqual(['a', 'b', 'c']);
    await second.close();
    // A writer used again after every writer closed starts the worker anew.
    await first.write(join(folder, 'd'), 'd');
    expect(readFileSync(join(folder, 'd'), 'utf8')).toBe('d');
    await first.close();
  });
});
