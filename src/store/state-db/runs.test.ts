import { describe, expect, it } from 'vitest';
import { useTemporaryDirectories } from '../../../test/store/support/temporary-directory.ts';
import type { RunKind, RunRow } from './runs.ts';
import { openStateDb } from './state-db.ts';

const newDirectory = useTemporaryDirectories();

function run(runId: string, kind: RunKind, day: number): RunRow {
  return {
    runId,
    kind,
    name: `${kind} ${day}`,
    runPath: `/project/.maestro-runs/${runId}`,
    startedAt: `2026-05-0${day}T10:00:00.000Z`,
    finishedAt: null,
    status: 'running',
    costUsd: 0,
    tokens: 0,
  };
}

describe('runs', () => {
  it('lists runs newest first, optionally of one kind and up to a limit', () => {
    const state = openStateDb(newDirectory());
    try {
      const rows = [
        run('r1', 'plan', 1),
        run('r2', 'council', 2),
        run('r3', 'plan', 3),
        run('r4', 'lanes', 4),
      ];
      for (const row of rows) state.runs.upsert(row);
      const ids = (list: RunRow[]) => list.map((row) => row.runId);
      expect(ids(state.runs.list())).toEqual(['r4', 'r3', 'r2', 'r1']);
      expect(ids(state.runs.list({ kind: 'plan' }))).toEqual(['r3', 'r1']);
      expect(ids(state.runs.list({ limit: 2 }))).toEqual(['r4', 'r3']);
      expect(state.runs.list({ kind: 'code' })).toEqual([]);
      expect(state.runs.list({ kind: 'council' })).toEqual([rows[1]]);
      expect(() => state.runs.list({ limit: 1.5 })).toThrow(/`limit`/);
    } finally {
      state.close();
    }
  });

  it('replaces a run when it is upserted again, e.g. when it finishes', () => {
    const state = openStateDb(newDirectory());
    try {
      state.runs.upsert(run('r1', 'code', 1));
      const finished = {
        ...run('r1', 'code', 1),
        finishedAt: '2026-05-01T10:30:00.000Z',
        status: 'success',
        costUsd: 1.5,
        tokens: 4200,
      };
      state.runs.upsert(finished);
      expect(state.runs.list()).toEqual([finished]);
    } finally {
      state.close();
    }
  });
});
