// A fresh directory under the OS temp folder per test, removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** Registers cleanup and returns a function that creates a new temporary directory. */
export function useTemporaryDirectories(): () => string {
  const created: string[] = [];
  afterEach(() => {
    for (const directory of created.splice(0)) rmSync(directory, { recursive: true, force: true });
  });
  return () => {
    const directory = mkdtempSync(join(tmpdir(), 'maestro-store-'));
    created.push(directory);
    return directory;
  };
}
