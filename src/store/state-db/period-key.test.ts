import { describe, expect, it } from 'vitest';
import { type BudgetPeriod, periodKey } from './period-key.ts';

const at = (iso: string): Date => new Date(iso);

describe('periodKey', () => {
  it('gives the UTC day and month', () => {
    expect(periodKey('daily', at('2026-05-01T12:00:00Z'))).toBe('2026-05-01');
    expect(periodKey('monthly', at('2026-05-31T23:59:59Z'))).toBe('2026-05');
    // 23:30 at UTC-2 is already the next day (and month) in UTC.
    expect(periodKey('daily', at('2026-05-31T23:30:00-02:00'))).toBe('2026-06-01');
    expect(periodKey('monthly', at('2026-05-31T23:30:00-02:00'))).toBe('2026-06');
  });

  it.each([
    ['2026-05-01T00:00:00Z', '2026-W18'],
    ['2026-01-01T00:00:00Z', '2026-W01'],
    ['2026-12-28T00:00:00Z', '2026-W53'],
    ['2026-12-31T12:00:00Z', '2026-W53'],
    ['2027-01-01T00:00:00Z', '2026-W53'],
    ['2027-01-03T23:59:59Z', '2026-W53'],
    ['2027-01-04T00:00:00Z', '2027-W01'],
    ['2024-12-30T00:00:00Z', '2025-W01'],
    ['2021-01-03T00:00:00Z', '2020-W53'],
    ['2026-01-04T23:00:00-02:00', '2026-W02'],
  ])('gives the ISO week of %s as %s', (iso, expected) => {
    expect(periodKey('weekly', at(iso))).toBe(expected);
  });

  it('rejects an unknown period and an invalid date, naming the option', () => {
    expect(() => periodKey('yearly' as BudgetPeriod, new Date())).toThrow(/`period`.*`yearly`/);
    expect(() => periodKey('daily', new Date('nope'))).toThrow(/`date`/);
  });
});
