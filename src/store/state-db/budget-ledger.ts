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

export class BudgetLedger {
  readonly #insert: DbStatement;
  readonly #sum: DbStatement;

  constructor(db: Db) {
    this.#insert = db.prepare(
      `INSERT INTO budget_ledger (recorded_at, period_key, scope, run_id, task_id, cost_usd)
       VALUES (@recordedAt, @periodKey, @scope, @runId, @taskId, @costUsd)`,
    );
    this.#sum = db.prepare(
      `SELECT COALESCE(SUM(cost_usd), 0) AS total FROM budget_ledger WHERE scope = ? AND period_key = ?`,
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
}
