import { describe, expect, it } from 'vitest';
import type { Plan } from '../plan/types.ts';
import type { PeriodBudget, PeriodSpend } from './period-budget.ts';
import type { RunContext } from './run-context.ts';
import type { BatchProgress } from './scheduler.ts';
import { chargeableCost, createStopRules } from './stop-rules.ts';
import type { TaskRecord } from './task-record.ts';

function fakeContext(plan: Partial<Plan>, options: Partial<RunContext['options']> = {}) {
  const events: [string, Record<string, unknown>][] = [];
  const context = {
    plan: { name: 'p', tasks: [], defaults: {}, ...plan },
    runId: 'run-1',
    events: { append: (name: string, data: Record<string, unknown>) => events.push([name, data]) },
    options,
    signal: new AbortController().signal,
    approvalQueue: Promise.resolve(),
    mask: (text: string) => text,
  } as unknown as RunContext;
  return { context, events };
}

function fakeLedger(spentBefore: number, failWrites = false) {
  const charges: { taskId: string; costUsd: number }[] = [];
  let total = spentBefore;
  const spend = (): PeriodSpend => ({ period: 'daily', key: '2026-05-01', totalUsd: total });
  const budget: PeriodBudget = {
    period: 'daily',
    scope: 'plan:p',
    databasePath: '/x/.maestro/maestro.db',
    spent: spend,
    charge: (entry) => {
      if (failWrites) throw new Error('SQLITE_BUSY: database is locked');
      charges.push({ taskId: entry.taskId, costUsd: entry.costUsd });
      total += entry.costUsd;
      return spend();
    },
    close: () => {},
  };
  return { budget, charges };
}

const record = (taskId: string, costUsd: number | null, extra: Partial<TaskRecord> = {}) =>
  ({ taskId, status: 'success', costUsd, ...extra }) as TaskRecord;

const batch = (left: string[], stopped = false): BatchProgress => ({
  notDispatched: () => left,
  stopped: () => stopped,
});

describe('chargeableCost', () => {
  it('charges what a task cost this run: nothing for a carried-over or cached result', () => {
    expect(chargeableCost(record('a', 0.5))).toBe(0.5);
    expect(chargeableCost(record('a', null))).toBe(0);
    expect(chargeableCost(record('a', 0.5, { resumedFrom: '/runs/old' }))).toBe(0);
    expect(chargeableCost(record('a', 0.5, { resultExtra: { cached: true } }))).toBe(0);
    expect(chargeableCost(record('a', 0.5, { resultExtra: { from_cache: true } }))).toBe(0);
  });
});

describe('createStopRules with a period budget', () => {
  it('charges every costly record to the ledger, even after a stop, and never a cached one', () => {
    const { context } = fakeContext({ max_cost_usd: 10, budget_period: 'daily' });
    const { budget, charges } = fakeLedger(0);
    const rules = createStopRules(context, budget);
    rules.check(record('a', 1), batch([]));
    rules.check(record('free', 0), batch([]));
    rules.check(record('cached', 3, { resultExtra: { cached: true } }), batch([]));
    rules.check(record('late', 2), batch([], true));
    expect(charges).toEqual([
      { taskId: 'a', costUsd: 1 },
      { taskId: 'late', costUsd: 2 },
    ]);
  });

  it('warns at the start when the period is already past budget_warning_pct', () => {
    const { context, events } = fakeContext({
      max_cost_usd: 1,
      budget_period: 'daily',
      budget_warning_pct: 0.5,
    });
    const rules = createStopRules(context, fakeLedger(0.6).budget);
    expect(rules.beforeFirstBatch(() => ['a'])).toBeUndefined();
    expect(events).toEqual([
      [
        'budget_warning',
        expect.objectContaining({ pct: 0.5, period_cost_usd: 0.6, period_key: '2026-05-01' }),
      ],
    ]);
    expect(rules.budgetExceeded).toBe(false);
  });

  it('a ledger that cannot be written stops dispatch (fails closed) and says why', () => {
    const { context, events } = fakeContext({ budget_period: 'daily' });
    const rules = createStopRules(context, fakeLedger(0, true).budget);
    const stop = rules.check(record('a', 0.1), batch(['b']));
    expect(stop).toMatchObject({ kind: 'budget', reason: expect.stringContaining('SQLITE_BUSY') });
    expect(events[0]).toEqual(['budget_ledger_error', expect.objectContaining({ task_id: 'a' })]);
    expect(rules.budgetExceeded).toBe(true);
  });
});

describe('createStopRules circuit breaker', () => {
  const failed = (taskId: string) => ({ ...record(taskId, null), status: 'failed' }) as TaskRecord;

  it('defaults to 5 failures when the block names only the action', () => {
    const { context } = fakeContext({ circuit_breaker: { action: 'fail' } });
    const rules = createStopRules(context, undefined);
    for (const id of ['a', 'b', 'c', 'd']) expect(rules.check(failed(id), batch(['z']))).toBeUndefined();
    expect(rules.check(failed('e'), batch(['z']))).toMatchObject({ kind: 'circuit_breaker' });
  });

  it('pause asks a person; while the question is open further failures do not ask again', async () => {
    let asked = 0;
    let answer: (value: boolean) => void = () => {};
    const { context, events } = fakeContext(
      { circuit_breaker: { max_total_failures: 1, action: 'pause' } },
      {
        askApproval: () => {
          asked += 1;
          return new Promise<boolean>((resolve) => {
            answer = resolve;
          });
        },
      },
    );
    const rules = createStopRules(context, undefined);
    const pending = rules.check(failed('a'), batch(['b', 'c']));
    expect(pending).toBeInstanceOf(Promise);
    expect(rules.check(failed('x'), batch(['b', 'c']))).toBeUndefined();
    await Promise.resolve();
    answer(true);
    expect(await pending).toBeUndefined();
    expect(asked).toBe(1);
    expect(events.map(([name]) => name)).toEqual([
      'circuit_breaker_tripped',
      'approval_required',
      'approval_response',
      'circuit_breaker_reset',
    ]);
    // The counter was reset: the next failure trips (and asks) again.
    expect(rules.check(failed('b'), batch(['c']))).toBeInstanceOf(Promise);
  });

  it('failures that end while the question is open still count after a yes', async () => {
    let answer: (value: boolean) => void = () => {};
    const { context } = fakeContext(
      { circuit_breaker: { max_total_failures: 2, action: 'pause' } },
      {
        askApproval: () =>
          new Promise<boolean>((resolve) => {
            answer = resolve;
          }),
      },
    );
    const rules = createStopRules(context, undefined);
    expect(rules.check(failed('a'), batch(['z']))).toBeUndefined();
    const pending = rules.check(failed('b'), batch(['z']));
    expect(pending).toBeInstanceOf(Promise);
    expect(rules.check(failed('c'), batch(['z']))).toBeUndefined();
    await Promise.resolve();
    answer(true);
    expect(await pending).toBeUndefined();
    // c counted: one more failure reaches the limit again.
    expect(rules.check(failed('d'), batch(['z']))).toBeInstanceOf(Promise);
  });
});
