#!/usr/bin/env node
// The `maestro` executable. `--version` is answered before anything else is loaded (start-up time is a
// feature); every subcommand is imported only when it is the one asked for.
import { createRequire } from 'node:module';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const packageJson = createRequire(import.meta.url)('../../package.json') as { version: string };
  process.stdout.write(`maestro ${packageJson.version}\n`);
} else {
  const { runCli } = await import('./program.ts');
  process.exitCode = await runCli(argv);
}
