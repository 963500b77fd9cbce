import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectories } from '../../../test/store/support/temporary-directory.ts';
import { MaestroError } from '../../errors/index.ts';
import { type Db, openSqliteDb } from './db.ts';
import { applyMigrations, type Migration, readUserVersion, STATE_DB_MIGRATIONS } from './migrations.ts';
import { openStateDb, stateDbPath } from './state-db.ts';

const newDirectory = useTemporaryDirectories();

function withDb<Result>(path: string, work: (db: Db) => Result): Result {
  const db = openSqliteDb(path);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

const tableNames = (db: Db): string[] =>
  db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all<{ name: string }>()
    .map((row) => row.name);

describe('applyMigrations', () => {
  it('applies every migration to a new DB once, and re-applying is a no-op', () => {
    const path = join(newDirectory(), 'state.db');
    const latest = STATE_DB_MIGRATIONS.at(-1)!.version;
    withDb(path, (db) => {
      expect(applyMigrations(db, { file: path })).toEqual(STATE_DB_MIGRATIONS.map((m) => m.version));
      expect(readUserVersion(db)).toBe(latest);
      expect(tableNames(db)).toEqual(['budget_ledger', 'council_members', 'council_sessions', 'runs']);
      db.exec(
        "INSERT INTO budget_ledger (recorded_at, period_key, scope, cost_usd) VALUES ('t', 'p', 's', 1)",
      );
    });
    withDb(path, (db) => {
      expect(applyMigrations(db, { file: path })).toEqual([]);
      expect(readUserVersion(db)).toBe(latest);
      expect(db.prepare('SELECT COUNT(*) AS n FROM budget_ledger').get()).toEqual({ n: 1 });
    });
  });

  it('applies only the migrations newer than the DB, in order', () => {
    const path = join(newDirectory(), 'state.db');
    const first: Migration = { version: 1, description: 'a', sql: 'CREATE TABLE a (x INTEGER)' };
    const second: Migration = { version: 2, description: 'b', sql: 'ALTER TABLE a ADD COLUMN y INTEGER' };
    withDb(path, (db) => expect(applyMigrations(db, { file: path, migrations: [first] })).toEqual([1]));
    withDb(path, (db) => {
      expect(applyMigrations(db, { file: path, migrations: [first, second] })).toEqual([2]);
      expect(readUserVersion(db)).toBe(2);
      db.exec('INSERT INTO a (x, y) VALUES (1, 2)');
    });
  });

  it('rolls a failing migration back entirely and keeps the previous version', () => {
    const path = join(newDirectory(), 'state.db');
    const good: Migration = { version: 1, description: 'good', sql: 'CREATE TABLE a (x INTEGER)' };
    const bad: Migration = { version: 2, description: 'bad', sql: 'CREATE TABLE b (x INTEGER); NOT SQL' };
    withDb(path, (db) => {
      expect(() => applyMigrations(db, { file: path, migrations: [good, bad] })).toThrow(/syntax error/);
      expect(readUserVersion(db)).toBe(1);
      expect(tableNames(db)).toEqual(['a']);
    });
  });
});

describe('openStateDb', () => {
  it('creates .maestro/maestro.db with the current schema, and re-opening it changes nothing', () => {
    const projectDir = newDirectory();
    const state = openStateDb(projectDir);
    expect(state.path).toBe(join(projectDir, '.maestro', 'maestro.db'));
    state.close();
    const reopened = openStateDb(projectDir);
    reopened.close();
    withDb(stateDbPath(projectDir), (db) => {
      expect(readUserVersion(db)).toBe(STATE_DB_MIGRATIONS.at(-1)!.version);
      expect(tableNames(db)).toHaveLength(4);
    });
  });

  it('refuses a DB written by a newer Maestro with E130 naming the file and both versions', () => {
    const projectDir = newDirectory();
    const path = stateDbPath(projectDir);
    withDb(path, (db) => db.exec('PRAGMA user_version = 99'));
    let thrown: unknown;
    try {
      openStateDb(projectDir).close();
    } catch (error) {
      thrown = error;
    }
    expect(MaestroError.isInstance(thrown)).toBe(true);
    const error = thrown as MaestroError;
    expect(error.code).toBe('E130');
    expect(error.message).toContain(path);
    expect(error.message).toContain('schema version 99');
    expect(error.message).toContain(`up to version ${STATE_DB_MIGRATIONS.at(-1)!.version}`);
    withDb(path, (db) => {
      expect(readUserVersion(db)).toBe(99);
      expect(tableNames(db)).toEqual([]);
    });
  });
});
