// run_summary.md in maestro-cli's layout (field table, task table, timeline by waves, then test counts,
// retried and failed tasks), plus Maestro's "Skipped" column giving each skipped task's reason.
import { writeFileSync } from 'node:fs';
import { formatFixed, formatPythonDuration, formatThousands } from './python-format.ts';
import { formatPythonIsoTime } from './python-time.ts';
import type { RunSummaryInput, SummaryTaskResult } from './run-summary-input.ts';
import { failedTaskLines, retriedTaskLines, testResultLines } from './run-summary-sections.ts';
import { computeWaves } from './summary-waves.ts';

export {
  formatEngineLabel,
  type RunSummaryInput,
  type SummaryTask,
  type SummaryTaskResult,
} from './run-summary-input.ts';

const NONE = '---';

/** The text of run_summary.md for `input`. */
export function renderRunSummary(input: RunSummaryInput): string {
  const tasks = input.tasks.flatMap((task) => {
    const result = input.results.get(task.id);
    return result === undefined ? [] : [{ task, result }];
  });
  const withResults = tasks.map(({ task, result }): [string, SummaryTaskResult] => [task.id, result]);
  const lines = [
    ...fieldTableLines(input),
    ...taskTableLines(tasks, input.includeSkipReasons ?? true),
    ...timelineLines(input),
    ...testResultLines(withResults),
    ...retriedTaskLines(withResults),
    ...failedTaskLines(withResults, input),
  ];
  return lines.join('\n');
}

/** Writes renderRunSummary(input) to `filePath`. */
export function writeRunSummary(filePath: string, input: RunSummaryInput): void {
  writeFileSync(filePath, renderRunSummary(input), 'utf8');
}

function fieldTableLines(input: RunSummaryInput): string[] {
  const counts = { ok: 0, soft: 0, failed: 0, skipped: 0 };
  for (const result of input.results.values()) {
    if (result.status === 'success' || result.status === 'dry_run') counts.ok += 1;
    else if (result.status === 'soft_failed') counts.soft += 1;
    else if (result.status === 'failed') counts.failed += 1;
    else if (result.status === 'skipped') counts.skipped += 1;
  }
  const taskParts = [`${counts.ok} ok`, ...(counts.soft ? [`${counts.soft} soft_failed`] : [])];
  taskParts.push(`${counts.failed} failed`, `${counts.skipped} skipped`);
  const duration = (input.finishedAtMicroseconds - input.startedAtMicroseconds) / 1e6;
  const lines = [
    `# Run Summary: ${input.planName}`,
    '',
    '| Field | Value |',
    '|-------|-------|',
    `| Run ID | \`${input.runId}\` |`,
    `| Status | **${input.success ? 'SUCCESS' : 'FAILED'}** |`,
    `| Duration | ${formatPythonDuration(duration)} |`,
    `| Started | ${formatPythonIsoTime(input.startedAtMicroseconds)} |`,
    `| Tasks | ${taskParts.join(' / ')} |`,
    `| Cost | ${input.totalCostUsd === null ? NONE : `$${formatFixed(input.totalCostUsd, 2)}`} |`,
    `| Tokens | ${input.totalTokens === null ? NONE : formatThousands(input.totalTokens)} |`,
  ];
  if (input.budgetUsd !== undefined && input.budgetUsd !== null) {
    lines.push(
      `| Budget | $${formatFixed(input.budgetUsd, 2)} (${input.budgetExceeded ? 'EXCEEDED' : 'OK'}) |`,
    );
  }
  if (input.sequentialDurationSec > 0) {
    lines.push(
      `| Parallelism | ${formatPythonDuration(duration)} wall / ${formatPythonDuration(input.sequentialDurationSec)} seq ` +
        `(${formatFixed(input.parallelismSavingsPct, 0)}% saved) |`,
    );
  }
  lines.push(`| Profile | ${input.executionProfile ?? 'plan'} |`, '');
  return lines;
}

function taskTableLines(
  tasks: readonly { task: { id: string; engineLabel?: string }; result: SummaryTaskResult }[],
  includeSkipReasons: boolean,
): string[] {
  const withSkips = includeSkipReasons && tasks.some(({ result }) => result.status === 'skipped');
  const lines = [
    '## Tasks',
    '',
    `| Task | Status | Duration | Cost | Tokens | Engine |${withSkips ? ' Skipped |' : ''}`,
    `|------|--------|----------|------|--------|--------|${withSkips ? '---------|' : ''}`,
  ];
  for (const { task, result } of tasks) {
    const cost = result.cost_usd === null ? NONE : `$${formatFixed(result.cost_usd, 2)}`;
    const tokens = result.token_usage === null ? NONE : formatThousands(result.token_usage.total_tokens);
    const row = `| ${task.id} | ${result.status} | ${formatPythonDuration(result.duration_sec)} | ${cost} | ${tokens} | ${task.engineLabel ?? 'shell'} |`;
    lines.push(withSkips ? `${row} ${skipReasonCell(result)} |` : row);
  }
  lines.push('');
  return lines;
}

function skipReasonCell(result: SummaryTaskResult): string {
  if (result.status !== 'skipped') return '';
  const reason = result.skip_reason ?? result.message;
  return reason.replace(/\r\n|[\r\n]/g, ' ').replaceAll('|', '\\|');
}

function timelineLines(input: RunSummaryInput): string[] {
  const waves = computeWaves(input.tasks, (taskId) => input.results.has(taskId));
  const lines = ['## Timeline', ''];
  if (waves.some((wave) => wave.length > input.maxParallel)) {
    lines.push(
      `_Waves are DAG topological levels, not runtime slots. \`max_parallel: ${input.maxParallel}\` was ` +
        'respected at runtime even when a wave lists more tasks._',
      '',
    );
  }
  waves.forEach((wave, index) => {
    const durations = wave.map((taskId) => input.results.get(taskId)!.duration_sec);
    const taskList = wave.map(
      (taskId, position) => `${taskId} (${formatPythonDuration(durations[position]!)})`,
    );
    if (wave.length > 1) {
      const wall = durations.reduce((longest, duration) => Math.max(longest, duration));
      const cpu = durations.reduce((total, duration) => total + duration, 0);
      lines.push(
        `- **Wave ${index}**: ${taskList.join(', ')} — ${formatPythonDuration(wall)} wall / ${formatPythonDuration(cpu)} CPU`,
      );
    } else {
      lines.push(`- **Wave ${index}**: ${taskList.join(', ')}`);
    }
  });
  lines.push('');
  return lines;
}
