import { describe, expect, it } from 'vitest';
import { type BudgetPeriod, periodBounds, periodKey } from './period-key.ts';

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

describe('periodBounds', () => {
  it('gives the UTC day, ISO week (Monday to Monday) and month a date falls in', () => {
    const date = at('2026-05-01T12:34:56Z');
    expect(periodBounds('daily', date)).toEqual({
      key: '2026-05-01',
      start: at('2026-05-01T00:00:00Z'),
      end: at('2026-05-02T00:00:00Z'),
    });
    expect(periodBounds('weekly', date)).toEqual({
      key: '2026-W18',
      start: at('2026-04-27T00:00:00Z'),
      end: at('2026-05-04T00:00:00Z'),
    });
    expect(periodBounds('monthly', date)).toEqual({
      key: '2026-05',
      start: at('2026-05-01T00:00:00Z'),
      end: at('2026-06-01T00:00:00Z'),
    });
  });

  it('moves whole periods back and forth, across month and year boundaries', () => {
    expect(periodBounds('daily', at('2026-03-01T05:00:00Z'), -1).key).toBe('2026-02-28');
    expect(periodBounds('monthly', at('2026-01-15T00:00:00Z'), -2).key).toBe('2025-11');
    expect(periodBounds('monthly', at('2026-12-15T00:00:00Z'), 1).key).toBe('2027-01');
    // A Sunday belongs to the week that started the Monday before.
    expect(periodBounds('weekly', at('2027-01-03T23:59:59Z')).key).toBe('2026-W53');
    expect(periodBounds('weekly', at('2027-01-03T23:59:59Z'), 1)).toMatchObject({
      key: '2027-W01',
      start: at('2027-01-04T00:00:00Z'),
    });
  });

  it('every instant of a period has that period key', () => {
    for (const period of ['daily', 'weekly', 'monthly'] as const) {
      const bounds = periodBounds(period, at('2026-02-17T08:00:00Z'), -3);
      expect(periodKey(period, bounds.start)).toBe(bounds.key);
      expect(periodKey(period, new Date(bounds.end.getTime() - 1))).toBe(bounds.key);
      expect(periodKey(period, bounds.end)).not.toBe(bounds.key);
    }
  });
});
