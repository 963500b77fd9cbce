// Every dollar a run spends, one row per charge, so a budget can be checked across runs and processes:
// the total for a scope and period is one indexed SUM.
import type { Db, DbStatement } from './db.ts';
import { type BudgetPeriod, periodKey } from './period-key.ts';

export interface BudgetLedgerEntry {
  /** What the budget covers, e.g. `project` or `plan:nightly`. */
  scope: string;
  /** Which period's total this charge counts towards. */
  period: BudgetPeriod;
  costUsd: number;
  runId?: string;
  taskId?: string;
  /** @default now */
  recordedAt?: Date;
}

export interface BudgetTotalQuery {
  scope: string;
  /** A key from `periodKey()`, e.g. `2026-W18`. */
  periodKey: string;
}

export interface BudgetRangeQuery {
  scope: string;
  /** Inclusive. */
  start: Date;
  /** Exclusive. */
  end: Date;
}

/** The charges of one run on one UTC day, for reports that group days into weeks and months. */
export interface BudgetDaySpend {
  scope: string;
  /** `2026-05-01` (UTC). */
  day: string;
  runId: string | null;
  costUsd: number;
  /** Rows (task charges) behind the sum. */
  charges: number;
}

export class BudgetLedger {
  readonly #insert: DbStatement;
  readonly #sum: DbStatement;
  readonly #sumBetween: DbStatement;
  readonly #byDay: DbStatement;

  constructor(db: Db) {
    this.#insert = db.prepare(
      `INSERT INTO budget_ledger (recorded_at, period_key, scope, run_id, task_id, cost_usd)
       VALUES (@recordedAt, @periodKey, @scope, @runId, @taskId, @costUsd)`,
    );
    this.#sum = db.prepare(
      `SELECT COALESCE(SUM(cost_usd), 0) AS total FROM budget_ledger WHERE scope = ? AND period_key = ?`,
    );
    this.#sumBetween = db.prepare(
      `SELECT COALESCE(SUM(cost_usd), 0) AS total FROM budget_ledger
       WHERE scope = ? AND recorded_at >= ? AND recorded_at < ?`,
    );
    this.#byDay = db.prepare(
      `SELECT scope, substr(recorded_at, 1, 10) AS day, run_id, SUM(cost_usd) AS cost_usd,
         COUNT(*) AS charges
       FROM budget_ledger
       WHERE recorded_at >= @since AND (@scope IS NULL OR scope = @scope)
       GROUP BY scope, day, run_id
       ORDER BY day DESC, scope, run_id`,
    );
  }

  /** Adds one charge; returns its row id. */
  record(entry: BudgetLedgerEntry): number {
    if (!Number.isFinite(entry.costUsd)) {
      throw new TypeError(`Expected \`costUsd\` to be a finite number, got \`${entry.costUsd}\``);
    }
    const recordedAt = entry.recordedAt ?? new Date();
    const result = this.#insert.run({
      recordedAt: recordedAt.toISOString(),
      periodKey: periodKey(entry.period, recordedAt),
      scope: entry.scope,
      runId: entry.runId ?? null,
      taskId: entry.taskId ?? null,
      costUsd: entry.costUsd,
    });
    return Number(result.lastInsertRowid);
  }

  /** Sum of the charges recorded for `scope` in the period `periodKey`; 0 when there are none. */
  total(query: BudgetTotalQuery): number {
    return this.#sum.get<{ total: number }>([query.scope, query.periodKey])?.total ?? 0;
  }

  /**
   * Sum of the charges for `scope` recorded in [start, end), whatever period they were recorded under
   * (a plan that moved from `daily` to `weekly` still sees this week's daily charges).
   */
  totalBetween(query: BudgetRangeQuery): number {
    return (
      this.#sumBetween.get<{ total: number }>([
        query.scope,
        query.start.toISOString(),
        query.end.toISOString(),
      ])?.total ?? 0
    );
  }

  /** Spend per scope, UTC day and run since `since`, newest day first; one scope when given. */
  spendByDay(query: { since: Date; scope?: string }): BudgetDaySpend[] {
    return this.#byDay
      .all<{ scope: string; day: string; run_id: string | null; cost_usd: number; charges: number }>({
        since: query.since.toISOString(),
        scope: query.scope ?? null,
      })
      .map((row) => ({
        scope: row.scope,
        day: row.day,
        runId: row.run_id,
        costUsd: row.cost_usd,
        charges: row.charges,
      }));
  }
}
