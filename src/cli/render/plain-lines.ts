// Line-per-event output for logs and pipes (and the lines a live view leaves behind), in maestro-cli's
// shape: `[3/7] OK      build (1.2s)`. Records reach the view with their texts already secret-masked.
import pc from 'picocolors';
import type { RunOutcome, TaskRecord } from '../../run/index.ts';

const statusLabels: Record<string, string> = {
  success: 'OK',
  failed: 'FAILED',
  soft_failed: 'SOFTFAIL',
  skipped: 'SKIPPED',
  cancelled: 'CANCEL',
  dry_run: 'DRYRUN',
};

export function clock(date = new Date()): string {
  return date.toISOString().slice(11, 19);
}

export function formatSeconds(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  if (seconds < 120) return `${Math.round(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
}

export function formatCost(cost: number | null): string {
  return cost === null ? '' : ` $${cost.toFixed(4)}`;
}

export function taskLine(record: TaskRecord, done: number, total: number): string {
  const label = (statusLabels[record.status] ?? record.status.toUpperCase()).padEnd(8);
  const colour =
    record.status === 'success' || record.status === 'dry_run'
      ? pc.green
      : record.status === 'skipped'
        ? pc.yellow
        : record.status === 'soft_failed'
          ? pc.magenta
          : pc.red;
  const detail =
    record.status === 'skipped'
      ? ` — ${record.message}`
      : record.status === 'success' || record.status === 'dry_run'
        ? record.retryCount > 0
          ? ` after ${record.retryCount} retr${record.retryCount === 1 ? 'y' : 'ies'}`
          : ''
        : ` — ${record.message}`;
  const resumed = record.resumedFrom ? ' (carried over)' : '';
  return `[${done}/${total}] ${colour(label)}${record.taskId} (${formatSeconds(record.durationSec)})${formatCost(record.costUsd)}${resumed}${detail}`;
}

export function finalLine(outcome: RunOutcome, total: number): string {
  const { counts } = outcome;
  const verdict = outcome.interrupted
    ? pc.red('INTERRUPTED')
    : outcome.success
      ? pc.green(counts.dry_run > 0 && counts.ok === 0 ? 'DRY-RUN' : 'SUCCESS')
      : pc.red('FAILED');
  const parts = [`${counts.ok} ok`, `${counts.failed} failed`, `${counts.skipped} skipped`];
  if (counts.soft_failed) parts.push(`${counts.soft_failed} soft-failed`);
  if (counts.cancelled) parts.push(`${counts.cancelled} cancelled`);
  if (counts.dry_run) parts.push(`${counts.dry_run} dry-run`);
  const done = outcome.records.length;
  return `[${done}/${total}] ${verdict} ${parts.join(' / ')} (${formatSeconds(outcome.durationSec)} wall)${formatCost(outcome.costUsd)}`;
}

const stopLabels: Record<string, string> = {
  budget: 'the budget was exceeded',
  circuit_breaker: 'the circuit breaker tripped',
};
const listedIds = 20;

/**
 * `not started because the budget was exceeded: c, d` — the tasks a budget or circuit breaker stop left
 * unstarted, one line per stop kind; empty when there were none.
 */
export function notStartedLines(outcome: RunOutcome): string[] {
  const byKind = new Map<string, string[]>();
  for (const record of outcome.records) {
    const kind = record.skipKind;
    if (record.status !== 'skipped' || kind === undefined || !(kind in stopLabels)) continue;
    const ids = byKind.get(kind);
    if (ids) ids.push(record.taskId);
    else byKind.set(kind, [record.taskId]);
  }
  return [...byKind].map(([kind, ids]) => {
    const shown = ids.slice(0, listedIds).join(', ');
    const more = ids.length > listedIds ? ` and ${ids.length - listedIds} more` : '';
    return pc.yellow(`not started because ${stopLabels[kind]}: ${shown}${more}`);
  });
}
