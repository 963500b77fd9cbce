// The retry loop of one task: attempts through the executor, verify feedback, delays, and the failure
// history. Returns the final attempt's facts; writing the result is the caller's job.
import type { EngineCall, TokenUsage } from '../engines/engine.ts';
import type { Task } from '../plan/types.ts';
import { lastLines } from '../quality/last-lines.ts';
import type { AttemptIo, AttemptOutcome, AttemptRequest, GateCommand } from './executor.ts';
import { categorizeEngineError, categorizeExitFailure } from './failure-category.ts';
import { addTokenUsage, type TaskSpend } from './model-call.ts';
import { retryDelaySeconds, sleepUnlessAborted } from './retry-delay.ts';
import type { RunContext } from './run-context.ts';
import { type GateFailure, runQualityGates } from './task-gates.ts';
import type { TaskLog } from './task-log.ts';
import { runPopulationAttempt } from './task-population.ts';
import { retryFeedback } from './task-prompt.ts';
import type { FailureRecord } from './task-record.ts';
import { type AttemptRoute, AttemptRouter } from './task-resilience.ts';

export interface AttemptsInput {
  context: RunContext;
  task: Task;
  engine: string;
  call: EngineCall;
  pre?: GateCommand;
  verify?: GateCommand;
  log: TaskLog;
  /** Extra model calls (judges, population candidates) are charged here. */
  spend: TaskSpend;
  /** `defaults.<engine>` merged with `engine_options`, for a fallback engine. */
  engineOptionsFor: (engine: string) => Record<string, unknown> | undefined;
}

export interface AttemptsResult {
  outcome: 'success' | 'failed' | 'cancelled';
  exitCode: number | null;
  message: string;
  output: string;
  attempts: number;
  failureHistory: FailureRecord[];
  usage: TokenUsage | null;
  costUsd: number | null;
  failureCategory: string | null;
  /** The engine's own description of what it ran (full CLI line, endpoint), when it gave one. */
  engineCommand: string | undefined;
  toolCallCount: number;
  /** The engine and model of the last attempt (they change with escalation and fallback). */
  route: AttemptRoute;
  /** When the task failed for good: what the next person (or agent) needs to pick it up. */
  handoff: HandoffReport | undefined;
}

export interface HandoffReport {
  failure_category: string;
  partial_output: string;
  summary: string;
}

interface AttemptVerdict {
  ok: boolean;
  cancelled: boolean;
  retryable: boolean;
  exitCode: number | null;
  category: string;
  message: string;
  detail: string;
}

export async function runAttempts(input: AttemptsInput): Promise<AttemptsResult> {
  const { context, task, log } = input;
  let maxAttempts = Math.min(1 + task.max_retries, task.max_iterations ?? Number.POSITIVE_INFINITY);
  const router = new AttemptRouter(context.plan, task, input.engine);
  const failureHistory: FailureRecord[] = [];
  let usage: TokenUsage | null = null;
  let costUsd: number | null = null;
  let feedback = '';
  let last: AttemptVerdict | undefined;
  let lastOutput = '';
  let engineCommand: string | undefined;
  let toolCallCount = 0;
  let attempt = 0;

  while (attempt < maxAttempts) {
    // Checked before counting: an attempt cut off during the retry delay never ran.
    if (context.signal.aborted) {
      last = cancelledVerdict();
      break;
    }
    attempt += 1;
    const route = router.route;
    const request = buildRequest(input, attempt, feedback, route);
    const io: AttemptIo = {
      signal: context.signal,
      onOutput: (stream, chunk) => (stream === 'stderr' ? log.writeStderr(chunk) : log.writeStdout(chunk)),
    };
    const outcome = task.population
      ? await runPopulationAttempt({ context, task, request, io, log, spend: input.spend })
      : await context.executor.executeAttempt(request, io);
    log.flushPartialLines();
    lastOutput = outcome.engine?.text ?? '';
    engineCommand = outcome.engine?.command ?? engineCommand;
    toolCallCount += outcome.engine?.toolCallCount ?? 0;
    usage = addTokenUsage(usage, outcome.engine?.usage);
    const attemptCost = costOfAttempt(input, outcome, request);
    if (attemptCost !== undefined) costUsd = (costUsd ?? 0) + attemptCost;
    last = judgeAttempt(outcome, context.signal.aborted);
    logGateSections(log, outcome);
    if (last.ok) {
      const gateFailure = await runQualityGates({
        context,
        task,
        call: request.call,
        attempt,
        maxAttempts,
        outcome,
        output: lastOutput,
        log,
        spend: input.spend,
      });
      if (gateFailure) last = gateVerdict(gateFailure, context.signal.aborted);
    }
    if (last.ok || last.cancelled) break;

    failureHistory.push({
      attempt,
      category: last.category,
      exit_code: last.exitCode,
      message: last.message,
      verify_tail: outcome.verify && !outcome.verify.ok ? tail(outcome.verify.output, 20) : '',
      duration_sec: round(outcome.durationMs / 1000),
    });
    if (outcome.verify && !outcome.verify.ok) {
      context.events.append('verify_failure', {
        task_id: task.id,
        attempt,
        exit_code: outcome.verify.exitCode,
        timed_out: outcome.verify.timedOut,
        output_tail: tail(outcome.verify.output, 20),
      });
    }
    const failure = {
      category: last.category,
      message: last.message,
      detail: last.detail,
      exitCode: last.exitCode,
    };
    // A switch to the fallback engine always gets its own attempt, even after the last retry, and even
    // when the engine's failure (bad credentials, a missing CLI) is one retrying it could not fix.
    const fallsBack = router.wouldFallBack(failure);
    if (fallsBack && attempt >= maxAttempts) maxAttempts = attempt + 1;
    const engineFailed = outcome.engine?.ok === false && !(outcome.pre && !outcome.pre.ok);
    if ((!last.retryable && !(fallsBack && engineFailed)) || attempt >= maxAttempts) break;
    // A run that stopped dispatching (fail_fast, budget, circuit breaker) lets this attempt finish but
    // starts no other; the task ends with this attempt's outcome.
    if (stoppedBeforeRetry(context, log)) break;
    const change = router.afterFailure(failure);
    if (change) {
      context.events.append(change.kind === 'fallback' ? 'engine_fallback' : 'model_escalation', {
        task_id: task.id,
        attempt: attempt + 1,
        from_engine: change.from.engine,
        from_model: change.from.model ?? null,
        to_engine: change.to.engine,
        to_model: change.to.model ?? null,
        reason: change.kind === 'fallback' ? change.reason : last.message,
      });
      log.line(
        `\n[${change.kind}] ${change.from.engine}:${change.from.model ?? 'default'} -> ${change.to.engine}:${change.to.model ?? 'default'}`,
      );
    }

    const delaySec = retryDelaySeconds(task.retry_delay_sec, task.retry_strategy, attempt - 1);
    context.events.append('task_retry', {
      task_id: task.id,
      attempt: attempt + 1,
      max_attempts: maxAttempts,
      delay_sec: delaySec,
      reason: last.message,
    });
    log.line(`\n[retry ${attempt}/${maxAttempts - 1}] ${last.message}`);
    if (delaySec > 0) log.line(`[maestro] waiting ${delaySec}s before retry...`);
    feedback = retryFeedback(attempt, last.message, last.detail);
    await sleepUnlessAborted(delaySec * 1000, [context.signal, context.stopping]);
    if (stoppedBeforeRetry(context, log)) break;
  }

  const verdict = last ?? cancelledVerdict();
  const handoff = !verdict.ok && !verdict.cancelled ? handoffReport(verdict, lastOutput, attempt) : undefined;
  if (handoff) log.line(`\n[handoff_report]\n${JSON.stringify(handoff, null, 2)}`);
  return {
    handoff,
    outcome: verdict.ok ? 'success' : verdict.cancelled ? 'cancelled' : 'failed',
    exitCode: verdict.exitCode,
    message: verdict.ok ? 'ok' : verdict.message,
    output: lastOutput,
    attempts: attempt,
    failureHistory,
    usage,
    costUsd,
    failureCategory: verdict.ok ? null : verdict.category,
    engineCommand,
    toolCallCount,
    route: router.route,
  };
}

// An interrupt is left to the loop's own check, which ends the task as cancelled.
function stoppedBeforeRetry(context: RunContext, log: TaskLog): boolean {
  if (!context.stopping.aborted || context.signal.aborted) return false;
  log.line(`[maestro] no further retry: ${String(context.stopping.reason)}`);
  return true;
}

function handoffReport(verdict: AttemptVerdict, output: string, attempts: number): HandoffReport {
  return {
    failure_category: verdict.category,
    partial_output: tail(output, 20),
    summary: `failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${verdict.message}${
      verdict.detail ? `\n${tail(verdict.detail, 10)}` : ''
    }`,
  };
}

function buildRequest(
  input: AttemptsInput,
  attempt: number,
  feedback: string,
  route: AttemptRoute,
): AttemptRequest {
  const { context, task } = input;
  const call =
    route.engine === input.engine && route.model === input.call.model
      ? input.call
      : {
          ...input.call,
          engine: route.engine,
          model: route.model,
          options: route.engine === input.engine ? input.call.options : input.engineOptionsFor(route.engine),
        };
  const env: Record<string, string> = { ...call.env, MAESTRO_ATTEMPT: String(attempt) };
  if (feedback) env.MAESTRO_RETRY_FEEDBACK = feedback;
  const prompt = call.prompt !== undefined && feedback ? `${call.prompt}\n\n${feedback}` : call.prompt;
  return {
    runId: context.runId,
    taskId: task.id,
    attempt,
    engine: route.engine,
    call: { ...call, attempt, env, prompt },
    pre: attempt === 1 ? input.pre : undefined,
    verify: input.verify
      ? { ...input.verify, env: { ...input.verify.env, MAESTRO_ATTEMPT: String(attempt) } }
      : undefined,
  };
}

function judgeAttempt(outcome: AttemptOutcome, aborted: boolean): AttemptVerdict {
  if (aborted) return cancelledVerdict();
  if (outcome.pre && !outcome.pre.ok) {
    return {
      ok: false,
      cancelled: false,
      // pre_command runs once; a failing setup step is not retried (as in maestro-cli).
      retryable: false,
      exitCode: outcome.pre.exitCode,
      category: outcome.pre.timedOut ? 'timeout' : 'runtime_error',
      message: outcome.pre.timedOut
        ? 'pre_command timed out'
        : `pre_command failed with exit code ${outcome.pre.exitCode}`,
      detail: tail(outcome.pre.output, 40),
    };
  }
  const engine = outcome.engine;
  if (!engine) return cancelledVerdict();
  if (!engine.ok) {
    const kind = engine.error?.kind ?? 'exit_code';
    if (kind === 'cancelled') return cancelledVerdict();
    return {
      ok: false,
      cancelled: false,
      retryable: engine.error?.retryable ?? true,
      exitCode: engine.exitCode ?? null,
      category:
        kind === 'exit_code'
          ? categorizeExitFailure(engine.exitCode, `${engine.text}\n${engine.stderr ?? ''}`)
          : categorizeEngineError(kind),
      message:
        kind === 'timeout'
          ? 'Task timed out'
          : kind === 'exit_code'
            ? `Task failed with exit code ${engine.exitCode}`
            : `${kind}: ${engine.error?.message ?? 'engine failed'}`,
      detail: tail(`${engine.text}\n${engine.stderr ?? ''}`.trim(), 40),
    };
  }
  if (outcome.verify && !outcome.verify.ok) {
    return {
      ok: false,
      cancelled: false,
      retryable: true,
      exitCode: outcome.verify.exitCode,
      category: outcome.verify.timedOut ? 'timeout' : 'verification_gap',
      message: outcome.verify.timedOut
        ? 'verify_command timed out'
        : `verify_command failed with exit code ${outcome.verify.exitCode}`,
      detail: tail(outcome.verify.output, 40),
    };
  }
  return {
    ok: true,
    cancelled: false,
    retryable: false,
    exitCode: engine.exitCode ?? 0,
    category: '',
    message: 'ok',
    detail: '',
  };
}

function gateVerdict(failure: GateFailure, aborted: boolean): AttemptVerdict {
  if (aborted) return cancelledVerdict();
  return {
    ok: false,
    cancelled: false,
    retryable: failure.retryable,
    exitCode: failure.exitCode ?? null,
    category: failure.category,
    message: failure.message,
    detail: failure.detail,
  };
}

function logGateSections(log: TaskLog, outcome: AttemptOutcome): void {
  if (outcome.pre) {
    log.line(`\n[pre_command] exit=${outcome.pre.exitCode}${outcome.pre.timedOut ? ' (timed out)' : ''}`);
  }
  if (outcome.verify) {
    log.line(
      `\n[verify_command] exit=${outcome.verify.exitCode}${outcome.verify.timedOut ? ' (timed out)' : ''}`,
    );
  }
}

function cancelledVerdict(): AttemptVerdict {
  return {
    ok: false,
    cancelled: true,
    retryable: false,
    exitCode: 130,
    category: 'cancelled',
    message: 'cancelled',
    detail: '',
  };
}

// The engine's own figure when it reports one (claude does); else the plan's or the built-in price table.
function costOfAttempt(
  input: AttemptsInput,
  outcome: AttemptOutcome,
  request: AttemptRequest,
): number | undefined {
  const engine = outcome.engine;
  if (!engine) return undefined;
  if (engine.costUsd !== undefined) return engine.costUsd;
  if (!engine.usage) return undefined;
  return input.context.options.priceUsage?.({
    engine: request.engine,
    model: request.call.model,
    usage: engine.usage,
    options: request.call.options,
  });
}

/** The last N lines of a text. */
export const tail = lastLines;

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
