import { describe, expect, it } from 'vitest';
import { useTemporaryDirectories } from '../../../test/store/support/temporary-directory.ts';
import { openStateDb } from './state-db.ts';

const newDirectory = useTemporaryDirectories();

describe('budgetLedger', () => {
  it('totals the charges of one scope per period key', () => {
    const state = openStateDb(newDirectory());
    try {
      const ledger = state.budgetLedger;
      const charge = (scope: string, period: 'daily' | 'weekly' | 'monthly', iso: string, costUsd: number) =>
        ledger.record({ scope, period, costUsd, runId: 'r1', taskId: 't1', recordedAt: new Date(iso) });
      charge('project', 'daily', '2026-05-01T08:00:00Z', 1.25);
      charge('project', 'daily', '2026-05-01T23:59:59Z', 0.5);
      charge('project', 'daily', '2026-05-02T00:00:00Z', 4);
      charge('plan:nightly', 'daily', '2026-05-01T12:00:00Z', 100);
      // Both days fall in ISO week 2026-W53, across the year boundary.
      charge('weekly-team', 'weekly', '2026-12-31T12:00:00Z', 2);
      charge('weekly-team', 'weekly', '2027-01-01T12:00:00Z', 3);
      charge('weekly-team', 'weekly', '2027-01-04T12:00:00Z', 7);
      charge('monthly-team', 'monthly', '2026-05-01T00:00:00Z', 10);
      charge('monthly-team', 'monthly', '2026-05-31T23:00:00Z', 20);

      expect(ledger.total({ scope: 'project', periodKey: '2026-05-01' })).toBe(1.75);
      expect(ledger.total({ scope: 'project', periodKey: '2026-05-02' })).toBe(4);
      expect(ledger.total({ scope: 'plan:nightly', periodKey: '2026-05-01' })).toBe(100);
      expect(ledger.total({ scope: 'weekly-team', periodKey: '2026-W53' })).toBe(5);
      expect(ledger.total({ scope: 'weekly-team', periodKey: '2027-W01' })).toBe(7);
      expect(ledger.total({ scope: 'monthly-team', periodKey: '2026-05' })).toBe(30);
      expect(ledger.total({ scope: 'project', periodKey: '2026-05-03' })).toBe(0);
      expect(ledger.total({ scope: 'nobody', periodKey: '2026-05-01' })).toBe(0);
    } finally {
      state.close();
    }
  });

  it('returns increasing row ids and rejects a cost that is not a finite number', () => {
    const state = openStateDb(newDirectory());
    try {
      const first = state.budgetLedger.record({ scope: 'project', period: 'daily', costUsd: 1 });
      const second = state.budgetLedger.record({ scope: 'project', period: 'daily', costUsd: 1 });
      expect(second).toBe(first + 1);
      expect(() =>
        state.budgetLedger.record({ scope: 'project', period: 'daily', costUsd: Number.NaN }),
      ).toThrow(/`costUsd`/);
    } finally {
      state.close();
    }
  });

  it('totals a time range whatever period the charges were recorded under', () => {
    const state = openStateDb(newDirectory());
    try {
      const ledger = state.budgetLedger;
      ledger.record({
        scope: 'plan:a',
        period: 'daily',
        costUsd: 1,
        recordedAt: new Date('2026-05-04T00:00:00Z'),
      });
      ledger.record({
        scope: 'plan:a',
        period: 'monthly',
        costUsd: 2,
        recordedAt: new Date('2026-05-06T10:00:00Z'),
      });
      ledger.record({
        scope: 'plan:a',
        period: 'weekly',
        costUsd: 4,
        recordedAt: new Date('2026-05-11T00:00:00Z'),
      });
      ledger.record({
        scope: 'plan:b',
        period: 'daily',
        costUsd: 8,
        recordedAt: new Date('2026-05-05T00:00:00Z'),
      });
      const week = { start: new Date('2026-05-04T00:00:00Z'), end: new Date('2026-05-11T00:00:00Z') };
      expect(ledger.totalBetween({ scope: 'plan:a', ...week })).toBe(3);
      expect(ledger.totalBetween({ scope: 'plan:b', ...week })).toBe(8);
      expect(ledger.totalBetween({ scope: 'plan:c', ...week })).toBe(0);
    } finally {
      state.close();
    }
  });

  it('sums spend per scope, UTC day and run since a date', () => {
    const state = openStateDb(newDirectory());
    try {
      const ledger = state.budgetLedger;
      const charge = (scope: string, runId: string, iso: string, costUsd: number) =>
        ledger.record({ scope, period: 'daily', costUsd, runId, recordedAt: new Date(iso) });
      charge('plan:a', 'r1', '2026-04-30T23:00:00Z', 5);
      charge('plan:a', 'r1', '2026-05-01T01:00:00Z', 1);
      charge('plan:a', 'r1', '2026-05-01T02:00:00Z', 2);
      charge('plan:a', 'r2', '2026-05-01T03:00:00Z', 4);
      charge('plan:b', 'r3', '2026-05-02T03:00:00Z', 8);
      const since = new Date('2026-05-01T00:00:00Z');
      expect(ledger.spendByDay({ since })).toEqual([
        { scope: 'plan:b', day: '2026-05-02', runId: 'r3', costUsd: 8, charges: 1 },
        { scope: 'plan:a', day: '2026-05-01', runId: 'r1', costUsd: 3, charges: 2 },
        { scope: 'plan:a', day: '2026-05-01', runId: 'r2', costUsd: 4, charges: 1 },
      ]);
      expect(ledger.spendByDay({ since, scope: 'plan:b' })).toHaveLength(1);
    } finally {
      state.close();
    }
  });
});
