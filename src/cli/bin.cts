#!/usr/bin/env node
// The `maestro` executable as installed (package.json `bin`). CommonJS, so that `maestro --version`
// answers without starting Node's ES module loader (about 15 ms of a ~100 ms start here); everything else
// is handed to main.js, the ES module entry.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const packageJson = require('../../package.json') as { version: string };
  process.stdout.write(`maestro ${packageJson.version}\n`);
} else {
  import('./main.js').catch((error: unknown) => {
    process.stderr.write(`maestro: could not start: ${String(error)}\n`);
    process.exitCode = 1;
  });
}
