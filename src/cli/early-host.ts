// Whether a command will need the attempt host, decided from the command line alone before the argument
// parser and the kernel are loaded (main.ts), so the host can boot meanwhile. A `council` question always
// needs it (`history`, `replay` and help do not). For `run` the rule of run-command.ts applies: a run
// that may be answered from the cache (its cache folder exists) starts no process until an attempt
// needs one, so that a fully cached re-run spawns nothing. Whatever this scan does not recognise answers
// false: the host then starts as before, a little later. A host started for a command that then fails
// (a bad flag) is not adopted and ends with this process.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export { startHostEarly } from '../executors/process-host/fork-attempt-host.ts';

/** The flags of `run` the cache folder depends on. */
export interface CacheLocationFlags {
  cache?: boolean;
  runDir?: string;
  cacheDir?: string;
}

/**
 * Whether a result cache folder may exist for this plan: --cache-dir, else `.cache` in the run root
 * (--run-dir, else the plan's `run_dir`, else `.maestro-runs` beside the plan). The plan is not loaded
 * yet: its `run_dir` is read from a plain top-level `run_dir: VALUE` line; a plan that names `run_dir`
 * any other way (JSON, a quoted key, flow style) may answer, so nothing is started for it early.
 */
export function mayAnswerFromCache(planFile: string, flags: CacheLocationFlags): boolean {
  if (flags.cache === false) return false;
  if (flags.cacheDir !== undefined) return existsSync(flags.cacheDir);
  const runRoot = flags.runDir ?? planRunRoot(planFile);
  return runRoot === undefined || existsSync(join(runRoot, '.cache'));
}

const RUN_DIR_LINE = /^run_dir[ \t]*:[ \t]*(.*)$/m;
// A value written as a plain or simply quoted scalar; anything else (flow, anchors, tags, blocks) is not read.
const PLAIN_VALUE =
  /^(?:"([^"\\]*)"|'([^']*)'|([^\s"'[\]{}&*!|>%@`#](?:[^#]|(?<=\S)#)*?))[ \t]*(?:[ \t]#.*)?$/;

/** The plan's run root as its text declares it, or undefined when that cannot be told without loading it. */
function planRunRoot(planFile: string): string | undefined {
  const planDir = dirname(resolve(planFile));
  let text: string;
  try {
    // Only a regular file is read: a plan on a pipe (`<(cat plan.yaml)`) can be read once, by the loader.
    if (!statSync(planFile).isFile()) return undefined;
    text = readFileSync(planFile, 'utf8');
  } catch {
    return join(planDir, '.maestro-runs'); // the run reports the missing plan; no cache will answer
  }
  const mention = text.indexOf('run_dir');
  if (mention === -1) return join(planDir, '.maestro-runs');
  const line = RUN_DIR_LINE.exec(text);
  // Only when the first mention is the top-level key itself (not a nested key or a comment before it).
  if (line === null || line.index !== mention) return undefined;
  const value = PLAIN_VALUE.exec(line[1]!);
  const runDir = value ? (value[1] ?? value[2] ?? value[3]) : undefined;
  if (runDir === undefined || UNREADABLE_RUN_DIR.test(runDir)) return undefined;
  return resolve(planDir, runDir);
}

// Empty, what YAML reads as null, a boolean or a number (`1.0` is loaded as "1"), or anything that might be
// expanded: left to the loader. A path that merely starts with a digit is left to it too.
const UNREADABLE_RUN_DIR = /^$|^[-+.\d]|^(?:~|null|true|false|yes|no|on|off)$|[$`{]/i;

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

// `council` subcommands and options that never deliberate.
const COUNCIL_WITHOUT_HOST = new Set(['history', 'replay', 'help', '-h', '--help']);

/** True for a `council` question (it always needs the host) and for `run` as `runNeedsHostEarly` says. */
export function commandNeedsHostEarly(args: readonly string[]): boolean {
  if (args[0] === 'council') return !args.some((arg) => COUNCIL_WITHOUT_HOST.has(arg));
  return runNeedsHostEarly(args);
}
