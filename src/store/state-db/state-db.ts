// The project's durable state across runs: one SQLite file, `.maestro/maestro.db`, shared by every
// Maestro process working in the project. WAL plus one transaction per logical write keeps it crash-safe.
import { join } from 'node:path';
import { BudgetLedger } from './budget-ledger.ts';
import { CouncilSessions } from './council-sessions.ts';
import { type Db, openSqliteDb } from './db.ts';
import { applyMigrations } from './migrations.ts';
import { RunIndex } from './runs.ts';

/** Where the state database lives, relative to the project folder. */
export const STATE_DB_RELATIVE_PATH = join('.maestro', 'maestro.db');

export function stateDbPath(projectDir: string): string {
  return join(projectDir, STATE_DB_RELATIVE_PATH);
}

export class StateDb {
  readonly path: string;
  readonly councilSessions: CouncilSessions;
  readonly budgetLedger: BudgetLedger;
  readonly runs: RunIndex;
  readonly #db: Db;

  constructor(db: Db, path: string) {
    this.#db = db;
    this.path = path;
    this.councilSessions = new CouncilSessions(db);
    this.budgetLedger = new BudgetLedger(db);
    this.runs = new RunIndex(db);
  }

  /** Groups writes to several repositories into one transaction: all of them land, or none. */
  transaction<Result>(work: () => Result): Result {
    return this.#db.transaction(work);
  }

  close(): void {
    this.#db.close();
  }
}

/**
 * Opens `<projectDir>/.maestro/maestro.db`, creating it when missing and bringing its schema up to
 * date. Throws E130 when a newer Maestro wrote it. Close it when done.
 *
 * @example
 * const state = openStateDb(process.cwd());
 * try { console.log(state.councilSessions.list({ limit: 10 })); } finally { state.close(); }
 */
export function openStateDb(projectDir: string): StateDb {
  const path = stateDbPath(projectDir);
  const db = openSqliteDb(path);
  try {
    applyMigrations(db, { file: path });
    return new StateDb(db, path);
  } catch (error) {
    db.close();
    throw error;
  }
}
