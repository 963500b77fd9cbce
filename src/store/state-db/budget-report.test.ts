import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectories } from '../../../test/store/support/temporary-directory.ts';
import { readBudgetReport } from './budget-report.ts';
import { openStateDb } from './state-db.ts';

const newDirectory = useTemporaryDirectories();
const now = new Date('2026-05-13T12:00:00Z'); // a Wednesday of ISO week 2026-W20

function ledgerWith(charges: [scope: string, runId: string, iso: string, costUsd: number][]): string {
  const projectDir = newDirectory();
  const state = openStateDb(projectDir);
  try {
    for (const [scope, runId, iso, costUsd] of charges) {
      state.budgetLedger.record({ scope, runId, period: 'daily', costUsd, recordedAt: new Date(iso) });
    }
  } finally {
    state.close();
  }
  return projectDir;
}

describe('readBudgetReport', () => {
  it('says nothing was recorded when the project has no database, without creating one', () => {
    const projectDir = newDirectory();
    const report = readBudgetReport({ projectDir, periods: ['daily'], now });
    expect(report).toEqual({
      database: join(projectDir, '.maestro', 'maestro.db'),
      recorded: false,
      periods: [],
    });
    expect(existsSync(join(projectDir, '.maestro'))).toBe(false);
  });

  it('groups days into the periods asked for, newest first, within the recent window', () => {
    const projectDir = ledgerWith([
      ['plan:a', 'r1', '2026-05-13T01:00:00Z', 1],
      ['plan:a', 'r2', '2026-05-13T02:00:00Z', 2],
      ['plan:a', 'r3', '2026-05-11T02:00:00Z', 4], // Monday: same week, another day
      ['plan:a', 'r4', '2026-05-10T02:00:00Z', 8], // Sunday: the week before
      ['plan:b', 'r5', '2026-05-12T02:00:00Z', 16],
      ['plan:a', 'r6', '2026-01-02T02:00:00Z', 32], // outside every window
    ]);
    const report = readBudgetReport({ projectDir, periods: ['daily', 'weekly', 'monthly'], now });
    const [daily, weekly, monthly] = report.periods;
    expect(daily).toMatchObject({ period: 'daily', currentKey: '2026-05-13', since: '2026-05-07' });
    expect(daily!.rows.map((row) => [row.key, row.scope, row.costUsd, row.runs, row.current])).toEqual([
      ['2026-05-13', 'plan:a', 3, 2, true],
      ['2026-05-12', 'plan:b', 16, 1, false],
      ['2026-05-11', 'plan:a', 4, 1, false],
      ['2026-05-10', 'plan:a', 8, 1, false],
    ]);
    expect(weekly!.rows.map((row) => [row.key, row.scope, row.costUsd, row.runs])).toEqual([
      ['2026-W20', 'plan:a', 7, 3],
      ['2026-W20', 'plan:b', 16, 1],
      ['2026-W19', 'plan:a', 8, 1],
    ]);
    expect(monthly!.since).toBe('2025-12');
    expect(monthly!.rows.map((row) => [row.key, row.scope, row.costUsd])).toEqual([
      ['2026-05', 'plan:a', 15],
      ['2026-05', 'plan:b', 16],
      ['2026-01', 'plan:a', 32],
    ]);
  });

  it("gives one scope's current period, with its standing against the budget", () => {
    const projectDir = ledgerWith([
      ['plan:a', 'r1', '2026-05-12T01:00:00Z', 0.75],
      ['plan:b', 'r2', '2026-05-13T01:00:00Z', 5],
    ]);
    const report = readBudgetReport({
      projectDir,
      periods: ['daily', 'weekly'],
      scope: 'plan:a',
      budget: { maxCostUsd: 1, period: 'weekly' },
      now,
    });
    const [daily, weekly] = report.periods;
    // Today has no spend of plan:a, but its current period is still shown (at $0).
    expect(daily!.rows.map((row) => [row.key, row.costUsd, row.current])).toEqual([
      ['2026-05-13', 0, true],
      ['2026-05-12', 0.75, false],
    ]);
    expect(daily!.standing).toBeUndefined();
    expect(weekly!.standing).toEqual({
      key: '2026-W20',
      spentUsd: 0.75,
      maxCostUsd: 1,
      remainingUsd: 0.25,
      share: 0.75,
      exhausted: false,
    });
  });
});
