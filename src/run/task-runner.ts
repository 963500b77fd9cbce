// Runs one task from start to its single terminal record: approval, log header, attempts (or a nested
// group run, or a dry-run line), then result.json and the task_complete event.
import { existsSync } from 'node:fs';
import type { EngineCall } from '../engines/engine.ts';
import { definitionHashOf } from '../plan/task-definition-hash.ts';
import type { Task } from '../plan/types.ts';
import { buildChildEnvironment, formatCommandLine } from '../process/index.ts';
import { askForApproval } from './approval.ts';
import type { GateCommand } from './executor.ts';
import { addTokenUsage, TaskSpend } from './model-call.ts';
import { readPendingPrompt } from './pending-prompt.ts';
import type { RunContext } from './run-context.ts';
import { completeTaskRecord, openTaskLog, writeTaskRecord } from './task-artifacts.ts';
import { runAttempts, tail } from './task-attempts.ts';
import {
  lookUpTask,
  noteGroupTask,
  probeTaskCache,
  rememberTaskResult,
  restoreCachedTask,
} from './task-cache.ts';
import { assembleEnginePrompt, resultFactsOf } from './task-context.ts';
import { deliberateBeforeTask } from './task-council.ts';
import { renderCommand } from './task-prompt.ts';
import type { TaskRecord } from './task-record.ts';
import { createTemplateLookup } from './template-scope.ts';

const defaultTimeoutSec = 1800;

export interface TaskRunInput {
  context: RunContext;
  task: Task;
  wave: number;
  /** Runs a `group:` sub-plan nested in this run; injected by runPlan. */
  runGroup: (task: Task, signal: AbortSignal) => Promise<{ ok: boolean; message: string; output: string }>;
  /**
   * Called once when the task's attempts are over and only its artifacts remain to be written, with what
   * decides the stop rules (status, cost). The scheduler may start the next ready task then, instead of
   * waiting for the disk; dependants still wait for the terminal event.
   */
  onAttemptsDone?: (outcome: { status: TaskRecord['status']; costUsd: number | null }) => void;
}

export async function runTask(input: TaskRunInput): Promise<TaskRecord> {
  const { context, wave, task: loaded } = input;
  const { plan, options } = context;
  const lookup = createTemplateLookup(plan, loaded, context.records);
  const engine = loaded.engine ?? (loaded.group ? 'group' : 'shell');
  const model = loaded.model ?? null;
  const cwd = loaded.workdir ?? plan.workspace_root ?? options.cwd;
  const timeoutSec = loaded.timeout_sec ?? defaultTimeoutSec;
  const command = renderCommand(loaded.command, lookup);
  const shown =
    command !== undefined
      ? formatCommandLine(command)
      : loaded.group
        ? `group:${loaded.group}`
        : `${engine}:${model ?? 'default'}`;
  const base = baseRecord(loaded, wave, engine, model, shown);

  if (loaded.requires_approval && !options.dryRun) {
    const approved = await askForApproval(context, loaded);
    if (!approved) {
      return finishSkipped(
        context,
        base,
        'approval',
        'approval not given (no terminal and no --auto-approve, or denied)',
      );
    }
  }

  // A prompt file that did not exist when the plan loaded is read now (its key covers what was read).
  const pending = readPendingPrompt(loaded);
  const task = 'task' in pending ? pending.task : loaded;

  // A cache hit ends the task here: nothing is spawned, no task_start (as maestro-cli).
  const cacheProbe = 'failure' in pending ? undefined : probeTaskCache(context, task, lookup, command);
  const cached = cacheProbe ? lookUpTask(context, task, cacheProbe) : undefined;
  if (cacheProbe && cached) {
    return restoreCachedTask(context, task, base, cacheProbe, cached, input.onAttemptsDone);
  }

  context.events.append('task_start', { task_id: task.id, wave, engine: task.engine ?? null, model });
  options.listener?.onTaskStart?.(task, wave);
  const log = openTaskLog(context, task.id);
  const startedAt = new Date();

  if (options.dryRun) {
    log.write(`[dry-run] task=${task.id}\nworkdir=${cwd}\ncommand=${shown}\n`);
    return completeTaskRecord(context, log, {
      ...base,
      status: 'dry_run',
      message: 'dry run',
      startedAt,
      finishedAt: new Date(),
    });
  }

  log.write(`task=${task.id}\nstarted_at=${startedAt.toISOString()}\nworkdir=${cwd}\ncommand=${shown}\n\n`);

  if ('failure' in pending) {
    log.line(`\nstatus=failed\nmessage=${pending.failure}`);
    return completeTaskRecord(context, log, {
      ...base,
      status: 'failed',
      exitCode: null,
      message: pending.failure,
      failureCategory: 'dependency_missing',
      startedAt,
      finishedAt: new Date(),
    });
  }

  if (!existsSync(cwd)) {
    log.line(`\nstatus=failed\nmessage=workdir does not exist: ${cwd}`);
    return completeTaskRecord(context, log, {
      ...base,
      status: 'failed',
      exitCode: null,
      message: `[E104] workdir does not exist: ${cwd}`,
      failureCategory: 'dependency_missing',
      startedAt,
      finishedAt: new Date(),
    });
  }

  if (task.group_plan) {
    const nested = await input.runGroup(task, context.signal);
    log.line(nested.output);
    const status = nested.ok
      ? 'success'
      : context.signal.aborted
        ? 'cancelled'
        : task.allow_failure
          ? 'soft_failed'
          : 'failed';
    log.line(`\nstatus=${status}\nmessage=${nested.message}`);
    const record = await completeTaskRecord(context, log, {
      ...base,
      status,
      exitCode: nested.ok ? 0 : 1,
      message: nested.message,
      output: nested.output,
      stdoutTail: tail(nested.output, task.stdout_tail_lines),
      startedAt,
      finishedAt: new Date(),
    });
    noteGroupTask(context, task, record);
    return record;
  }

  const spend = new TaskSpend();
  let prompt = task.engine ? await assembleEnginePrompt({ context, task, lookup, log, spend }) : undefined;
  let councilCostUsd: number | null = null;
  if (task.council !== undefined && prompt !== undefined) {
    const council = await deliberateBeforeTask(context, task, prompt, log);
    councilCostUsd = council.costUsd;
    if (!council.ok) {
      const status = context.signal.aborted ? 'cancelled' : task.allow_failure ? 'soft_failed' : 'failed';
      log.write(`\nstatus=${status}\nmessage=${council.message}\n`);
      return completeTaskRecord(context, log, {
        ...base,
        status,
        exitCode: null,
        message: council.message,
        failureCategory: 'council',
        costUsd: council.costUsd,
        startedAt,
        finishedAt: new Date(),
      });
    }
    prompt = `${council.context}\n\n${prompt}`;
  }

  const env = buildChildEnvironment({
    parent: options.parentEnv,
    planEnv: task.env,
    extra: { MAESTRO_TASK_ID: task.id, MAESTRO_RUN_ID: context.runId, MAESTRO_RUN_DIR: context.runPath },
  });
  const timeoutMs = timeoutSec * 1000;
  const call: EngineCall = {
    taskId: task.id,
    engine,
    attempt: 1,
    cwd,
    env,
    timeoutMs,
    command,
    shell: task.shell,
    prompt,
    model: task.model,
    reasoningEffort: task.reasoning_effort,
    args: task.args,
    mock: task.mock,
    executionProfile: options.executionProfile,
    allowedTools: task.allowed_tools as string[] | undefined,
    appendSystemPrompt: task.append_system_prompt as string | undefined,
    agent: task.agent,
    editPolicy: task.edit_policy as string | undefined,
    outputSchema: task.output_schema as Record<string, unknown> | undefined,
    options: engineOptions(plan, task),
  };
  const gate = (gateCommand: string | string[] | undefined): GateCommand | undefined => {
    const rendered = renderCommand(gateCommand, lookup);
    return rendered === undefined ? undefined : { command: rendered, cwd, env, timeoutMs };
  };
  const attempts = await runAttempts({
    context,
    task,
    engine,
    call,
    pre: gate(task.pre_command),
    verify: gate(task.verify_command),
    log,
    spend,
    // A fallback engine gets its own plan defaults; the task's engine_options belong to its engine.
    engineOptionsFor: (name) => (plan.defaults[name] as Record<string, unknown> | undefined) ?? {},
  });
  const status =
    attempts.outcome === 'success'
      ? 'success'
      : attempts.outcome === 'cancelled'
        ? 'cancelled'
        : task.allow_failure
          ? 'soft_failed'
          : 'failed';
  // The council's calls, context summaries and judges are part of what this task cost (and of the budget
  // it counts against).
  const costUsd = addCosts(addCosts(attempts.costUsd, councilCostUsd), spend.costUsd);
  input.onAttemptsDone?.({ status, costUsd });
  log.write(`\nstatus=${status}\nmessage=${attempts.message}\n`);
  const record = await completeTaskRecord(context, log, {
    ...base,
    status,
    exitCode: attempts.exitCode,
    message: attempts.message,
    output: attempts.output,
    stdoutTail: tail(attempts.output, task.stdout_tail_lines),
    attempts: attempts.attempts,
    retryCount: Math.max(0, attempts.attempts - 1),
    failureHistory: attempts.failureHistory,
    costUsd,
    tokenUsage: addTokenUsage(attempts.usage, spend.usage ?? undefined),
    // After an escalation or a fallback, the record names what produced the output.
    engine: task.engine ? attempts.route.engine : base.engine,
    model: task.engine ? (attempts.route.model ?? null) : base.model,
    failureCategory: attempts.failureCategory,
    resultExtra: attempts.handoff
      ? { ...resultFactsOf(spend), handoff_report: attempts.handoff }
      : resultFactsOf(spend),
    judgeVerdict: (resultFactsOf(spend)?.judge_result as { verdict?: string } | undefined)?.verdict ?? null,
    toolCallCount: attempts.toolCallCount,
    // An engine task's record shows what the engine really ran (the CLI line, the endpoint).
    command: task.engine && attempts.engineCommand ? attempts.engineCommand : base.command,
    startedAt,
    finishedAt: new Date(),
  });
  rememberTaskResult(context, task, cacheProbe, record, attempts.output);
  return record;
}

// `defaults.<engine>` (base_url, api_key_env, options, pricing, ...) with the task's own
// `engine_options` on top; the kernel passes them through without reading them.
function engineOptions(
  plan: TaskRunInput['context']['plan'],
  task: Task,
): Record<string, unknown> | undefined {
  if (!task.engine) return undefined;
  const defaults = (plan.defaults[task.engine] as Record<string, unknown> | undefined) ?? {};
  const own = (task.engine_options as Record<string, unknown> | undefined) ?? {};
  return { ...defaults, ...own };
}

/** Records a task that never started, with its reason (dependency, condition, filter, ...). */
export function finishSkipped(
  context: RunContext,
  base: TaskRecord,
  kind: NonNullable<TaskRecord['skipKind']>,
  reason: string,
): TaskRecord {
  const now = new Date();
  return writeTaskRecord(context, undefined, {
    ...base,
    status: 'skipped',
    skipKind: kind,
    message: reason,
    startedAt: now,
    finishedAt: now,
  });
}

export function baseRecord(
  task: Task,
  wave: number,
  engine: string,
  model: string | null,
  command: string,
): TaskRecord {
  const now = new Date();
  return {
    taskId: task.id,
    status: 'skipped',
    exitCode: null,
    message: '',
    startedAt: now,
    finishedAt: now,
    durationSec: 0,
    command,
    output: '',
    stdoutTail: '',
    engine: engine === 'shell' ? 'shell' : engine,
    model,
    wave,
    attempts: 0,
    retryCount: 0,
    failureHistory: [],
    costUsd: null,
    tokenUsage: null,
    failureCategory: null,
    definitionHash: definitionHashOf(task),
  };
}

function addCosts(left: number | null, right: number | null): number | null {
  if (left === null && right === null) return null;
  return (left ?? 0) + (right ?? 0);
}
