// The council front door on the kernel: one council session is one run (`.maestro-runs/<id>_council/`,
// events.jsonl, a log and result.json per call, manifest, summary), the protocol's events go both to the
// run's event chain and to `.maestro/council/history_log.jsonl`, and the finished session is indexed in
// the project's state database. Everything `maestro council` does is this one function.
import { join } from 'node:path';
import type { Executor, PriceInput, RunListener, RunOutcome } from '../run/index.ts';
import { frontDoorPlan, openRunSession } from '../run/index.ts';
import type { ResolvedCouncil } from './council-config.ts';
import { indexCouncilSession } from './council-session-index.ts';
import { CouncilHistoryLog, councilHistoryPath, type HistoryRecord } from './history-log.ts';
import { createKernelCouncilPort } from './kernel-council-port.ts';
import { newSessionId, runCouncil } from './run-council.ts';
import type { CouncilSession } from './types.ts';

export interface CouncilSessionRunOptions {
  executor: Executor;
  /** The project: `.maestro/` (history, state database) and the default runs folder live here. */
  projectDir: string;
  /** @default `<projectDir>/.maestro-runs` */
  runsDir?: string;
  /** Exact run folder (a council nested in a plan run); overrides runsDir. */
  runPath?: string;
  signal?: AbortSignal;
  /** Per-call timeout. @default 300 */
  timeoutSec?: number;
  /** Retries of a failed call before the member counts as failed. @default 0 */
  maxRetries?: number;
  /** Stops the session's calls once the run has spent more (the calls not made are recorded as skipped). */
  maxCostUsd?: number;
  /** Per-engine settings, as a plan's `defaults.<engine>` (base_url, api_key_env, pricing, ...). */
  engineDefaults?: Record<string, unknown>;
  maskSecrets?: boolean;
  priceUsage?: (input: PriceInput) => number | undefined;
  listener?: RunListener;
  /** Parent environment for engine processes (default process.env). */
  parentEnv?: NodeJS.ProcessEnv;
  /** An enclosing run's masker (a council inside a plan task), applied on top of this run's. */
  outerMask?: (text: string) => string;
}

export interface CouncilSessionRun {
  session: CouncilSession;
  run: RunOutcome;
  historyPath: string;
  /** Problems that did not stop the session (the state database could not be updated, ...). */
  warnings: string[];
}

export async function runCouncilSession(
  council: ResolvedCouncil,
  options: CouncilSessionRunOptions,
): Promise<CouncilSessionRun> {
  const { config } = council;
  const plan = frontDoorPlan({
    name: 'council',
    goal: config.question,
    runDir: options.runsDir ?? join(options.projectDir, '.maestro-runs'),
    baseDir: options.projectDir,
    // Every member of a stage runs at once; the chair may be one more.
    maxParallel: config.members.length + 1,
    maxCostUsd: options.maxCostUsd,
    defaults: options.engineDefaults,
  });
  const run = openRunSession(plan, {
    executor: options.executor,
    cwd: options.projectDir,
    runPath: options.runPath,
    signal: options.signal,
    listener: options.listener,
    maskSecrets: options.maskSecrets,
    priceUsage: options.priceUsage,
    parentEnv: options.parentEnv,
    outerMask: options.outerMask,
  });
  const sessionId = newSessionId(new Date());
  const historyPath = councilHistoryPath(options.projectDir);
  const history = new CouncilHistoryLog(historyPath, { mask: run.mask });
  const written: HistoryRecord[] = [];
  const port = createKernelCouncilPort(run, {
    timeoutSec: options.timeoutSec,
    maxRetries: options.maxRetries,
  });
  let session: CouncilSession | undefined;
  let crash: unknown;
  try {
    session = await runCouncil(config, port, {
      signal: run.signal,
      sessionId,
      warnings: council.warnings,
      journal: {
        append: (id, event, data) => {
          const record = history.append(id, event, { ...data, run_id: run.runId });
          written.push(record);
          return record;
        },
      },
    });
  } catch (error) {
    crash = error;
  }
  // An interrupted session stops waiting for its last stage; its tasks still end (cancelled) before the
  // run is closed, so each gets its one terminal record.
  await run.settled();
  const outcome = run.close(crash);
  if (crash || !session) throw crash;
  const warnings: string[] = [];
  try {
    indexCouncilSession(options.projectDir, session, written, run.mask);
  } catch (error) {
    warnings.push(
      `the state database was not updated: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return { session, run: outcome, historyPath, warnings };
}
