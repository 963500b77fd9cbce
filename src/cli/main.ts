#!/usr/bin/env node
// The `maestro` executable. `--version` is answered before anything else is loaded (start-up time is a
// feature); every subcommand is imported only when it is the one asked for. The plainest form of
// `validate` (a plan file and its two flags) skips the argument parser too, whose loading costs about as
// much as validating a 1000-task plan; anything else goes through program.ts.
import { createRequire } from 'node:module';

// A reader that goes away (`| head`, `| grep -q`) is not a failure of the command: the rest of its output
// is dropped and its exit status stays its own, instead of an unhandled EPIPE and a stack trace.
// (EIO: the terminal it wrote to was closed.)
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE' && error.code !== 'EIO' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
});

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const packageJson = createRequire(import.meta.url)('../../package.json') as { version: string };
  process.stdout.write(`maestro ${packageJson.version}\n`);
} else {
  const validate = plainValidate(argv);
  if (validate) {
    const { validateCommand } = await import('./commands/validate-command.ts');
    process.exitCode = await validateCommand(validate.plan, validate.flags);
  } else {
    // The attempt host boots on the other core while this process loads the kernel and the plan.
    if (argv[0] === 'run' || argv[0] === 'council') {
      const { commandNeedsHostEarly, startHostEarly } = await import('./early-host.ts');
      if (commandNeedsHostEarly(argv)) startHostEarly();
    }
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
