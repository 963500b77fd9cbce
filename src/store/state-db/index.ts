/**
 * @module store/state-db
 * Durable project state across runs, in one SQLite database at `.maestro/maestro.db` (WAL, busy
 * timeout, one transaction per logical write): council history, budget ledger and run index.
 * The native SQLite module is loaded only when a database is opened.
 */

export type {
  BudgetDaySpend,
  BudgetLedger,
  BudgetLedgerEntry,
  BudgetRangeQuery,
  BudgetTotalQuery,
} from './budget-ledger.ts';
export {
  type BudgetPeriodReport,
  type BudgetReport,
  type BudgetReportQuery,
  type BudgetReportRow,
  type BudgetStanding,
  RECENT_PERIODS,
  readBudgetReport,
} from './budget-report.ts';
export type {
  CouncilMemberRow,
  CouncilSessionDetail,
  CouncilSessionRow,
} from './council-rows.ts';
export type { CouncilMemberStats, CouncilSessions } from './council-sessions.ts';
export {
  BUSY_TIMEOUT_MS,
  type Db,
  type DbRunResult,
  type DbStatement,
  openSqliteDb,
  type SqlParameters,
  type SqlValue,
} from './db.ts';
export {
  type ApplyMigrationsOptions,
  applyMigrations,
  type Migration,
  readUserVersion,
  STATE_DB_MIGRATIONS,
} from './migrations.ts';
export type { PageOptions } from './page-options.ts';
export {
  BUDGET_PERIODS,
  type BudgetPeriod,
  isBudgetPeriod,
  type PeriodBounds,
  periodBounds,
  periodKey,
} from './period-key.ts';
export type { RunIndex, RunKind, RunListOptions, RunRow } from './runs.ts';
export { openStateDb, STATE_DB_RELATIVE_PATH, StateDb, stateDbPath } from './state-db.ts';
