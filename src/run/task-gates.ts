// The quality gates that run after an attempt whose engine call (and verify_command) succeeded, in
// maestro-cli's order: output_schema, guard_command, assert, judge. The first gate that fails decides the
// attempt's verdict; its feedback goes into the retry prompt. Every gate decision is an event and a
// section of the task log; the checks themselves live in src/quality.

import type { EngineCall } from '../engines/engine.ts';
import type { Task } from '../plan/types.ts';
import { formatCommandLine } from '../process/index.ts';
import { checkAssertions, formatAssertionLines } from '../quality/assertions/check-assertions.ts';
import type { WorkspaceAssertion } from '../quality/assertions/workspace-assertion.ts';
import { runGuardCommand } from '../quality/guard/run-guard-command.ts';
import type { AskJudge } from '../quality/judge/evaluate-model-criteria.ts';
import { judgeFeedback, judgeLogLine, judgeResultRecord } from '../quality/judge/judge-feedback.ts';
import { resolveJudge } from '../quality/judge/resolve-judge.ts';
import { type JudgeResult, runJudge } from '../quality/judge/run-judge.ts';
import { lastLines } from '../quality/last-lines.ts';
import type { AttemptOutcome } from './executor.ts';
import { callModel, type TaskSpend } from './model-call.ts';
import { checkOutputSchema } from './output-schema-gate.ts';
import type { RunContext } from './run-context.ts';
import { addResultFacts } from './task-context.ts';
import type { TaskLog } from './task-log.ts';
import { renderCommand } from './task-prompt.ts';
import { createTemplateLookup } from './template-scope.ts';

export interface GateInput {
  context: RunContext;
  task: Task;
  /** The call the attempt made (engine, model, cwd, env, timeout). */
  call: EngineCall;
  attempt: number;
  maxAttempts: number;
  outcome: AttemptOutcome;
  /** The attempt's output (the engine's final text, or a shell task's stdout). */
  output: string;
  log: TaskLog;
  /** Charge the cost of the gate's own model calls here. */
  spend: TaskSpend;
  /** Set when the gates judge one candidate of a `population:` (its events say which). */
  candidate?: { index: number; label: string };
}

export interface GateFailure {
  /** Which gate: `output_schema`, `guard_command`, `assert`, `judge`. */
  gate: string;
  /** Whether another attempt may fix it (judge `on_fail: fail` is final). */
  retryable: boolean;
  /** A failure category (`verification_gap`, `output_format_error`, `quality_gate`, ...). */
  category: string;
  message: string;
  /** Fed back to the model on the retry. */
  detail: string;
  exitCode?: number | null;
}

export interface GateChainResult {
  failure: GateFailure | null;
  /** The judge's result, when the chain reached a judge. */
  judge?: JudgeResult;
}

// Outcomes whose gates already ran (a population's kept candidate), so they are not run twice.
const settledOutcomes = new WeakMap<AttemptOutcome, GateFailure | null>();
// The last judge score of each task run, for `previous_score`.
const previousJudgeScores = new WeakMap<TaskSpend, number | null>();

export async function runQualityGates(input: GateInput): Promise<GateFailure | null> {
  if (settledOutcomes.has(input.outcome)) return settledOutcomes.get(input.outcome) ?? null;
  return (await runGateChain(input)).failure;
}

/** Records the gate verdict of an outcome that was already gated, for runQualityGates to return. */
export function settleGates(outcome: AttemptOutcome, failure: GateFailure | null): void {
  settledOutcomes.set(outcome, failure);
}

export async function runGateChain(input: GateInput): Promise<GateChainResult> {
  const schemaFailure = await checkOutputSchema(input);
  if (schemaFailure) return { failure: schemaFailure };
  const guardFailure = await checkGuardCommand(input);
  if (guardFailure) return { failure: guardFailure };
  const assertFailure = checkWorkspaceAssertions(input);
  if (assertFailure) return { failure: assertFailure };
  return checkJudge(input);
}

async function checkGuardCommand(input: GateInput): Promise<GateFailure | null> {
  const { task, context, call, log, attempt } = input;
  if (task.guard_command === undefined) return null;
  const command = renderCommand(
    task.guard_command,
    createTemplateLookup(context.plan, task, context.records),
  );
  if (command === undefined || command.length === 0) return null;
  const guard = await runGuardCommand({
    command,
    cwd: call.cwd,
    env: call.env,
    input: lastLines(input.output, task.stdout_tail_lines),
    taskTimeoutMs: call.timeoutMs,
    signal: context.signal,
  });
  log.line(
    `\n[guard_command] exit=${guard.exitCode}${guard.timedOut ? ' (timed out)' : ''}${candidateNote(input)}`,
  );
  if (guard.output.trim()) log.line(guard.output.trimEnd());
  const facts = { task_id: task.id, attempt, ...candidateFields(input) };
  if (guard.ok) {
    context.events.append('guard_pass', { ...facts, exit_code: guard.exitCode });
    return null;
  }
  const outputTail = lastLines(guard.output, 20);
  context.events.append('guard_failure', {
    ...facts,
    exit_code: guard.exitCode,
    timed_out: guard.timedOut,
    output_tail: outputTail,
  });
  return {
    gate: 'guard_command',
    retryable: true,
    category: guard.timedOut ? 'timeout' : 'verification_gap',
    message: guard.timedOut
      ? 'guard_command timed out'
      : `guard_command failed with exit code ${guard.exitCode}`,
    detail: lastLines(guard.output, 40),
    exitCode: guard.exitCode,
  };
}

function checkWorkspaceAssertions(input: GateInput): GateFailure | null {
  const { task, context, call, log, attempt } = input;
  const assertions = task.assert;
  if (!Array.isArray(assertions) || assertions.length === 0) return null;
  const roots = context.plan.workspace_root ? [context.plan.workspace_root] : [];
  const report = checkAssertions({ workdir: call.cwd, roots }, assertions as WorkspaceAssertion[]);
  const passed = report.results.length - report.failures.length;
  log.line(`\n[assert] ${passed}/${report.results.length} passed${candidateNote(input)}`);
  for (const line of formatAssertionLines(report.results)) log.line(line);
  const facts = { task_id: task.id, attempt, ...candidateFields(input) };
  if (report.failures.length === 0) {
    context.events.append('assert_pass', { ...facts, count: report.results.length });
    return null;
  }
  context.events.append('assert_failure', {
    ...facts,
    blocking: report.blocking.length > 0,
    failures: report.failures.map((failure) => ({
      rule: failure.name,
      type: failure.type,
      severity: failure.severity,
      path: failure.path ?? null,
      task_id: failure.task_id ?? null,
      message: failure.message,
      invalid: failure.invalid === true,
    })),
  });
  if (report.blocking.length === 0) return null;
  const names = report.blocking.map((failure) => failure.name);
  return {
    gate: 'assert',
    // An assertion that cannot be checked as written (a path outside the workspace) stays broken.
    retryable: !report.hasInvalid,
    category: report.hasInvalid ? 'validation_error' : 'verification_gap',
    message: `${names.length} assertion${names.length === 1 ? '' : 's'} failed: ${names.slice(0, 5).join(', ')}`,
    detail: [
      'These workspace checks failed after your last attempt:',
      ...report.blocking.map((failure) => `- ${failure.name} (${failure.type}): ${failure.message}`),
    ].join('\n'),
  };
}

async function checkJudge(input: GateInput): Promise<GateChainResult> {
  const { task, context, log, attempt, spend, call } = input;
  const block = task.judge;
  if (typeof block !== 'object' || block === null || Array.isArray(block)) return { failure: null };
  const judge = resolveJudge(block as Record<string, unknown>, {
    taskEngine: task.engine,
    taskModel: task.model,
    taskMock: task.mock,
  });
  const ask: AskJudge = async (request) => {
    if (!context.executor.supportsEngine(judge.engine)) {
      return {
        ok: false,
        text: '',
        error: `[E102] judge engine '${judge.engine}' is not available to the ${context.executor.name} executor`,
      };
    }
    const reply = await callModel(
      { context, task, spend, log },
      {
        purpose: request.purpose,
        engine: judge.engine,
        model: judge.model,
        prompt: request.prompt,
        mock: judge.mock,
        timeoutMs: judge.callTimeoutMs,
      },
    );
    return { ok: reply.ok, text: reply.text, error: reply.error };
  };
  const result = await runJudge(
    judge,
    {
      taskId: task.id,
      instructions: call.prompt ?? (call.command !== undefined ? formatCommandLine(call.command) : ''),
      output: input.output,
    },
    {
      output: input.output,
      costUsd: attemptCost(input),
      durationMs: input.outcome.durationMs,
      baseDir: context.plan.baseDir,
    },
    ask,
  );
  const previousScore = previousJudgeScores.get(spend) ?? null;
  previousJudgeScores.set(spend, result.score);
  log.line(`\n${judgeLogLine(result, judge.onFail)}${candidateNote(input)}`);
  for (const criterion of result.criteria) {
    log.line(`  ${criterion.passed ? 'PASS' : 'FAIL'} ${criterion.criterion} (${criterion.score})`);
  }
  if (result.error) log.line(`  error: ${result.error}`);
  context.events.append('judge_verdict', {
    task_id: task.id,
    attempt,
    ...candidateFields(input),
    verdict: result.verdict,
    score: result.score,
    threshold: result.threshold,
    method: result.method,
    aggregation: result.aggregation,
    on_fail: judge.onFail,
    engine: result.usedModel ? judge.engine : null,
    model: result.usedModel ? (judge.model ?? null) : null,
    criteria: result.criteria.map((criterion) => ({
      criterion: criterion.criterion,
      kind: criterion.kind,
      passed: criterion.passed,
      score: criterion.score,
    })),
    ...(result.quorum ? { quorum: result.quorum, judges: result.judges } : {}),
    ...(result.error ? { error: result.error } : {}),
    previous_score: previousScore,
  });
  addResultFacts(spend, { judge_result: judgeResultRecord(result, previousScore) });

  if (result.verdict === 'pass' || result.verdict === 'warn') return { failure: null, judge: result };
  if (judge.onFail === 'warn') {
    log.line('[judge] on_fail=warn: the verdict is recorded and the task keeps its result');
    return { failure: null, judge: result };
  }
  const message =
    result.verdict === 'error'
      ? `judge could not evaluate the output: ${result.error ?? 'unknown error'}`
      : `judge verdict ${result.verdict}: score ${result.score} below the threshold ${result.threshold}`;
  return {
    failure: {
      gate: 'judge',
      retryable: judge.onFail === 'retry',
      category: 'verification_gap',
      message,
      detail: judgeFeedback(result),
    },
    judge: result,
  };
}

// What the judged attempt cost: the engine's own figure, else its usage priced.
function attemptCost(input: GateInput): number | null {
  const engine = input.outcome.engine;
  if (!engine) return null;
  if (engine.costUsd !== undefined) return engine.costUsd;
  if (!engine.usage) return null;
  return (
    input.context.options.priceUsage?.({
      engine: input.call.engine,
      model: input.call.model,
      usage: engine.usage,
      options: input.call.options,
    }) ?? null
  );
}

function candidateFields(input: GateInput): Record<string, unknown> {
  return input.candidate ? { candidate: input.candidate.index, candidate_label: input.candidate.label } : {};
}

function candidateNote(input: GateInput): string {
  return input.candidate ? ` (candidate ${input.candidate.index}: ${input.candidate.label})` : '';
}
