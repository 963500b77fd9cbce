import { describe, expect, it } from 'vitest';
import { hasPython, runPython } from '../../test/store/support/python.ts';
import { formatFixed, formatPythonDuration, formatThousands, pythonRound } from './python-format.ts';
import { formatPythonIsoTime, formatRunIdTime } from './python-time.ts';

describe('formatFixed', () => {
  it('rounds exact ties to even like Python, everything else like toFixed', () => {
    expect(formatFixed(0.5, 0)).toBe('0');
    expect(formatFixed(1.5, 0)).toBe('2');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(0.125, 2)).toBe('0.12');
    expect(formatFixed(0.375, 2)).toBe('0.38');
    expect(formatFixed(1.005, 2)).toBe('1.00');
    expect(formatFixed(1.015, 2)).toBe('1.01');
    expect(formatFixed(0.08280000000000001, 2)).toBe('0.08');
    expect(formatFixed(16.441473635112047, 0)).toBe('16');
    expect(formatFixed(-0.4, 0)).toBe('-0');
    expect(formatFixed(1e21, 2)).toBe('1000000000000000000000.00');
  });

  it.skipIf(!hasPython)('matches Python format() on random values and halves', () => {
    const values = Array.from({ length: 500 }, (_, index) =>
      index % 2 ? Math.round(Math.random() * 4000) / 8 : Math.random() * 10 ** ((index % 7) - 2),
    );
    const expected = runPython(
      'import sys\nfor v in sys.stdin.read().split():\n    x = float(v)\n    print(format(x, ".0f"), format(x, ".2f"), round(x, 3))',
      values.map((value) => value.toPrecision(17)).join('\n'),
    );
    const actual = values.map(
      (value) => `${formatFixed(value, 0)} ${formatFixed(value, 2)} ${pythonRound(value, 3)}`,
    );
    expect(actual).toEqual(
      expected
        .trim()
        .split('\n')
        .map((line) => line.replace(/ (\S+)$/, (_, rounded: string) => ` ${Number(rounded)}`)),
    );
  });
});

describe('formatThousands', () => {
  it('groups digits like {:,}', () => {
    expect(formatThousands(0)).toBe('0');
    expect(formatThousands(1550)).toBe('1,550');
    expect(formatThousands(1234567)).toBe('1,234,567');
    expect(formatThousands(-1234)).toBe('-1,234');
    expect(formatThousands(1234.5)).toBe('1,234.5');
  });
});

describe('formatPythonDuration', () => {
  it('formats seconds like maestro-cli', () => {
    expect(formatPythonDuration(0.222137)).toBe('0s');
    expect(formatPythonDuration(2.5)).toBe('2s');
    expect(formatPythonDuration(59.4)).toBe('59s');
    expect(formatPythonDuration(59.6)).toBe('60s');
    expect(formatPythonDuration(187.9)).toBe('3m07s');
  });
});

describe('Python timestamps', () => {
  const instant = Date.UTC(2026, 10, 21, 12, 27, 16) * 1000 + 565447;

  it('formats isoformat() with microseconds, dropping a zero fraction as Python does', () => {
    expect(formatPythonIsoTime(instant)).toBe('2026-11-21T12:27:16.565447+00:00');
    expect(formatPythonIsoTime(instant + 1)).toBe('2026-11-21T12:27:16.565448+00:00');
    expect(formatPythonIsoTime(instant - 565447)).toBe('2026-11-21T12:27:16+00:00');
    expect(formatPythonIsoTime(instant - 565000)).toBe('2026-11-21T12:27:16.000447+00:00');
  });

  it('formats the time part of run ids', () => {
    expect(formatRunIdTime(instant)).toBe('20261121_122716_565447');
    expect(formatRunIdTime(instant - 565447)).toBe('20261121_122716_000000');
  });
});
