// One model call made on a task's behalf besides its own attempts: a judge, a context summary, a
// population candidate. It goes through the run's executor like any attempt (so it gets the attempt
// host, timeouts, masking and pricing), is logged as a section of the task's log, is an event, and its
// cost and tokens are charged to the task (`TaskSpend`), so budgets count it.
import type { EngineCall, TokenUsage } from '../engines/engine.ts';
import type { MockSpec, Task } from '../plan/types.ts';
import { buildChildEnvironment } from '../process/index.ts';
import type { RunContext } from './run-context.ts';
import type { TaskLog } from './task-log.ts';

export interface ModelCallRequest {
  /** What the call is for, in events and the log: `judge`, `summarize`, `map`, `reduce`, ... */
  purpose: string;
  engine: string;
  model?: string;
  prompt: string;
  systemPrompt?: string;
  outputSchema?: Record<string, unknown>;
  /** Scripted replies when `engine` is `mock`. */
  mock?: MockSpec;
  /** @default the task's timeout, else 300 s */
  timeoutMs?: number;
  reasoningEffort?: string;
}

export interface ModelCallResult {
  ok: boolean;
  text: string;
  usage: TokenUsage | null;
  costUsd: number | null;
  /** Why the call failed (`timeout: ...`, `rate_limited: ...`). */
  error?: string;
  durationMs: number;
}

/** Cost and tokens of a task's extra calls, added to its own in result.json and the budget. */
export class TaskSpend {
  costUsd: number | null = null;
  usage: TokenUsage | null = null;

  add(result: Pick<ModelCallResult, 'costUsd' | 'usage'>): void {
    if (result.costUsd !== null) this.costUsd = (this.costUsd ?? 0) + result.costUsd;
    this.usage = addTokenUsage(this.usage, result.usage ?? undefined);
  }
}

export interface ModelCallScope {
  context: RunContext;
  task: Task;
  spend: TaskSpend;
  log?: TaskLog;
}

let sequence = 0;

export async function callModel(scope: ModelCallScope, request: ModelCallRequest): Promise<ModelCallResult> {
  const { context, task, spend, log } = scope;
  const cwd = task.workdir ?? context.plan.workspace_root ?? context.options.cwd;
  sequence += 1;
  const env = buildChildEnvironment({
    parent: context.options.parentEnv,
    planEnv: task.env,
    extra: {
      MAESTRO_TASK_ID: task.id,
      MAESTRO_RUN_ID: context.runId,
      MAESTRO_RUN_DIR: context.runPath,
      MAESTRO_CALL_PURPOSE: request.purpose,
    },
  });
  const options = (context.plan.defaults[request.engine] as Record<string, unknown> | undefined) ?? {};
  const call: EngineCall = {
    taskId: task.id,
    engine: request.engine,
    attempt: 1,
    cwd,
    env,
    timeoutMs: request.timeoutMs ?? (task.timeout_sec ?? 300) * 1000,
    prompt: request.prompt,
    systemPrompt: request.systemPrompt,
    model: request.model,
    reasoningEffort: request.reasoningEffort,
    mock: request.mock,
    executionProfile: 'plan',
    outputSchema: request.outputSchema,
    options,
  };
  log?.line(`\n[${request.purpose}] engine=${request.engine} model=${request.model ?? 'default'}`);
  const outcome = await context.executor.executeAttempt(
    {
      runId: context.runId,
      taskId: `${task.id}#${request.purpose}-${sequence}`,
      attempt: 1,
      engine: request.engine,
      call,
    },
    { signal: context.signal },
  );
  const engine = outcome.engine;
  const usage = engine?.usage ?? null;
  const costUsd =
    engine?.costUsd ??
    (usage
      ? (context.options.priceUsage?.({ engine: request.engine, model: request.model, usage, options }) ??
        null)
      : null);
  const ok = engine?.ok === true;
  const error = ok
    ? undefined
    : engine?.error
      ? `${engine.error.kind}: ${engine.error.message}`
      : context.signal.aborted
        ? 'cancelled'
        : `exit code ${engine?.exitCode ?? 'unknown'}`;
  const result: ModelCallResult = {
    ok,
    text: engine?.text ?? '',
    usage,
    costUsd,
    error,
    durationMs: outcome.durationMs,
  };
  spend.add(result);
  context.events.append('model_call', {
    task_id: task.id,
    purpose: request.purpose,
    engine: request.engine,
    model: request.model ?? null,
    ok,
    error: error ?? null,
    tokens: usage?.total_tokens ?? null,
    cost_usd: costUsd,
    duration_sec: Math.round(outcome.durationMs) / 1000,
  });
  log?.line(ok ? `[${request.purpose}] ok` : `[${request.purpose}] failed: ${error}`);
  return result;
}

export function addTokenUsage(total: TokenUsage | null, more: TokenUsage | undefined): TokenUsage | null {
  if (!more) return total;
  if (!total) return { ...more };
  return {
    input_tokens: total.input_tokens + more.input_tokens,
    output_tokens: total.output_tokens + more.output_tokens,
    cached_tokens: total.cached_tokens + more.cached_tokens,
    cache_creation_tokens: (total.cache_creation_tokens ?? 0) + (more.cache_creation_tokens ?? 0),
    total_tokens: total.total_tokens + more.total_tokens,
  };
}
