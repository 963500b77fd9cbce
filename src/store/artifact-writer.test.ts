import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArtifactWriter } from './artifact-writer.ts';

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
});
