// Per-model statistics as a table (text or markdown) or JSON, for `council stats`.
import type { MemberStatistics } from './history-stats.ts';
import { type RenderFormat, stableStringify } from './render-session.ts';

const COLUMNS = [
  'model',
  'seats',
  'agreement',
  'lone dissent',
  'changed mind',
  'failures',
  'mean rank',
  'top ranked',
];

export function renderStatistics(statistics: readonly MemberStatistics[], format: RenderFormat): string {
  if (format === 'json') return `${stableStringify(statistics)}\n`;
  const rows = statistics.map((stats) => [
    stats.key,
    String(stats.sessions),
    stats.agreementRate === null ? '-' : `${Math.round(stats.agreementRate * 100)}% of ${stats.judged}`,
    String(stats.loneDissenter),
    String(stats.changedMind),
    String(stats.failures),
    stats.meanRank === null ? '-' : (Math.round(stats.meanRank * 100) / 100).toString(),
    String(stats.topRanked),
  ]);
  if (format === 'markdown') {
    return `${[COLUMNS, COLUMNS.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n')}\n`;
  }
  const widths = COLUMNS.map((column, index) =>
    Math.max(column.length, ...rows.map((row) => row[index]?.length ?? 0)),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(COLUMNS), ...rows.map(line)].join('\n')}\n`;
}
