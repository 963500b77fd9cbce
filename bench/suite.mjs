// `node bench/suite.mjs NAME...` (after `npm run build`): runs bench/NAME.mjs one after the other, then
// deletes their work folders, also when one of them failed; exits with the first failure's code. The
// folders are deleted only at the end (see work-dir.mjs).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeWorkDirs } from './work-dir.mjs';

const here = dirname(fileURLToPath(import.meta.url));
let failure = 0;
for (const name of process.argv.slice(2)) {
  const result = spawnSync(process.execPath, [join(here, `${name}.mjs`)], { stdio: 'inherit' });
  const code = result.status ?? 1;
  if (code !== 0) {
    process.stderr.write(`bench/${name}.mjs failed (exit ${code})\n`);
    failure ||= code;
  }
}
process.stdout.write(`removed ${removeWorkDirs()} benchmark work folder(s)\n`);
process.exit(failure);
