// `population:` best-of-N: one attempt runs several candidates (models, or engine/model pairs) through the
// executor — at the same time unless `parallel: false` — and keeps one by the block's strategy:
// - best: the highest judge score among the candidates that pass the other gates (no judge: the first
//   candidate that passes the gates);
// - first_passing: the first candidate, in list order, whose output passes the quality gates (run one
//   after the other, later candidates are not started once one passes);
// - majority: the most common answer (normalised), then gated as any attempt.
// Every candidate's cost is charged to the task; the kept candidate's outcome is the attempt's outcome,
// and its gate verdict is not computed twice. A pre_command runs once, with the first candidate, before
// the others start. Candidates share the task's working directory.

import { createEngineError } from '../engines/create-engine-error.ts';
import type { Task } from '../plan/types.ts';
import {
  type PopulationCandidate,
  type ResolvedPopulation,
  resolvePopulation,
} from '../quality/population/population-candidates.ts';
import {
  type CandidateStanding,
  type Selection,
  selectBest,
  selectFirstPassing,
  selectMajority,
} from '../quality/population/select-candidate.ts';
import type { AttemptIo, AttemptOutcome, AttemptRequest, AttemptStream } from './executor.ts';
import type { TaskSpend } from './model-call.ts';
import type { RunContext } from './run-context.ts';
import { addResultFacts, resultFactsOf } from './task-context.ts';
import { type GateChainResult, runGateChain, settleGates } from './task-gates.ts';
import type { TaskLog } from './task-log.ts';

export interface PopulationInput {
  context: RunContext;
  task: Task;
  request: AttemptRequest;
  io: AttemptIo;
  log: TaskLog;
  spend: TaskSpend;
}

interface CandidateRun {
  candidate: PopulationCandidate;
  request: AttemptRequest;
  outcome: AttemptOutcome;
  costUsd: number | null;
  ran: boolean;
  gates?: GateChainResult;
  /** The task's result facts right after this candidate's gates (structured_output, judge_result). */
  facts?: Record<string, unknown>;
}

export async function runPopulationAttempt(input: PopulationInput): Promise<AttemptOutcome> {
  const { task, request, log } = input;
  const population = resolvePopulation(task.population as Record<string, unknown>, {
    engine: request.engine,
    model: request.call.model,
    mock: request.call.mock,
  });
  log.line(
    `\n[population] strategy=${population.strategy} candidates=${population.candidates.length} parallel=${population.parallel}`,
  );
  const runs = await runCandidates(input, population);
  const selection = select(population, runs);
  return keep(input, population, runs, selection);
}

async function runCandidates(
  input: PopulationInput,
  population: ResolvedPopulation,
): Promise<CandidateRun[]> {
  const { candidates, strategy } = population;
  const runs: CandidateRun[] = [];
  const first = await runCandidate(input, candidates[0]!, true);
  runs.push(first);
  // A failed pre_command fails the attempt before any candidate runs.
  if (first.outcome.pre && !first.outcome.pre.ok) return runs;
  const rest = candidates.slice(1);
  if (strategy === 'first_passing' && !population.parallel) {
    if (await gateCandidate(input, first)) return runs;
    for (const candidate of rest) {
      if (input.context.signal.aborted) break;
      const run = await runCandidate(input, candidate, false);
      runs.push(run);
      if (await gateCandidate(input, run)) break;
    }
    return runs;
  }
  if (population.parallel) {
    runs.push(...(await Promise.all(rest.map((candidate) => runCandidate(input, candidate, false)))));
  } else {
    for (const candidate of rest) {
      if (input.context.signal.aborted) break;
      runs.push(await runCandidate(input, candidate, false));
    }
  }
  if (strategy === 'first_passing') {
    for (const run of runs) if (await gateCandidate(input, run)) break;
  } else if (strategy === 'best') {
    for (const run of runs) await gateCandidate(input, run);
  }
  return runs;
}

async function runCandidate(
  input: PopulationInput,
  candidate: PopulationCandidate,
  isFirst: boolean,
): Promise<CandidateRun> {
  const { context, request, io } = input;
  const call = {
    ...request.call,
    engine: candidate.engine,
    model: candidate.model,
    mock: candidate.mock,
    options:
      candidate.engine === request.engine
        ? request.call.options
        : ((context.plan.defaults[candidate.engine] as Record<string, unknown> | undefined) ?? {}),
  };
  const candidateRequest: AttemptRequest = {
    ...request,
    taskId: `${request.taskId}#candidate-${candidate.index}`,
    engine: candidate.engine,
    call,
    pre: isFirst ? request.pre : undefined,
  };
  // Output is collected per candidate and written to the log as one section when it ends, so candidates
  // running at the same time do not interleave.
  const chunks: [AttemptStream, string][] = [];
  const outcome: AttemptOutcome = context.executor.supportsEngine(candidate.engine)
    ? await context.executor.executeAttempt(candidateRequest, {
        signal: io.signal,
        onOutput: (stream, chunk) => chunks.push([stream, chunk]),
      })
    : unavailableEngine(context, candidate);
  const ran =
    outcome.engine?.ok === true &&
    (outcome.pre === undefined || outcome.pre.ok) &&
    (outcome.verify === undefined || outcome.verify.ok);
  input.log.line(
    `\n[population] candidate ${candidate.index} (${candidate.label}): ${ran ? 'ok' : describeFailure(outcome)}`,
  );
  for (const [stream, chunk] of chunks) io.onOutput?.(stream, chunk);
  input.log.flushPartialLines();
  return {
    candidate,
    request: candidateRequest,
    outcome,
    costUsd: candidateCost(context, candidate, outcome),
    ran,
  };
}

/** Runs the quality gates on a candidate that ran; true when it passed them. */
async function gateCandidate(input: PopulationInput, run: CandidateRun): Promise<boolean> {
  if (!run.ran || input.context.signal.aborted) return false;
  run.gates = await runGateChain({
    context: input.context,
    task: input.task,
    call: run.request.call,
    attempt: input.request.attempt,
    maxAttempts: Math.min(1 + input.task.max_retries, input.task.max_iterations ?? Number.POSITIVE_INFINITY),
    outcome: run.outcome,
    output: run.outcome.engine?.text ?? '',
    log: input.log,
    spend: input.spend,
    candidate: { index: run.candidate.index, label: run.candidate.label },
  });
  run.facts = { ...resultFactsOf(input.spend) };
  return run.gates.failure === null;
}

function select(
  population: ResolvedPopulation,
  runs: readonly CandidateRun[],
): Selection & { votes?: number } {
  const standings: CandidateStanding[] = runs.map((run) => ({
    index: run.candidate.index,
    ran: run.ran,
    passedGates: run.gates ? run.gates.failure === null : undefined,
    passedOtherGates: run.gates
      ? run.gates.failure === null || run.gates.failure.gate === 'judge'
      : undefined,
    score: run.gates?.judge?.score,
    output: run.outcome.engine?.text ?? '',
  }));
  if (population.strategy === 'majority') return selectMajority(standings);
  if (population.strategy === 'first_passing') return selectFirstPassing(standings);
  return selectBest(standings);
}

function keep(
  input: PopulationInput,
  population: ResolvedPopulation,
  runs: readonly CandidateRun[],
  selection: Selection & { votes?: number },
): AttemptOutcome {
  const { context, task, spend, log, request } = input;
  const kept = runs.find((run) => run.candidate.index === selection.index) ?? runs[0]!;
  for (const run of runs) {
    context.events.append('population_candidate', {
      task_id: task.id,
      attempt: request.attempt,
      candidate: run.candidate.index,
      engine: run.candidate.engine,
      model: run.candidate.model ?? null,
      ok: run.ran,
      exit_code: run.outcome.engine?.exitCode ?? null,
      error: run.ran ? null : describeFailure(run.outcome),
      cost_usd: run.costUsd,
      tokens: run.outcome.engine?.usage?.total_tokens ?? null,
      duration_sec: Math.round(run.outcome.durationMs) / 1000,
      output_chars: run.outcome.engine?.text.length ?? 0,
      passed_gates: run.gates ? run.gates.failure === null : null,
      failed_gate: run.gates?.failure?.gate ?? null,
      score: run.gates?.judge?.score ?? null,
    });
    // The kept candidate's cost and tokens are counted by the attempt loop; the others' here.
    if (run !== kept) spend.add({ costUsd: run.costUsd, usage: run.outcome.engine?.usage ?? null });
  }
  context.events.append('population_selected', {
    task_id: task.id,
    attempt: request.attempt,
    strategy: population.strategy,
    selected: kept.candidate.index,
    engine: kept.candidate.engine,
    model: kept.candidate.model ?? null,
    reason: selection.reason,
    candidates: runs.length,
    ...(selection.votes !== undefined ? { votes: selection.votes } : {}),
  });
  log.line(
    `\n[population] selected candidate ${kept.candidate.index} (${kept.candidate.label}): ${selection.reason}`,
  );
  restoreFacts(spend, runs, kept);
  addResultFacts(spend, {
    population_result: {
      strategy: population.strategy,
      selected: kept.candidate.index,
      engine: kept.candidate.engine,
      model: kept.candidate.model ?? null,
      reason: selection.reason,
      candidates: runs.map((run) => ({
        candidate: run.candidate.index,
        engine: run.candidate.engine,
        model: run.candidate.model ?? null,
        ok: run.ran,
        passed_gates: run.gates ? run.gates.failure === null : null,
        score: run.gates?.judge?.score ?? null,
        cost_usd: run.costUsd,
      })),
    },
  });
  // The attempt loop prices the outcome with the task's model; the candidate's own price is kept instead.
  const engine = kept.outcome.engine;
  const outcome: AttemptOutcome =
    engine && engine.costUsd === undefined && kept.costUsd !== null
      ? { ...kept.outcome, engine: { ...engine, costUsd: kept.costUsd } }
      : kept.outcome;
  if (kept.gates) settleGates(outcome, kept.gates.failure);
  return outcome;
}

// Gates of several candidates wrote result facts in turn; the kept candidate's are the task's.
function restoreFacts(spend: TaskSpend, runs: readonly CandidateRun[], kept: CandidateRun): void {
  if (!kept.facts) return;
  const keys = new Set(runs.flatMap((run) => Object.keys(run.facts ?? {})));
  const restored: Record<string, unknown> = {};
  for (const key of keys) restored[key] = kept.facts[key] ?? null;
  addResultFacts(spend, restored);
}

function candidateCost(
  context: RunContext,
  candidate: PopulationCandidate,
  outcome: AttemptOutcome,
): number | null {
  const engine = outcome.engine;
  if (!engine) return null;
  if (engine.costUsd !== undefined) return engine.costUsd;
  if (!engine.usage) return null;
  return (
    context.options.priceUsage?.({
      engine: candidate.engine,
      model: candidate.model,
      usage: engine.usage,
      options: (context.plan.defaults[candidate.engine] as Record<string, unknown> | undefined) ?? {},
    }) ?? null
  );
}

function unavailableEngine(context: RunContext, candidate: PopulationCandidate): AttemptOutcome {
  const message = `[E102] engine '${candidate.engine}' of population candidate ${candidate.index} is not available to the ${context.executor.name} executor`;
  return {
    engine: {
      ok: false,
      text: '',
      exitCode: null,
      durationMs: 0,
      error: createEngineError('not_found', message),
    },
    durationMs: 0,
  };
}

function describeFailure(outcome: AttemptOutcome): string {
  if (outcome.pre && !outcome.pre.ok) return `pre_command failed with exit code ${outcome.pre.exitCode}`;
  const engine = outcome.engine;
  if (!engine) return 'did not run';
  if (!engine.ok)
    return engine.error ? `${engine.error.kind}: ${engine.error.message}` : `exit code ${engine.exitCode}`;
  if (outcome.verify && !outcome.verify.ok)
    return `verify_command failed with exit code ${outcome.verify.exitCode}`;
  return 'ok';
}
