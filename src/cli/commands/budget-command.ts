// `maestro budget [PLAN] [--period daily|weekly|monthly] [--json]`: the spend in the cross-run budget
// ledger (`.maestro/maestro.db` of the plan's folder, or of the current folder without a plan), per
// period and per plan, and a plan's standing against its max_cost_usd.
import { MaestroError } from '../../errors/index.ts';
import { loadPlan } from '../../plan/index.ts';
import type { Plan } from '../../plan/types.ts';
import { planBudgetScope } from '../../run/period-budget.ts';
import {
  BUDGET_PERIODS,
  type BudgetPeriod,
  isBudgetPeriod,
  readBudgetReport,
  stateDbPath,
} from '../../store/state-db/index.ts';
import { budgetReportJson, budgetReportText, type PlanBudget } from '../render/budget-report.ts';
import { reportError } from '../report-error.ts';

export async function budgetCommand(
  planFile: string | undefined,
  flags: { period?: string; json?: boolean },
): Promise<number> {
  try {
    const chosen = parsePeriod(flags.period);
    const plan = planFile === undefined ? undefined : await loadPlan(planFile);
    const planBudget = plan ? describePlanBudget(plan) : undefined;
    const periods: readonly BudgetPeriod[] = chosen
      ? [chosen]
      : planBudget?.budgetPeriod
        ? [planBudget.budgetPeriod]
        : BUDGET_PERIODS;
    const projectDir = plan ? plan.baseDir : process.cwd();
    const report = readLedger(projectDir, () =>
      readBudgetReport({
        projectDir,
        periods,
        scope: planBudget?.scope,
        budget:
          planBudget?.budgetPeriod && planBudget.maxCostUsd !== null
            ? { maxCostUsd: planBudget.maxCostUsd, period: planBudget.budgetPeriod }
            : undefined,
      }),
    );
    const text = flags.json ? budgetReportJson(report, planBudget) : budgetReportText(report, planBudget);
    process.stdout.write(`${text}\n`);
    return 0;
  } catch (error) {
    return reportError(error);
  }
}

// A ledger that cannot be read (not a database, no permission) is a coded error, as it is for a run.
function readLedger<T>(projectDir: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (MaestroError.isInstance(error)) throw error;
    throw new MaestroError({
      code: 'E132',
      message: `cannot read the budget ledger ${stateDbPath(projectDir)}: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
}

function parsePeriod(value: string | undefined): BudgetPeriod | undefined {
  if (value === undefined) return undefined;
  if (isBudgetPeriod(value)) return value;
  throw new MaestroError({
    code: 'E120',
    flag: '--period',
    message: `Expected --period to be one of ${BUDGET_PERIODS.join(', ')}, got '${value}'`,
  });
}

function describePlanBudget(plan: Plan): PlanBudget {
  return {
    name: plan.name,
    file: plan.file,
    scope: planBudgetScope(plan.name),
    budgetPeriod: isBudgetPeriod(plan.budget_period) ? plan.budget_period : null,
    maxCostUsd: typeof plan.max_cost_usd === 'number' ? plan.max_cost_usd : null,
  };
}
