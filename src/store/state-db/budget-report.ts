// What `maestro budget` shows: the ledger's spend per period (the current one and recent ones), per
// scope, and a plan's standing against its max_cost_usd. Reads the database only when it exists, so
// asking never creates `.maestro/` in a folder that has none.
import { existsSync } from 'node:fs';
import type { BudgetDaySpend } from './budget-ledger.ts';
import { type BudgetPeriod, periodBounds } from './period-key.ts';
import { openStateDb, stateDbPath } from './state-db.ts';

/** How many periods back (the current one included) a report covers. */
export const RECENT_PERIODS: Readonly<Record<BudgetPeriod, number>> = { daily: 7, weekly: 5, monthly: 6 };

export interface BudgetReportQuery {
  projectDir: string;
  periods: readonly BudgetPeriod[];
  /** Only this scope (a plan's `plan:<name>`); every scope when absent. */
  scope?: string;
  /** The budget the scope is held to, and the period it applies to (a plan's budget_period). */
  budget?: { maxCostUsd: number; period: BudgetPeriod };
  /** @default now */
  now?: Date;
}

export interface BudgetReportRow {
  /** `2026-05-01`, `2026-W18`, `2026-05`. */
  key: string;
  scope: string;
  costUsd: number;
  /** Distinct runs that spent in the period. */
  runs: number;
  /** Task charges recorded. */
  charges: number;
  current: boolean;
}

export interface BudgetStanding {
  key: string;
  spentUsd: number;
  maxCostUsd: number;
  remainingUsd: number;
  /** Spent as a share of the budget (1 = all of it). */
  share: number;
  /** The budget is used up: a run of the plan starting now is refused (it starts no task). */
  exhausted: boolean;
}

export interface BudgetPeriodReport {
  period: BudgetPeriod;
  currentKey: string;
  /** Oldest period covered (inclusive). */
  since: string;
  /** Newest period first; periods without spend are left out, except the scope's current one. */
  rows: BudgetReportRow[];
  /** The scope's current period against its budget, for the budget's own period. */
  standing?: BudgetStanding;
}

export interface BudgetReport {
  database: string;
  /** False when the project has no state database: nothing was ever recorded. */
  recorded: boolean;
  periods: BudgetPeriodReport[];
}

export function readBudgetReport(query: BudgetReportQuery): BudgetReport {
  const database = stateDbPath(query.projectDir);
  if (!existsSync(database)) return { database, recorded: false, periods: [] };
  const now = query.now ?? new Date();
  const oldest = query.periods.map((period) => periodBounds(period, now, 1 - RECENT_PERIODS[period]).start);
  const since = new Date(Math.min(...oldest.map((date) => date.getTime())));
  const state = openStateDb(query.projectDir);
  let days: BudgetDaySpend[];
  try {
    days = state.budgetLedger.spendByDay({ since, scope: query.scope });
  } finally {
    state.close();
  }
  return {
    database,
    recorded: true,
    periods: query.periods.map((period) => periodReport(period, days, query, now)),
  };
}

function periodReport(
  period: BudgetPeriod,
  days: readonly BudgetDaySpend[],
  query: BudgetReportQuery,
  now: Date,
): BudgetPeriodReport {
  const current = periodBounds(period, now);
  const first = periodBounds(period, now, 1 - RECENT_PERIODS[period]);
  const groups = new Map<
    string,
    { key: string; scope: string; costUsd: number; runs: Set<string>; charges: number }
  >();
  for (const day of days) {
    const dayStart = new Date(`${day.day}T00:00:00Z`);
    if (dayStart < first.start) continue;
    const key = periodBounds(period, dayStart).key;
    const id = `${key}\u0000${day.scope}`;
    let group = groups.get(id);
    if (!group) {
      group = { key, scope: day.scope, costUsd: 0, runs: new Set(), charges: 0 };
      groups.set(id, group);
    }
    group.costUsd += day.costUsd;
    group.charges += day.charges;
    if (day.runId !== null) group.runs.add(day.runId);
  }
  if (query.scope !== undefined && !groups.has(`${current.key}\u0000${query.scope}`)) {
    groups.set(`${current.key}\u0000${query.scope}`, {
      key: current.key,
      scope: query.scope,
      costUsd: 0,
      runs: new Set(),
      charges: 0,
    });
  }
  const rows = [...groups.values()]
    .map(
      (group): BudgetReportRow => ({
        key: group.key,
        scope: group.scope,
        costUsd: roundUsd(group.costUsd),
        runs: group.runs.size,
        charges: group.charges,
        current: group.key === current.key,
      }),
    )
    // Keys of one period sort as their dates do (ISO days, ISO weeks, months).
    .sort((left, right) => right.key.localeCompare(left.key) || left.scope.localeCompare(right.scope));
  const report: BudgetPeriodReport = { period, currentKey: current.key, since: first.key, rows };
  if (query.budget && query.budget.period === period && query.scope !== undefined) {
    const spent = rows.find((row) => row.current && row.scope === query.scope)?.costUsd ?? 0;
    const { maxCostUsd } = query.budget;
    report.standing = {
      key: current.key,
      spentUsd: spent,
      maxCostUsd,
      remainingUsd: roundUsd(Math.max(0, maxCostUsd - spent)),
      share: roundUsd(spent / maxCostUsd),
      exhausted: spent >= maxCostUsd,
    };
  }
  return report;
}

function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
