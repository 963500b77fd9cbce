// Budgets reset per day, ISO week or month. The ledger stores each cost under its period's key, so a
// period's total is one indexed lookup; a period's bounds turn any charge's time into the period it falls
// in, whatever period it was recorded under. All keys and bounds are computed in UTC.

export type BudgetPeriod = 'daily' | 'weekly' | 'monthly';

export const BUDGET_PERIODS: readonly BudgetPeriod[] = ['daily', 'weekly', 'monthly'];
const DAY_MS = 86_400_000;

export interface PeriodBounds {
  /** `periodKey()` of every instant inside. */
  key: string;
  /** First instant of the period (inclusive). */
  start: Date;
  /** First instant of the next period (exclusive). */
  end: Date;
}

/** `2026-05-01` (daily), `2026-W18` (weekly, ISO 8601 week-numbering year), `2026-05` (monthly). */
export function periodKey(period: BudgetPeriod, date: Date): string {
  checkPeriod(period);
  checkDate(date);
  const iso = date.toISOString();
  if (period === 'daily') return iso.slice(0, 10);
  if (period === 'monthly') return iso.slice(0, 7);
  return isoWeekKey(date);
}

/**
 * The period `date` falls in, moved `offset` whole periods (-1: the one before).
 *
 * @example
 * periodBounds('weekly', new Date('2026-05-01T12:00:00Z'))
 * // { key: '2026-W18', start: 2026-04-27T00:00:00Z, end: 2026-05-04T00:00:00Z }
 */
export function periodBounds(period: BudgetPeriod, date: Date, offset = 0): PeriodBounds {
  checkPeriod(period);
  checkDate(date);
  if (!Number.isInteger(offset))
    throw new TypeError(`Expected \`offset\` to be an integer, got \`${offset}\``);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const midnight = Date.UTC(year, month, date.getUTCDate());
  let start: number;
  let end: number;
  if (period === 'monthly') {
    start = Date.UTC(year, month + offset, 1);
    end = Date.UTC(year, month + offset + 1, 1);
  } else if (period === 'weekly') {
    const monday = midnight - ((new Date(midnight).getUTCDay() || 7) - 1) * DAY_MS;
    start = monday + offset * 7 * DAY_MS;
    end = start + 7 * DAY_MS;
  } else {
    start = midnight + offset * DAY_MS;
    end = start + DAY_MS;
  }
  return { key: periodKey(period, new Date(start)), start: new Date(start), end: new Date(end) };
}

export function isBudgetPeriod(value: unknown): value is BudgetPeriod {
  return typeof value === 'string' && (BUDGET_PERIODS as readonly string[]).includes(value);
}

function checkPeriod(period: BudgetPeriod): void {
  if (!isBudgetPeriod(period)) {
    throw new TypeError(`Expected \`period\` to be one of ${BUDGET_PERIODS.join(', ')}, got \`${period}\``);
  }
}

function checkDate(date: Date): void {
  if (Number.isNaN(date.getTime()))
    throw new TypeError('Expected `date` to be a valid Date, got Invalid Date');
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
