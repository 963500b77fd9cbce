// Counting a run's records: the totals of run_complete and whether the run succeeded. A run succeeds when
// every task has a record, none failed or was cancelled, and no skip came from a refusal (approval,
// budget, fail_fast, ...): only `when` conditions and --only/--skip filters are benign skips.
import { benignSkipKinds, type TaskRecord } from './task-record.ts';

export interface RunCounts {
  ok: number;
  soft_failed: number;
  failed: number;
  skipped: number;
  cancelled: number;
  dry_run: number;
}

export function summarizeRecords(
  records: TaskRecord[],
  taskCount: number,
): { counts: RunCounts; success: boolean; costUsd: number | null; tokens: number | null } {
  const counts: RunCounts = { ok: 0, soft_failed: 0, failed: 0, skipped: 0, cancelled: 0, dry_run: 0 };
  let harmfulSkips = 0;
  let costUsd: number | null = null;
  let tokens: number | null = null;
  for (const record of records) {
    switch (record.status) {
      case 'success':
        counts.ok += 1;
        break;
      case 'skipped':
        counts.skipped += 1;
        if (!record.skipKind || !benignSkipKinds.has(record.skipKind)) harmfulSkips += 1;
        break;
      default:
        counts[record.status] += 1;
    }
    if (record.costUsd !== null) costUsd = (costUsd ?? 0) + record.costUsd;
    if (record.tokenUsage) tokens = (tokens ?? 0) + record.tokenUsage.total_tokens;
  }
  const success =
    records.length === taskCount && counts.failed === 0 && counts.cancelled === 0 && harmfulSkips === 0;
  return { counts, success, costUsd: costUsd === null ? null : Math.round(costUsd * 1e6) / 1e6, tokens };
}
