// Budgets reset per day, ISO week or month. The ledger stores each cost under its period's key, so a
// period's total is one indexed lookup. All keys are computed in UTC.

export type BudgetPeriod = 'daily' | 'weekly' | 'monthly';

const BUDGET_PERIODS: readonly BudgetPeriod[] = ['daily', 'weekly', 'monthly'];
const DAY_MS = 86_400_000;

/** `2026-05-01` (daily), `2026-W18` (weekly, ISO 8601 week-numbering year), `2026-05` (monthly). */
export function periodKey(period: BudgetPeriod, date: Date): string {
  if (!BUDGET_PERIODS.includes(period)) {
    throw new TypeError(`Expected \`period\` to be one of ${BUDGET_PERIODS.join(', ')}, got \`${period}\``);
  }
  if (Number.isNaN(date.getTime()))
    throw new TypeError('Expected `date` to be a valid Date, got Invalid Date');
  const iso = date.toISOString();
  if (period === 'daily') return iso.slice(0, 10);
  if (period === 'monthly') return iso.slice(0, 7);
  return isoWeekKey(date);
}

// ISO weeks start on Monday; week 1 is the week holding the year's first Thursday. So the Thursday of
// a date's week decides both the week-numbering year and the week number.
function isoWeekKey(date: Date): string {
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const isoWeekday = new Date(midnight).getUTCDay() || 7;
  const thursday = new Date(midnight + (4 - isoWeekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
