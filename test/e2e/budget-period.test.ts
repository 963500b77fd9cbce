// budget_period: every run's spend goes to the ledger in `.maestro/maestro.db` beside the plan, task by
// task as each ends, and max_cost_usd caps the period's total over all runs. `maestro budget` shows it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, makeTempDir, runMaestro, startMaestro } from '../support/cli.ts';
import { readEvents, readResult, runDirectories } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function project(lines: string[]): { dir: string; plan: string } {
  const dir = makeTempDir('maestro-ledger-');
  cleanups.push(dir.remove);
  const plan = join(dir.path, 'plan.yaml');
  writeFileSync(plan, `${lines.join('\n')}\n`);
  return { dir: dir.path, plan };
}

/** The run directory the last `maestro run` created. */
function lastRun(dir: string): string {
  return runDirectories(join(dir, '.maestro-runs')).at(-1)!;
}

interface BudgetJson {
  recorded: boolean;
  plan: { scope: string; budget_period: string; max_cost_usd: number } | null;
  periods: {
    period: string;
    current: string;
    rows: { key: string; scope: string; cost_usd: number; runs: number; charges: number; current: boolean }[];
    standing: { spent_usd: number; max_cost_usd: number; remaining_usd: number; exhausted: boolean } | null;
  }[];
}

async function budgetJson(args: string[], cwd: string): Promise<BudgetJson> {
  const result = await runMaestro(['budget', ...args, '--json'], { cwd });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as BudgetJson;
}

describe('budget_period: daily', () => {
  const dailyPlan = [
    'version: 1',
    'name: nightly',
    'max_parallel: 1',
    'max_cost_usd: 1.0',
    'budget_period: daily',
    'tasks:',
    '  - {id: a, engine: mock, prompt: q, mock: {reply: x, cost_usd: 0.4}}',
    '  - {id: b, engine: mock, prompt: q, mock: {reply: y, cost_usd: 0.4}, depends_on: [a]}',
  ];

  it("the second run is stopped by the first run's spend, the third is refused, and maestro budget shows it", async () => {
    const { dir, plan } = project(dailyPlan);

    // Run 1 spends $0.80 of the day's $1.00: a warning, no stop. (--no-cache: every run pays again.)
    const first = await runMaestro(['run', plan, '--no-cache'], { cwd: dir });
    expect(first.code).toBe(0);
    const firstEvents = readEvents(lastRun(dir));
    expect(firstEvents.find((event) => event.event === 'budget_warning')).toMatchObject({
      budget_period: 'daily',
      period_cost_usd: 0.8,
      max_cost_usd: 1,
    });
    expect(firstEvents.some((event) => event.event === 'budget_exceeded')).toBe(false);

    // Run 2: its first task brings the day to $1.20, so b is not started.
    const second = await runMaestro(['run', plan, '--no-cache'], { cwd: dir });
    expect(second.code).toBe(1);
    const secondRun = lastRun(dir);
    expect(readResult(secondRun, 'a').status).toBe('success');
    expect(readResult(secondRun, 'b')).toMatchObject({ status: 'skipped', skip_kind: 'budget' });
    expect(String(readResult(secondRun, 'b').message)).toContain('daily budget exceeded after task');
    expect(readEvents(secondRun).find((event) => event.event === 'budget_exceeded')).toMatchObject({
      task_id: 'a',
      cost_usd: 0.4,
      period_cost_usd: 1.2,
      budget_period: 'daily',
      not_started: ['b'],
    });
    expect(second.stdout).toContain('not started because the budget was exceeded: b');

    // Run 3 starts with the day's budget spent: nothing starts.
    const third = await runMaestro(['run', plan, '--no-cache'], { cwd: dir });
    expect(third.code).toBe(1);
    const thirdEvents = readEvents(lastRun(dir));
    expect(thirdEvents.filter((event) => event.event === 'task_start')).toEqual([]);
    expect(thirdEvents.find((event) => event.event === 'budget_exceeded')).toMatchObject({
      task_id: null,
      not_started: ['a', 'b'],
      period_cost_usd: 1.2,
    });
    expect(String(readResult(lastRun(dir), 'a').message)).toMatch(/daily budget already spent/);
    expect(String(readResult(lastRun(dir), 'b').message)).toMatch(/daily budget already spent/);
    expect(JSON.parse(readFileSync(join(lastRun(dir), 'run_manifest.json'), 'utf8'))).toMatchObject({
      success: false,
      budget_exceeded: true,
    });
    expect(existsSync(join(dir, '.maestro', 'maestro.db'))).toBe(true);

    // maestro budget PLAN: today's spend against the plan's budget.
    const report = await budgetJson([plan], dir);
    expect(report.plan).toMatchObject({ scope: 'plan:nightly', budget_period: 'daily', max_cost_usd: 1 });
    expect(report.periods).toHaveLength(1);
    const [daily] = report.periods;
    expect(daily!.rows).toEqual([
      { key: daily!.current, scope: 'plan:nightly', cost_usd: 1.2, runs: 2, charges: 3, current: true },
    ]);
    expect(daily!.standing).toEqual({
      key: daily!.current,
      spent_usd: 1.2,
      max_cost_usd: 1,
      remaining_usd: 0,
      share: 1.2,
      exhausted: true,
    });
    const text = await runMaestro(['budget', plan], { cwd: dir });
    expect(text.stdout).toContain('max_cost_usd $1.0000 per day (budget_period daily)');
    expect(text.stdout).toContain('$1.2000 of $1.0000 (120%)');
    expect(text.stdout).toContain('budget used up');

    // Without a plan: every period, every plan of the folder's ledger.
    const all = await budgetJson([], dir);
    expect(all.periods.map((period) => period.period)).toEqual(['daily', 'weekly', 'monthly']);
    for (const period of all.periods) {
      expect(period.rows).toEqual([
        expect.objectContaining({ scope: 'plan:nightly', cost_usd: 1.2, runs: 2 }),
      ]);
      expect(period.standing).toBeNull();
    }
  });

  it('a re-run served from the cache is charged $0: the ledger does not count it twice', async () => {
    const { dir, plan } = project(dailyPlan);
    expect((await runMaestro(['run', plan], { cwd: dir })).code).toBe(0);
    // Both tasks are cache hits: the day stays at $0.80, under the $1.00, and nothing is stopped.
    const rerun = await runMaestro(['run', plan], { cwd: dir });
    expect(rerun.code).toBe(0);
    const events = readEvents(lastRun(dir));
    expect(events.filter((event) => event.event === 'cache_hit')).toHaveLength(2);
    expect(events.some((event) => event.event === 'budget_exceeded')).toBe(false);
    const report = await budgetJson([plan], dir);
    expect(report.periods[0]!.standing).toMatchObject({ spent_usd: 0.8, exhausted: false });
    expect(report.periods[0]!.rows[0]).toMatchObject({ runs: 1, charges: 2 });
  });

  it('a run killed with SIGKILL still leaves the spend of its finished tasks in the ledger', async () => {
    const { dir, plan } = project([
      'version: 1',
      'name: killed',
      'max_parallel: 1',
      'max_cost_usd: 0.5',
      'budget_period: daily',
      'tasks:',
      '  - {id: paid, engine: mock, prompt: q, mock: {reply: x, cost_usd: 0.5}}',
      '  - {id: slow, command: "sleep 30", depends_on: [paid]}',
    ]);
    const child = startMaestro(['run', plan], { cwd: dir });
    const done = collect(child);
    // `slow` starts only after `paid` was charged (the charge is committed before dispatch goes on).
    for (;;) {
      const runPath = runDirectories(join(dir, '.maestro-runs'))[0];
      if (
        runPath &&
        readEvents(runPath).some((event) => event.event === 'task_start' && event.task_id === 'slow')
      )
        break;
      await sleep(50);
    }
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');

    const report = await budgetJson([plan], dir);
    expect(report.periods[0]!.standing).toMatchObject({ spent_usd: 0.5, exhausted: true });
    expect(report.periods[0]!.rows[0]).toMatchObject({ charges: 1, runs: 1 });
    // So the next run of the day starts nothing.
    const next = await runMaestro(['run', plan], { cwd: dir });
    expect(next.code).toBe(1);
    expect(readResult(lastRun(dir), 'paid')).toMatchObject({ status: 'skipped', skip_kind: 'budget' });
  });

  it('--dry-run neither reads nor charges the ledger', async () => {
    const { dir, plan } = project(dailyPlan);
    const result = await runMaestro(['run', plan, '--dry-run'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, '.maestro'))).toBe(false);
  });
});

describe('maestro budget', () => {
  it('works without a state database: says nothing was recorded, and creates nothing', async () => {
    const dir = makeTempDir('maestro-ledger-');
    cleanups.push(dir.remove);
    const text = await runMaestro(['budget'], { cwd: dir.path });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('nothing recorded');
    const json = await budgetJson(['--period', 'weekly'], dir.path);
    expect(json).toMatchObject({ recorded: false, periods: [] });
    expect(existsSync(join(dir.path, '.maestro'))).toBe(false);
  });

  it('a ledger that is not a database gives a coded error, not an internal one', async () => {
    const dir = makeTempDir('maestro-ledger-');
    cleanups.push(dir.remove);
    mkdirSync(join(dir.path, '.maestro'));
    writeFileSync(join(dir.path, '.maestro', 'maestro.db'), 'not a database\n'.repeat(100));
    const result = await runMaestro(['budget'], { cwd: dir.path });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[E132]');
    expect(result.stderr).not.toContain('internal error');
  });

  it('rejects an unknown --period with a coded error naming the flag', async () => {
    const result = await runMaestro(['budget', '--period', 'yearly']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\[E120\] --period: .*daily, weekly, monthly/);
  });
});
