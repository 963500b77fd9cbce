// The state database's schema, as an ordered list of migrations. `PRAGMA user_version` records how many
// have been applied; each one runs in its own transaction, so a crash mid-migration leaves the previous
// version intact and the next open simply tries again.
import { MaestroError } from '../../errors/index.ts';
import type { Db } from './db.ts';

export interface Migration {
  /** 1, 2, 3, ... in order; the DB's user_version after this migration. */
  version: number;
  description: string;
  sql: string;
}

export const STATE_DB_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'council history, budget ledger and run index',
    sql: `
      CREATE TABLE council_sessions (
        session_id TEXT PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        question TEXT NOT NULL,
        status TEXT NOT NULL,
        basis TEXT,
        answer TEXT,
        members TEXT NOT NULL,
        rounds INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        tokens INTEGER NOT NULL,
        history_seq_start INTEGER,
        history_seq_end INTEGER,
        last_hash TEXT
      );
      CREATE INDEX council_sessions_by_start ON council_sessions (started_at);

      CREATE TABLE council_members (
        session_id TEXT NOT NULL REFERENCES council_sessions (session_id) ON DELETE CASCADE,
        member_id TEXT NOT NULL,
        member TEXT NOT NULL,
        final_position TEXT,
        agreed_with_final INTEGER NOT NULL,
        lone_dissenter INTEGER NOT NULL,
        changed_mind INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        mean_rank REAL,
        PRIMARY KEY (session_id, member_id)
      );
      CREATE INDEX council_members_by_member ON council_members (member);

      CREATE TABLE budget_ledger (
        id INTEGER PRIMARY KEY,
        recorded_at TEXT NOT NULL,
        period_key TEXT NOT NULL,
        scope TEXT NOT NULL,
        run_id TEXT,
        task_id TEXT,
        cost_usd REAL NOT NULL
      );
      CREATE INDEX budget_ledger_by_scope_period ON budget_ledger (scope, period_key);

      CREATE TABLE runs (
        run_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        run_path TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL,
        cost_usd REAL NOT NULL,
        tokens INTEGER NOT NULL
      );
      CREATE INDEX runs_by_kind_start ON runs (kind, started_at);
    `,
  },
  {
    version: 2,
    description: 'budget ledger by time: a period total whatever period a charge was recorded under',
    sql: `
      CREATE INDEX budget_ledger_by_scope_time ON budget_ledger (scope, recorded_at);
      CREATE INDEX budget_ledger_by_time ON budget_ledger (recorded_at);
    `,
  },
];

export interface ApplyMigrationsOptions {
  /** Shown in errors, e.g. `.maestro/maestro.db`. */
  file: string;
  /** @default STATE_DB_MIGRATIONS */
  migrations?: readonly Migration[];
}

/** Brings the DB up to the newest migration; returns the versions it applied (empty when none). */
export function applyMigrations(db: Db, options: ApplyMigrationsOptions): number[] {
  const migrations = options.migrations ?? STATE_DB_MIGRATIONS;
  const latest = migrations.at(-1)?.version ?? 0;
  refuseNewerSchema(readUserVersion(db), latest, options.file);
  const applied: number[] = [];
  for (const migration of migrations) {
    db.transaction(() => {
      // Read again under the write lock: another process may have applied it since we looked.
      const current = readUserVersion(db);
      refuseNewerSchema(current, latest, options.file);
      if (current >= migration.version) return;
      db.exec(migration.sql);
      db.exec(`PRAGMA user_version = ${migration.version}`);
      applied.push(migration.version);
    });
  }
  return applied;
}

export function readUserVersion(db: Db): number {
  return db.prepare('PRAGMA user_version').get<{ user_version: number }>()?.user_version ?? 0;
}

function refuseNewerSchema(current: number, latest: number, file: string): void {
  if (current <= latest) return;
  throw new MaestroError({
    code: 'E130',
    message:
      `State database ${file} has schema version ${current}, but this Maestro knows only up to version ` +
      `${latest}.`,
    hint: 'It was written by a newer Maestro: upgrade Maestro, or move the file aside to start afresh.',
  });
}
