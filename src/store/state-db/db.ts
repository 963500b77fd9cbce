// The one file that knows which SQLite binding Maestro uses. Everything else talks to the small `Db`
// interface, so moving to `node:sqlite` (Node ≥ 22) later means rewriting only `openSqliteDb`.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { makeFolders } from '../make-folders.ts';

export type SqlValue = string | number | bigint | Uint8Array | null;

/** Positional values for `?` placeholders, or named values for `@name` placeholders. */
export type SqlParameters = readonly SqlValue[] | Readonly<Record<string, SqlValue>>;

export interface DbRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface DbStatement {
  run(parameters?: SqlParameters): DbRunResult;
  get<Row = Record<string, unknown>>(parameters?: SqlParameters): Row | undefined;
  all<Row = Record<string, unknown>>(parameters?: SqlParameters): Row[];
}

export interface Db {
  exec(sql: string): void;
  prepare(sql: string): DbStatement;
  /** Runs `work` in a write transaction: committed when it returns, rolled back when it throws. */
  transaction<Result>(work: () => Result): Result;
  close(): void;
}

/** How long a writer waits for another process's write lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating when missing) the SQLite file at `path` in WAL mode, with foreign keys on and a
 * busy timeout so several Maestro processes can share it. Creates the parent folder.
 */
export function openSqliteDb(path: string): Db {
  makeFolders(dirname(path));
  const database = new (loadBetterSqlite3())(path);
  try {
    // busy_timeout first: switching to WAL needs a lock another process may be holding.
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database.close();
    throw error;
  }
  return new BetterSqliteDb(database);
}

// Loaded on first open, not at import: commands that never touch the DB skip the native module.
function loadBetterSqlite3(): typeof BetterSqlite3 {
  return createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
}

class BetterSqliteDb implements Db {
  readonly #database: BetterSqlite3.Database;

  constructor(database: BetterSqlite3.Database) {
    this.#database = database;
  }

  exec(sql: string): void {
    this.#database.exec(sql);
  }

  prepare(sql: string): DbStatement {
    const statement = this.#database.prepare(sql);
    const bind = (parameters: SqlParameters | undefined): unknown[] =>
      parameters === undefined ? [] : Array.isArray(parameters) ? parameters : [parameters];
    return {
      run: (parameters) => statement.run(...bind(parameters)),
      get: <Row>(parameters?: SqlParameters) => statement.get(...bind(parameters)) as Row | undefined,
      all: <Row>(parameters?: SqlParameters) => statement.all(...bind(parameters)) as Row[],
    };
  }

  transaction<Result>(work: () => Result): Result {
    // IMMEDIATE takes the write lock up front. A deferred transaction that reads and then writes can
    // fail with SQLITE_BUSY at once, without waiting out busy_timeout, when another process writes.
    return this.#database.transaction(work).immediate();
  }

  close(): void {
    this.#database.close();
  }
}
