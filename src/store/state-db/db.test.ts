import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectories } from '../../../test/store/support/temporary-directory.ts';
import { openSqliteDb } from './db.ts';

const newDirectory = useTemporaryDirectories();

describe('openSqliteDb', () => {
  it('creates the parent folder and turns on WAL, NORMAL sync, a 5 s busy timeout and foreign keys', () => {
    const path = join(newDirectory(), 'nested', 'deeper', 'state.db');
    const db = openSqliteDb(path);
    try {
      expect(existsSync(path)).toBe(true);
      const pragma = (name: string) => Object.values(db.prepare(`PRAGMA ${name}`).get() ?? {})[0];
      expect(pragma('journal_mode')).toBe('wal');
      expect(pragma('synchronous')).toBe(1);
      expect(pragma('busy_timeout')).toBe(5000);
      expect(pragma('foreign_keys')).toBe(1);
    } finally {
      db.close();
    }
  });

  it('commits a transaction when its function returns and rolls it back when it throws', () => {
    const db = openSqliteDb(join(newDirectory(), 'state.db'));
    try {
      db.exec('CREATE TABLE t (value TEXT)');
      const insert = db.prepare('INSERT INTO t (value) VALUES (@value)');
      expect(db.transaction(() => insert.run({ value: 'kept' }).changes)).toBe(1);
      expect(() =>
        db.transaction(() => {
          insert.run({ value: 'dropped' });
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(db.prepare('SELECT value FROM t').all()).toEqual([{ value: 'kept' }]);
    } finally {
      db.close();
    }
  });

  it('loads the native module on the first open, not when the module is imported', () => {
    const index = fileURLToPath(new URL('./index.ts', import.meta.url));
    const script = `
      import { createRequire } from 'node:module';
      const loaded = () => Object.keys(createRequire(process.cwd() + '/').cache).some((key) => key.includes('better-sqlite3'));
      const { openStateDb } = await import(${JSON.stringify(index)});
      const afterImport = loaded();
      openStateDb(${JSON.stringify(newDirectory())}).close();
      console.log(JSON.stringify({ afterImport, afterOpen: loaded() }));`;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../../../', import.meta.url)),
      encoding: 'utf8',
    });
    expect(JSON.parse(output)).toEqual({ afterImport: false, afterOpen: true });
  });
});
