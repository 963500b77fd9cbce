// Renders `maestro budget`: a table of spend per period (newest first) per plan, with the plan's standing
// against its budget, or a machine-readable document with the same facts.
import pc from 'picocolors';
import type { BudgetPeriod, BudgetReport } from '../../store/state-db/index.ts';

export interface PlanBudget {
  name: string;
  file: string;
  /** `plan:<name>`: the ledger scope its runs charge. */
  scope: string;
  budgetPeriod: BudgetPeriod | null;
  maxCostUsd: number | null;
}

const periodNouns: Record<BudgetPeriod, string> = { daily: 'day', weekly: 'week', monthly: 'month' };

export function budgetReportText(report: BudgetReport, plan: PlanBudget | undefined): string {
  const lines = [`budget ledger: ${report.database}`];
  if (plan) lines.push(planLine(plan));
  if (!report.recorded) {
    lines.push(
      'nothing recorded: no state database here yet (runs record their spend when the plan sets budget_period)',
    );
    return lines.join('\n');
  }
  for (const period of report.periods) {
    lines.push('', `${period.period} (current ${period.currentKey}, since ${period.since})`);
    if (period.rows.length === 0) {
      lines.push('  nothing recorded in these periods');
      continue;
    }
    const width = Math.max(...period.rows.map((row) => row.scope.length));
    for (const row of period.rows) {
      const runs = `${row.runs} run${row.runs === 1 ? '' : 's'}`;
      const mark = row.current ? '*' : ' ';
      lines.push(
        `  ${row.key}${mark} ${row.scope.padEnd(width)}  ${usd(row.costUsd).padStart(10)}  ${runs}, ${row.charges} charge${row.charges === 1 ? '' : 's'}`,
      );
    }
    const standing = period.standing;
    if (standing) {
      const verdict = standing.exhausted
        ? pc.red('budget used up: a run starting now starts no task')
        : pc.green(`${usd(standing.remainingUsd)} left`);
      lines.push(
        `  ${standing.key}: ${usd(standing.spentUsd)} of ${usd(standing.maxCostUsd)} (${Math.round(standing.share * 100)}%) — ${verdict}`,
      );
    }
  }
  return lines.join('\n');
}

export function budgetReportJson(report: BudgetReport, plan: PlanBudget | undefined): string {
  return JSON.stringify(
    {
      database: report.database,
      recorded: report.recorded,
      plan: plan
        ? {
            name: plan.name,
            file: plan.file,
            scope: plan.scope,
            budget_period: plan.budgetPeriod,
            max_cost_usd: plan.maxCostUsd,
          }
        : null,
      periods: report.periods.map((period) => ({
        period: period.period,
        current: period.currentKey,
        since: period.since,
        rows: period.rows.map((row) => ({
          key: row.key,
          scope: row.scope,
          cost_usd: row.costUsd,
          runs: row.runs,
          charges: row.charges,
          current: row.current,
        })),
        standing: period.standing
          ? {
              key: period.standing.key,
              spent_usd: period.standing.spentUsd,
              max_cost_usd: period.standing.maxCostUsd,
              remaining_usd: period.standing.remainingUsd,
              share: period.standing.share,
              exhausted: period.standing.exhausted,
            }
          : null,
      })),
    },
    null,
    2,
  );
}

function planLine(plan: PlanBudget): string {
  if (plan.budgetPeriod && plan.maxCostUsd !== null) {
    return `plan ${plan.name} (${plan.scope}): max_cost_usd ${usd(plan.maxCostUsd)} per ${periodNouns[plan.budgetPeriod]} (budget_period ${plan.budgetPeriod}), over all its runs`;
  }
  if (plan.budgetPeriod) {
    return `plan ${plan.name} (${plan.scope}): budget_period ${plan.budgetPeriod}, no max_cost_usd (spend is recorded, nothing is capped)`;
  }
  return `plan ${plan.name} (${plan.scope}): no budget_period, so its runs are not recorded here${
    plan.maxCostUsd !== null ? `; max_cost_usd ${usd(plan.maxCostUsd)} applies to each run alone` : ''
  }`;
}

function usd(value: number): string {
  return `$${value.toFixed(4)}`;
}
