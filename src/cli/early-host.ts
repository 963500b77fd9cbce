// Whether a command will need the attempt host, decided from the command line alone before the argument
// parser and the kernel are loaded (main.ts), so the host can boot meanwhile. `council` always needs it
// (not `council history`). For `run` the rule of run-command.ts applies: a run that may be answered from
// the cache (its cache folder exists) starts no process until an attempt needs one, so that a fully
// cached re-run spawns nothing. Whatever this scan does not recognise answers false: the host then
// starts as before, a little later. A host started for a command that then fails (a bad flag) is not
// adopted and ends with this process.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The flags of `run` the cache folder depends on. */
export interface CacheLocationFlags {
  cache?: boolean;
  runDir?: string;
  cacheDir?: string;
}

/** Whether a result cache folder exists for this plan (its run root's `.cache`, or --cache-dir). */
export function mayAnswerFromCache(planFile: string, flags: CacheLocationFlags): boolean {
  if (flags.cache === false) return false;
  const runRoot = flags.runDir ?? join(dirname(resolve(planFile)), '.maestro-runs');
  return existsSync(flags.cacheDir ?? join(runRoot, '.cache'));
}

const VALUE_FLAGS = new Set([
  '--run-dir',
  '--cache-dir',
  '--output',
  '--resume',
  '--max-parallel',
  '--only',
  '--skip',
  '--tags',
  '--skip-tags',
  '--execution-profile',
]);
const PLAIN_FLAGS = new Set([
  '--no-cache',
  '-q',
  '--quiet',
  '--resume-last',
  '--auto-approve',
  '--mask-secrets',
  '--strict',
]);

/** True when `args` (after the program name) is a `run` of one plan that will start attempts. */
export function runNeedsHostEarly(args: readonly string[]): boolean {
  if (args[0] !== 'run') return false;
  const flags: CacheLocationFlags = {};
  const plans: string[] = [];
  for (let index = 1; index < args.length; index += 1) {
    const arg = args[index]!;
    if (!arg.startsWith('-') && arg !== '') {
      plans.push(arg);
      continue;
    }
    if (PLAIN_FLAGS.has(arg)) {
      if (arg === '--no-cache') flags.cache = false;
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg : arg.slice(0, equals);
    if (!VALUE_FLAGS.has(name)) return false; // --dry-run, --help, a typo: leave it to the parser
    const value = equals === -1 ? args[++index] : arg.slice(equals + 1);
    if (value === undefined) return false;
    if (name === '--run-dir') flags.runDir = value;
    else if (name === '--cache-dir') flags.cacheDir = value;
  }
  return plans.length === 1 && !mayAnswerFromCache(plans[0]!, flags);
}

/** True for `council QUESTION...` (it always needs the host) and for `run` as `runNeedsHostEarly` says. */
export function commandNeedsHostEarly(args: readonly string[]): boolean {
  if (args[0] === 'council') {
    return args[1] !== 'history' && !args.some((arg) => arg === '-h' || arg === '--help');
  }
  return runNeedsHostEarly(args);
}
