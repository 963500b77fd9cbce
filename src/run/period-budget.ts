// The cross-run side of a budget: a plan with `budget_period` charges what each task cost to the project's
// ledger (`.maestro/maestro.db` in the plan's folder) as the task ends, one committed transaction per
// charge, so a run killed later still counts; its `max_cost_usd` then caps the period's total over every
// run of the plan (same name, same folder), read back from the ledger so concurrent runs see each other.
import { MaestroError } from '../errors/index.ts';
import type { Plan } from '../plan/types.ts';
import {
  type BudgetPeriod,
  isBudgetPeriod,
  openStateDb,
  periodBounds,
  type StateDb,
} from '../store/state-db/index.ts';

export interface PeriodSpend {
  period: BudgetPeriod;
  /** `2026-05-01`, `2026-W18`, `2026-05`. */
  key: string;
  /** Spent in this period by every run of the plan, this one included. */
  totalUsd: number;
}

export interface PeriodBudget {
  readonly period: BudgetPeriod;
  /** The ledger scope: `plan:<name>`. */
  readonly scope: string;
  readonly databasePath: string;
  /** The current period's total. */
  spent(now?: Date): PeriodSpend;
  /** Records one task's charge (committed before it returns) and gives the period's total with it. */
  charge(entry: { runId: string; taskId: string; costUsd: number }, now?: Date): PeriodSpend;
  close(): void;
}

/** The ledger scope of a plan: its budget is shared by the runs of plans of that name in that folder. */
export function planBudgetScope(planName: string): string {
  return `plan:${planName}`;
}

/**
 * Opens the ledger of a plan with `budget_period` (undefined without one). Fails with E132 when the
 * database cannot be opened, before anything is run: a budget that cannot be checked is not ignored.
 */
export function openPeriodBudget(plan: Plan): PeriodBudget | undefined {
  const period = plan.budget_period;
  if (period === undefined || period === null) return undefined;
  if (!isBudgetPeriod(period)) {
    throw new MaestroError({
      code: 'E014',
      message: `budget_period must be daily, weekly or monthly, got '${String(period)}'`,
    });
  }
  let state: StateDb;
  try {
    state = openStateDb(plan.baseDir);
  } catch (error) {
    if (MaestroError.isInstance(error)) throw error;
    throw new MaestroError({
      code: 'E132',
      message: `cannot open the budget ledger in ${plan.baseDir}/.maestro/maestro.db: ${
        error instanceof Error ? error.message : String(error)
      }`,
      hint: 'budget_period keeps its ledger beside the plan; the folder must be writable',
      cause: error,
    });
  }
  const scope = planBudgetScope(plan.name);
  const totalAt = (now: Date): PeriodSpend => {
    const bounds = periodBounds(period, now);
    return {
      period,
      key: bounds.key,
      totalUsd: roundUsd(state.budgetLedger.totalBetween({ scope, start: bounds.start, end: bounds.end })),
    };
  };
  return {
    period,
    scope,
    databasePath: state.path,
    spent: (now = new Date()) => totalAt(now),
    charge: (entry, now = new Date()) =>
      state.transaction(() => {
        state.budgetLedger.record({ scope, period, recordedAt: now, ...entry });
        return totalAt(now);
      }),
    close: () => state.close(),
  };
}

function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
