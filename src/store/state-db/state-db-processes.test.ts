import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectories } from '../../../test/store/support/temporary-directory.ts';
import { openSqliteDb } from './db.ts';
import { spawnFixture, waitForExit, waitForLine } from './fixtures/child-process.ts';
import { openStateDb, stateDbPath } from './state-db.ts';

const newDirectory = useTemporaryDirectories();

function query<Row>(projectDir: string, sql: string): Row[] {
  const db = openSqliteDb(stateDbPath(projectDir));
  try {
    return db.prepare(sql).all<Row>();
  } finally {
    db.close();
  }
}

describe('the state DB shared by several processes', () => {
  it('keeps every row when two processes write at the same time', async () => {
    const projectDir = newDirectory();
    openStateDb(projectDir).close();
    const writers = ['writer-a', 'writer-b'].map((runId) =>
      spawnFixture('./write-ledger-rows.ts', [projectDir, runId, '200']),
    );
    await Promise.all(writers.map((writer) => waitForLine(writer, 'ready')));
    for (const writer of writers) writer.stdin.end('go\n');
    expect(await Promise.all(writers.map(waitForExit))).toEqual([0, 0]);

    const state = openStateDb(projectDir);
    try {
      expect(state.budgetLedger.total({ scope: 'project', periodKey: '2026-05-01' })).toBe(100);
    } finally {
      state.close();
    }
    expect(query(projectDir, 'SELECT run_id, COUNT(*) AS n FROM budget_ledger GROUP BY run_id')).toEqual([
      { run_id: 'writer-a', n: 200 },
      { run_id: 'writer-b', n: 200 },
    ]);
  });

  it('shows only whole transactions after a writer is killed with SIGKILL mid-transaction', async () => {
    const projectDir = newDirectory();
    const [committedBatches, batchRows, openRows] = [3, 10, 6000];
    const writer = spawnFixture('./crash-mid-transaction.ts', [
      projectDir,
      String(committedBatches),
      String(batchRows),
      String(openRows),
    ]);
    try {
      await waitForLine(writer, 'mid-transaction');
      // The open transaction's 6000 rows of 4 KB (24 MB) overflow the 16 MB page cache, so its pages
      // are already in the WAL file when the process dies.
      expect(statSync(`${stateDbPath(projectDir)}-wal`).size).toBeGreaterThan(4_000_000);
    } finally {
      writer.kill('SIGKILL');
    }
    expect(await waitForExit(writer)).toBe('SIGKILL');

    expect(query(projectDir, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(query(projectDir, 'SELECT run_id, COUNT(*) AS n FROM budget_ledger GROUP BY run_id')).toEqual([
      { run_id: 'committed-0', n: batchRows },
      { run_id: 'committed-1', n: batchRows },
      { run_id: 'committed-2', n: batchRows },
    ]);
    const state = openStateDb(projectDir);
    try {
      state.budgetLedger.record({ scope: 'project', period: 'daily', costUsd: 1 });
    } finally {
      state.close();
    }
  });
});
