// `maestro run PLAN`: parse flags, load the plan, wire the executor, the view and Ctrl-C, run, exit.
import { createInterface } from 'node:readline/promises';
import { setFlagsFromString } from 'node:v8';
import { priceUsage } from '../../engines/pricing/index.ts';
import { MaestroError } from '../../errors/index.ts';
import { hostStartedEarly } from '../../executors/process-host/fork-attempt-host.ts';
import { ProcessHostExecutor } from '../../executors/process-host/process-host-executor.ts';
import { loadPlan } from '../../plan/load-plan.ts';
import type { Task } from '../../plan/types.ts';
import {
  type ExecutionProfile,
  latestRunDirectoryFor,
  type RunPlanOptions,
  runPlan,
} from '../../run/index.ts';
import { startFileWorker } from '../../store/index.ts';
import { mayAnswerFromCache } from '../early-host.ts';
import { withInterrupts } from '../interrupts.ts';
import { createRunView, type ViewMode } from '../render/run-view.ts';
import { reportError } from '../report-error.ts';
import { printWarnings } from './print-warnings.ts';

export interface RunFlags {
  runDir?: string;
  cache?: boolean;
  cacheDir?: string;
  quiet?: boolean;
  output?: string;
  dryRun?: boolean;
  resumeLast?: boolean;
  resume?: string;
  maxParallel?: string;
  only?: string[];
  skip?: string[];
  tags?: string[];
  skipTags?: string[];
  executionProfile?: ExecutionProfile;
  autoApprove?: boolean;
  maskSecrets?: boolean;
  strict?: boolean;
  parallel?: boolean;
}

export async function runCommand(planFiles: string[], flags: RunFlags): Promise<number> {
  try {
    if (planFiles.length > 1 || flags.parallel) {
      throw new MaestroError({
        code: 'E120',
        flag: flags.parallel ? '--parallel' : '<plan...>',
        message: 'running several plans in one command is not supported yet; run them one at a time',
      });
    }
    if (flags.output === 'tui') {
      throw new MaestroError({
        code: 'E120',
        flag: '--output',
        message: "'tui' is not available yet; use text, live or jsonl",
      });
    }
    if (flags.resume && flags.resumeLast) {
      throw new MaestroError({
        code: 'E120',
        flag: '--resume',
        message: 'use either --resume RUN_DIR or --resume-last',
      });
    }
    const maxParallel = parseMaxParallel(flags.maxParallel);
    // The run writes its files on a worker thread; booting it overlaps with loading the plan.
    if (!flags.dryRun) startFileWorker();
    // Attempts run in a lean child process: spawning from a small process is several times cheaper.
    // With no cache to answer from, it starts now, while the plan loads; otherwise on the first attempt,
    // so a fully cached run starts no process at all. It is stopped on every path below.
    const executor = new ProcessHostExecutor();
    // (main.js has usually decided already and started it: then the executor adopts it now.)
    if (!flags.dryRun && (hostStartedEarly() || !mayAnswerFromCache(planFiles[0]!, flags))) executor.warmUp();
    try {
      return await runLoadedPlan(planFiles[0]!, flags, maxParallel, executor);
    } finally {
      await executor.close();
    }
  } catch (error) {
    return reportError(error);
  }
}

async function runLoadedPlan(
  file: string,
  flags: RunFlags,
  maxParallel: number | undefined,
  executor: ProcessHostExecutor,
): Promise<number> {
  {
    const plan = await loadPlan(file, { strict: flags.strict });
    limitHeapGrowth(plan.tasks.length);
    const mode: ViewMode = flags.output === 'jsonl' ? 'jsonl' : flags.quiet ? 'quiet' : 'text';
    printWarnings(plan.warnings, mode === 'jsonl' ? 'stderr' : 'stdout');
    const resumeFrom =
      flags.resume ?? (flags.resumeLast ? latestRunDirectoryFor(plan, flags.runDir) : undefined);
    const view = await createRunView(mode, plan.tasks.length);

    return await withInterrupts(
      (text) => view.note(text),
      'stopping dispatch and ending running tasks',
      async (signal) => {
        const outcome = await runPlan(plan, {
          executor,
          runsDir: flags.runDir,
          dryRun: flags.dryRun,
          maxParallel,
          only: flags.only,
          skip: flags.skip,
          tags: flags.tags,
          skipTags: flags.skipTags,
          resumeFrom,
          autoApprove: flags.autoApprove,
          askApproval: process.stdin.isTTY && process.stdout.isTTY ? askOnTerminal : undefined,
          executionProfile: flags.executionProfile,
          maskSecrets: flags.maskSecrets,
          cache: flags.cache !== false,
          cacheDir: flags.cacheDir,
          priceUsage,
          runCouncil: lazyCouncilRunner(executor, flags.maskSecrets),
          signal,
          listener: view.listener,
        });
        view.finish(outcome);
        return outcome.interrupted ? 130 : outcome.success ? 0 : 1;
      },
    );
  }
}

// A run's live heap grows with its records, and V8's default lets the heap reach several times the live
// size between full collections: 290 MB resident for a 10 000-task run whose live heap is 60 MB. Growing
// by a fifth at a time keeps that near 200 MB, but the extra full collections cost a 1000-task run ~60 ms
// of its main thread (a fully cached re-run: 0.79 -> 0.73 s without it), where memory is no concern. So
// only big plans get it. (The collector reads the factor at each collection, so setting it once the plan
// is loaded takes effect.)
const heapGrowthLimitFromTasks = 2000;

function limitHeapGrowth(taskCount: number): void {
  if (taskCount > heapGrowthLimitFromTasks) setFlagsFromString('--heap-growing-percent=20');
}

function parseMaxParallel(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new MaestroError({
      code: 'E012',
      flag: '--max-parallel',
      message: `Expected --max-parallel to be an integer >= 1, got '${value}'`,
    });
  }
  return parsed;
}

async function askOnTerminal(task: Task, message: string): Promise<boolean> {
  const readline = createInterface({ input: process.stdin, output: process.stdout });
  const asking = new AbortController();
  // The terminal is in raw mode while readline reads, so Ctrl-C reaches readline, not the process:
  // hand it on as the interrupt it is (the run closes as interrupted) and withdraw the question.
  readline.on('SIGINT', () => {
    // Synchronously, so the run is aborted before the withdrawn question resolves as "no".
    process.emit('SIGINT', 'SIGINT');
    asking.abort();
  });
  try {
    const answer = await readline.question(`[maestro] approval needed for '${task.id}': ${message} [y/N] `, {
      signal: asking.signal,
    });
    return /^y(es)?$/i.test(answer.trim());
  } catch {
    return false;
  } finally {
    readline.close();
  }
}

// The council front door is loaded on the first council task (at any depth: group sub-plans too).
function lazyCouncilRunner(
  executor: ProcessHostExecutor,
  maskSecrets: boolean | undefined,
): NonNullable<RunPlanOptions['runCouncil']> {
  let runner: Promise<NonNullable<RunPlanOptions['runCouncil']>> | undefined;
  return async (request) => {
    runner ??= import('../../council/index.ts').then(({ createPlanCouncilRunner }) =>
      createPlanCouncilRunner({ executor, projectDir: process.cwd(), priceUsage, maskSecrets }),
    );
    return (await runner)(request);
  };
}
