#!/usr/bin/env node
// The `maestro` executable. `--version` is answered before anything else is loaded (start-up time is a
// feature); every subcommand is imported only when it is the one asked for. The plainest form of
// `validate` (a plan file and its two flags) skips the argument parser too, whose loading costs about as
// much as validating a 1000-task plan; anything else goes through program.ts.
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const packageJson = createRequire(import.meta.url)('../../package.json') as { version: string };
  process.stdout.write(`maestro ${packageJson.version}\n`);
} else {
  // A run's live heap grows with its records, and V8's default lets the heap reach several times the
  // live size between full collections: 290 MB resident for a 10 000-task run whose live heap is 60 MB.
  // Growing by a fifth at a time keeps it near 200 MB for about a tenth more CPU in the collector. (The
  // collector reads this factor at each collection, so setting it now takes effect.)
  setFlagsFromString('--heap-growing-percent=20');
  const validate = plainValidate(argv);
  if (validate) {
    const { validateCommand } = await import('./commands/validate-command.ts');
    process.exitCode = await validateCommand(validate.plan, validate.flags);
  } else {
    const { runCli } = await import('./program.ts');
    process.exitCode = await runCli(argv);
  }
}

/** `validate PLAN [--json] [--strict]` in any order, each flag at most once; undefined for anything else. */
function plainValidate(args: readonly string[]) {
  if (args[0] !== 'validate') return undefined;
  const flags: { json?: boolean; strict?: boolean } = {};
  let plan: string | undefined;
  for (const arg of args.slice(1)) {
    if (arg === '--json' && !flags.json) flags.json = true;
    else if (arg === '--strict' && !flags.strict) flags.strict = true;
    else if (plan === undefined && arg !== '' && !arg.startsWith('-')) plan = arg;
    else return undefined;
  }
  return plan === undefined ? undefined : { plan, flags };
}
