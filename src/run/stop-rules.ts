// The rules that stop dispatch after the task that crossed a line: the budget (`max_cost_usd` per run,
// or per `budget_period` over every run through the ledger), its warning (`budget_warning_pct`), and the
// circuit breaker (`action: fail` stops; `action: pause` asks whether to go on). Tasks not started yet are
// then recorded as skipped with the reason, and the events name them.
import { askToContinue } from './approval.ts';
import type { PeriodBudget, PeriodSpend } from './period-budget.ts';
import type { RunContext } from './run-context.ts';
import type { BatchProgress, StopReason } from './scheduler.ts';
import type { TaskRecord } from './task-record.ts';

const defaultWarningPct = 0.8;
const defaultMaxTotalFailures = 5;

export interface StopRules {
  /**
   * Checked before the first task of the run: a period whose budget is already spent stops the run
   * before anything starts (every task skipped with the reason, `budget_exceeded` naming them).
   */
  beforeFirstBatch(notStarted: () => string[]): StopReason | undefined;
  /**
   * Called with every record. Charges its cost (to the ledger too, even after a stop: spend is spend);
   * while dispatch goes on, returns the stop a rule calls for. A promise while a person is asked.
   */
  check(record: TaskRecord, batch: BatchProgress): StopReason | undefined | Promise<StopReason | undefined>;
  /** Whether a task that ended like this could make `check` stop dispatch. */
  mayStopAfter(outcome: { status: TaskRecord['status']; costUsd: number | null }): boolean;
  /** True once the budget stopped (or refused) the run. */
  readonly budgetExceeded: boolean;
}

export function createStopRules(context: RunContext, periodBudget: PeriodBudget | undefined): StopRules {
  const { plan } = context;
  const maxCost = typeof plan.max_cost_usd === 'number' ? plan.max_cost_usd : undefined;
  const warningPct =
    typeof plan.budget_warning_pct === 'number' ? plan.budget_warning_pct : defaultWarningPct;
  const breaker = plan.circuit_breaker as { max_total_failures?: number; action?: string } | undefined;
  const maxFailures = breaker ? (breaker.max_total_failures ?? defaultMaxTotalFailures) : undefined;
  const breakerAction = breaker?.action === 'pause' ? 'pause' : 'fail';
  let runCost = 0;
  let warned = false;
  let budgetExceeded = false;
  let failures = 0;
  let asking = false;

  const periodFields = (spend: PeriodSpend | undefined) =>
    spend
      ? { budget_period: spend.period, period_key: spend.key, period_cost_usd: round(spend.totalUsd) }
      : {};

  const warnOnce = (measured: number, spend: PeriodSpend | undefined) => {
    if (warned || maxCost === undefined || measured < maxCost * warningPct) return;
    warned = true;
    context.events.append('budget_warning', {
      cost_usd: round(runCost),
      max_cost_usd: maxCost,
      pct: warningPct,
      ...periodFields(spend),
    });
  };

  const exceed = (
    reason: string,
    taskId: string | null,
    notStarted: string[],
    spend: PeriodSpend | undefined,
  ): StopReason => {
    budgetExceeded = true;
    context.events.append('budget_exceeded', {
      cost_usd: round(runCost),
      max_cost_usd: maxCost ?? null,
      task_id: taskId,
      not_started: notStarted,
      ...periodFields(spend),
    });
    return { kind: 'budget', reason: `not started: ${reason}` };
  };

  const chargeLedger = (record: TaskRecord, cost: number): PeriodSpend | StopReason | undefined => {
    if (!periodBudget || cost <= 0) return undefined;
    try {
      return periodBudget.charge({ runId: context.runId, taskId: record.taskId, costUsd: cost });
    } catch (error) {
      // A budget that can no longer be checked stops the run rather than letting it spend unseen.
      const message = error instanceof Error ? error.message : String(error);
      context.events.append('budget_ledger_error', {
        task_id: record.taskId,
        cost_usd: cost,
        error: message,
      });
      budgetExceeded = true;
      return {
        kind: 'budget',
        reason: `not started: the budget ledger ${periodBudget.databasePath} could not be written (${message})`,
      };
    }
  };

  const checkBudget = (
    record: TaskRecord,
    cost: number,
    charged: PeriodSpend | undefined,
    batch: BatchProgress,
  ): StopReason | undefined => {
    if (maxCost === undefined || cost <= 0) return undefined;
    const measured = charged ? charged.totalUsd : round(runCost);
    warnOnce(measured, charged);
    if (measured <= maxCost) return undefined;
    const reason = charged
      ? `${charged.period} budget exceeded after task '${record.taskId}' ($${measured} spent in ${charged.key} > max_cost_usd $${maxCost}, budget_period ${charged.period})`
      : `budget exceeded after task '${record.taskId}' ($${measured} > max_cost_usd $${maxCost})`;
    return exceed(reason, record.taskId, batch.notDispatched(), charged);
  };

  const checkBreaker = (
    record: TaskRecord,
    batch: BatchProgress,
  ): StopReason | undefined | Promise<StopReason | undefined> => {
    if (record.status === 'failed' || record.status === 'soft_failed') failures += 1;
    if (maxFailures === undefined || failures < maxFailures || asking) return undefined;
    context.events.append('circuit_breaker_tripped', {
      failures,
      max_total_failures: maxFailures,
      action: breakerAction,
    });
    const tripped = `circuit breaker tripped after ${failures} failures (max_total_failures ${maxFailures})`;
    // Nothing is left to dispatch: no question to ask.
    if (breakerAction === 'fail' || batch.notDispatched().length === 0) {
      return { kind: 'circuit_breaker', reason: `not started: ${tripped}` };
    }
    // Failures that end while the question is open still count after a "yes".
    const failuresWhenAsked = failures;
    const decide = (approved: boolean): StopReason | undefined => {
      if (!approved) {
        return {
          kind: 'circuit_breaker',
          reason: `not started: ${tripped}; going on was not approved (action: pause)`,
        };
      }
      context.events.append('circuit_breaker_reset', { failures, max_total_failures: maxFailures });
      failures -= failuresWhenAsked;
      return undefined;
    };
    const answer = askToContinue(context, {
      name: 'circuit_breaker',
      message: `${tripped}; continue dispatching the remaining tasks?`,
    });
    if (!(answer instanceof Promise)) return decide(answer);
    asking = true;
    return answer.then((approved) => {
      asking = false;
      return decide(approved);
    });
  };

  return {
    get budgetExceeded() {
      return budgetExceeded;
    },
    beforeFirstBatch(notStarted) {
      if (!periodBudget || maxCost === undefined) return undefined;
      const spend = periodBudget.spent();
      if (spend.totalUsd >= maxCost) {
        return exceed(
          `${spend.period} budget already spent ($${spend.totalUsd} spent in ${spend.key} >= max_cost_usd $${maxCost}, budget_period ${spend.period})`,
          null,
          notStarted(),
          spend,
        );
      }
      warnOnce(spend.totalUsd, spend);
      return undefined;
    },
    check(record, batch) {
      const cost = chargeableCost(record);
      runCost += cost;
      const charged = chargeLedger(record, cost);
      if (charged && 'kind' in charged) return batch.stopped() ? undefined : charged;
      if (batch.stopped()) return undefined;
      return checkBudget(record, cost, charged, batch) ?? checkBreaker(record, batch);
    },
    mayStopAfter: (outcome) =>
      (maxCost !== undefined && (outcome.costUsd ?? 0) > 0) ||
      (maxFailures !== undefined && (outcome.status === 'failed' || outcome.status === 'soft_failed')),
  };
}

/**
 * What a record costs this run: nothing when it was carried over by --resume or served from the cache
 * (its cost was charged by the run that produced it).
 */
export function chargeableCost(record: TaskRecord): number {
  if (record.resumedFrom !== undefined) return 0;
  if (record.resultExtra?.cached === true || record.resultExtra?.from_cache === true) return 0;
  return record.costUsd ?? 0;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
