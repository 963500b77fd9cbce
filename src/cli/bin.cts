#!/usr/bin/env node
// The `maestro` executable as installed (package.json `bin`). CommonJS, so that `maestro --version`
// answers without starting Node's ES module loader (about 15 ms of a ~100 ms start here); everything else
// is handed to main.js, the ES module entry, with the exit behaviour it has when run directly.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const packageJson = require('../../package.json') as { version: string };
  process.stdout.write(`maestro ${packageJson.version}\n`);
} else {
  let settled = false;
  // Run directly, a top-level await that never settles ends the process with 13; through import() it
  // would end with 0, which must not pass for success.
  process.on('exit', (code) => {
    if (!settled && code === 0) process.exitCode = 13;
  });
  import('./main.js').then(
    () => {
      settled = true;
    },
    (error: unknown) => {
      settled = true;
      process.stderr.write(
        `maestro: internal error: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
