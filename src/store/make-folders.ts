// Creating a folder and its missing parents. Node's `mkdirSync(path, { recursive: true })` never returns
// for a folder under /proc (for example `/dev/fd/.maestro-runs`, the default runs folder of a plan read
// from a pipe such as `<(cat plan.yaml)`): the mkdir fails with ENOENT under a parent that exists, and it
// retries for ever inside C++, at full CPU, where not even SIGTERM's handler can run. Every folder whose
// path a user can choose (--run-dir, --cache-dir, a council's run folder) is made through this instead.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Creates `folder` and its missing parents one level at a time; throws the error of a level that fails. */
export function makeFolders(folder: string): void {
  const missing: string[] = [];
  for (let level = resolve(folder); !existsSync(level); level = dirname(level)) {
    missing.push(level);
    if (dirname(level) === level) break;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
