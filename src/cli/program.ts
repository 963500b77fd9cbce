// Declares the commands and their flags; each action imports its command module on demand.

import { createRequire } from 'node:module';
import { Command, CommanderError, Option } from 'commander';
import { MaestroError } from '../errors/index.ts';
import { reportError } from './report-error.ts';

const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
];

export async function runCli(argv: string[]): Promise<number> {
  const packageJson = createRequire(import.meta.url)('../../package.json') as { version: string };
  let exitCode = 0;
  const program = new Command('maestro')
    .description('Local-first orchestrator for AI agents and language models')
    .version(`maestro ${packageJson.version}`, '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: () => {} })
    // `council history --output json`: an option after a subcommand belongs to the subcommand.
    .enablePositionalOptions();

  program
    .command('run')
    .description('run a plan (a YAML DAG of shell, mock, model and agent tasks)')
    .argument('<plan...>', 'plan file')
    .option('--run-dir <dir>', 'folder for run directories (default: the plan run_dir, .maestro-runs)')
    .option('--no-cache', 'do not read or write the result cache')
    .option('--cache-dir <dir>', 'result cache folder (default: <run root>/.cache)')
    .option('-q, --quiet', 'print only the final line')
    .addOption(
      new Option('--output <mode>', 'output format')
        .choices(['text', 'jsonl', 'live', 'tui'])
        .default('text'),
    )
    .option('--dry-run', 'build every command without executing anything')
    .option('--resume-last', 'carry over the tasks that succeeded in the last run of this plan')
    .option('--resume <runDir>', 'carry over the tasks that succeeded in RUN_DIR')
    .option('--max-parallel <n>', 'override max_parallel')
    .option('--only <ids>', 'run only these tasks (comma-separated, repeatable)', collect)
    .option('--skip <ids>', 'do not run these tasks (comma-separated, repeatable)', collect)
    .option('--tags <tags>', 'run only tasks with one of these tags', collect)
    .option('--skip-tags <tags>', 'do not run tasks with these tags', collect)
    .addOption(
      new Option('--execution-profile <profile>', 'agent CLI permission profile').choices([
        'plan',
        'safe',
        'yolo',
      ]),
    )
    .option('--auto-approve', 'answer yes to every requires_approval gate')
    .option('--mask-secrets', 'mask every credential-looking environment value in the run directory')
    .option('--strict', 'treat unknown plan keys as errors')
    .option('--parallel', 'run several plans at once (not supported yet)')
    .action(async (plans: string[], flags: Record<string, unknown>) => {
      const { runCommand } = await import('./commands/run-command.ts');
      exitCode = await runCommand(plans, flags);
    });

  program
    .command('validate')
    .description('check a plan without running it')
    .argument('<plan>', 'plan file')
    .option('--json', 'machine-readable verdict')
    .option('--strict', 'treat unknown plan keys as errors')
    .action(async (plan: string, flags: { json?: boolean; strict?: boolean }) => {
      const { validateCommand } = await import('./commands/validate-command.ts');
      exitCode = await validateCommand(plan, flags);
    });

  program
    .command('schema')
    .description('print the JSON Schema of the plan language (for editors)')
    .action(async () => {
      const { schemaCommand } = await import('./commands/schema-command.ts');
      exitCode = schemaCommand();
    });

  program
    .command('verify')
    .description("check a run directory's event hash chain and artifact hashes")
    .argument('<runDir>', 'run directory')
    .option('--json', 'machine-readable verdict')
    .action(async (runDir: string, flags: { json?: boolean }) => {
      const { verifyCommand } = await import('./commands/verify-command.ts');
      exitCode = await verifyCommand(runDir, flags);
    });

  const council = program
    .command('council')
    .enablePositionalOptions()
    .description('several models deliberate in rounds; a quorum and threshold decide; a chair answers')
    .argument('[question...]', 'the question (or --file, or `question:` in --config)')
    .option('--file <path>', 'read the question from a file')
    .option('--config <path>', 'council file (YAML/JSON): members with options, any setting below')
    .option('--member <engine:model>', 'a member (repeat; at least 2)', collect)
    .option('--rounds <n>', 'rounds in all, round 0 included (1-5; default 2)')
    .option('--roles <mode>', 'fixed or rotating (default fixed)')
    .option('--role <names>', 'role names in order (comma-separated)', collect)
    .option('--seed <n>', 'seed for labels, presentation order and role rotation')
    .option('--chair <engine:model>', 'who writes the final answer (default: the first member)')
    .option('--quorum <n>', 'members with a valid answer needed to decide (default 3)')
    .option('--threshold <share>', 'share the largest agreeing group needs: 2/3, 0.67 or 67% (default 2/3)')
    .option('--no-anonymize', 'show model names to peers instead of Response A, B, ...')
    .option('--early-stop', 'stop deliberating once positions are stable')
    .option('--answer <kind>', 'auto, number, option, yes_no, free or json_field:<path> (default auto)')
    .option('--ranking <method>', 'borda or mean (default borda)')
    .option('--output <format>', 'text, markdown or json', 'text')
    .option('--run-dir <dir>', 'folder for the run directory (default .maestro-runs)')
    .option('--timeout <sec>', 'per-call timeout in seconds (default 300)')
    .option('--retries <n>', 'retries of a failed call before the member counts as failed (default 0)')
    .option('--max-cost <usd>', 'stop making calls once the session has cost more')
    .option('--mask-secrets', 'mask every credential-looking environment value in the run directory')
    .action(async (words: string[], flags: Record<string, unknown>) => {
      const { councilCommand } = await import('./commands/council-command.ts');
      exitCode = await councilCommand(words, flags);
    });
  council
    .command('history')
    .description('list past council sessions, show one, verify the log, or per-model statistics')
    .argument('[id]', 'a session id (or a unique prefix) to show')
    .option('--stats', 'per-model statistics across sessions')
    .option('--verify', "check history_log.jsonl's hash chain")
    .option('--limit <n>', 'sessions to list (default 20; 0 lists none)')
    .option('--output <format>', 'text, markdown or json', 'text')
    .action(async (id: string | undefined, flags: Record<string, unknown>) => {
      const { councilHistoryCommand } = await import('./commands/council-history-command.ts');
      exitCode = await councilHistoryCommand(id, flags);
    });
  council
    .command('replay')
    .description('re-render a past session from history_log.jsonl')
    .argument('<id>', 'session id or a unique prefix')
    .option('--output <format>', 'text, markdown or json', 'text')
    .action(async (id: string, flags: Record<string, unknown>) => {
      const { councilReplayCommand } = await import('./commands/council-history-command.ts');
      exitCode = await councilReplayCommand(id, flags);
    });

  program
    .command('explain')
    .description('say why each task of a plan would hit or miss the result cache, and what its key covers')
    .argument('<plan>', 'plan file')
    .argument('[task]', 'one task id (default: every task)')
    .option('--run-dir <dir>', "run root whose cache is read (default: the plan's run_dir)")
    .option('--cache-dir <dir>', 'cache folder (default: <run root>/.cache)')
    .option('--json', 'machine-readable report')
    .addOption(
      new Option('--execution-profile <profile>', 'the profile the run would use (engine tasks)').choices([
        'plan',
        'safe',
        'yolo',
      ]),
    )
    .action(
      async (
        plan: string,
        task: string | undefined,
        flags: { runDir?: string; cacheDir?: string; json?: boolean; executionProfile?: string },
      ) => {
        const { explainCommand } = await import('./commands/explain-command.ts');
        exitCode = await explainCommand(plan, task, flags);
      },
    );

  program
    .command('budget')
    .description('show the spend recorded in the cross-run budget ledger (.maestro/maestro.db), per period')
    .argument('[plan]', 'a plan file: show its budget_period and max_cost_usd against the ledger')
    .option('--period <period>', "daily, weekly or monthly (default: the plan's budget_period, else all)")
    .option('--json', 'machine-readable report')
    .action(async (plan: string | undefined, flags: { period?: string; json?: boolean }) => {
      const { budgetCommand } = await import('./commands/budget-command.ts');
      exitCode = await budgetCommand(plan, flags);
    });

  program
    .command('doctor')
    .description(
      'check which engines can run here: CLIs and versions, endpoints, API keys (by name), node-llama-cpp',
    )
    .option('--json', 'machine-readable report')
    .action(async (flags: { json?: boolean }) => {
      const { doctorCommand } = await import('./commands/doctor-command.ts');
      exitCode = await doctorCommand(flags);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      return reportError(
        new MaestroError({
          code: 'E120',
          message: error.message.replace(/^error: /, ''),
          flag: flagOf(error.message),
        }),
      );
    }
    return reportError(error);
  }
}

function flagOf(message: string): string | undefined {
  return /'(-{1,2}[\w-]+)'/.exec(message)?.[1];
}
