// The run-level numbers of run_manifest.json and run_summary.md, computed the way maestro-cli's
// scheduler computes them (same order of float additions, so the same bits).
import type { TaskResultRecord } from './task-result-record.ts';

export interface RunTotals {
  /** Sum of the durations of tasks that were not skipped. */
  sequentialDurationSec: number;
  /** Share of the sequential time saved by running in parallel, 0 when nothing was saved. */
  parallelismSavingsPct: number;
  /** null when no task reported a cost. */
  totalCostUsd: number | null;
  /** null when no task reported token usage. */
  totalTokens: number | null;
}

type TotalsInput = Pick<TaskResultRecord, 'status' | 'duration_sec' | 'cost_usd' | 'token_usage'>;

/** Totals over `results` (in manifest order) for a run that took `wallDurationSec`. */
export function computeRunTotals(results: Iterable<TotalsInput>, wallDurationSec: number): RunTotals {
  let sequentialDurationSec = 0;
  let totalCostUsd: number | null = null;
  let totalTokens: number | null = null;
  for (const result of results) {
    if (result.status !== 'skipped') sequentialDurationSec += result.duration_sec;
    if (result.cost_usd !== null) totalCostUsd = (totalCostUsd ?? 0) + result.cost_usd;
    if (result.token_usage !== null) totalTokens = (totalTokens ?? 0) + result.token_usage.total_tokens;
  }
  const saved = sequentialDurationSec > wallDurationSec && wallDurationSec > 0;
  const parallelismSavingsPct = saved
    ? ((sequentialDurationSec - wallDurationSec) / sequentialDurationSec) * 100
    : 0;
  return { sequentialDurationSec, parallelismSavingsPct, totalCostUsd, totalTokens };
}
