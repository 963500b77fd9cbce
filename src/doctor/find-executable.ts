// Finds a program the way execvp does, without a shell: each PATH folder in order, the first regular
// file that is executable. A name with a slash is checked as it is.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

export async function findExecutable(
  name: string,
  env: Readonly<Record<string, string | undefined>>,
  cwd = process.cwd(),
): Promise<string | undefined> {
  if (name.includes('/')) {
    const path = isAbsolute(name) ? name : resolve(cwd, name);
    return (await isExecutableFile(path)) ? path : undefined;
  }
  for (const folder of (env.PATH ?? '').split(delimiter)) {
    // An empty PATH entry means the current folder.
    const candidate = join(folder === '' ? cwd : folder, name);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
