// The optional closing sections of run_summary.md: test counts, tasks that recovered after retries, and
// failed tasks with their error and output tail. Wording and layout follow maestro-cli's `_write_summary`.
import { relative, sep } from 'node:path';
import { formatPythonDuration } from './python-format.ts';
import type { RunSummaryInput, SummaryTaskResult } from './run-summary-input.ts';
import { extractTestSummary } from './test-output-summary.ts';

type TaskWithResult = [taskId: string, result: SummaryTaskResult];

export function testResultLines(tasks: readonly TaskWithResult[]): string[] {
  const found = tasks.flatMap(([taskId, result]) => {
    const summary = result.stdout_tail ? extractTestSummary(result.stdout_tail) : undefined;
    return summary ? [`- **${taskId}**: ${summary}`] : [];
  });
  return found.length === 0 ? [] : ['## Test Results', '', ...found, ''];
}

export function retriedTaskLines(tasks: readonly TaskWithResult[]): string[] {
  const recovered = tasks.filter(
    ([, result]) =>
      (result.status === 'success' || result.status === 'soft_failed') && result.failure_history.length > 0,
  );
  if (recovered.length === 0) return [];
  const lines = [
    '## Retried Tasks',
    '',
    'Tasks that recovered after one or more failed attempts. The `verify_tail` shows what each failed attempt ' +
      'saw — useful for understanding what the agent corrected without diffing log files.',
    '',
  ];
  for (const [taskId, result] of recovered) {
    lines.push(
      `### ${taskId} — ${result.failure_history.length} failed attempt(s) before ${result.status}`,
      '',
    );
    for (const failure of result.failure_history) {
      const duration = failure.duration_sec > 0 ? `, ${formatPythonDuration(failure.duration_sec)}` : '';
      const exitCode = failure.exit_code === null ? 'None' : String(failure.exit_code);
      const message = [...failure.message].slice(0, 200).join('');
      lines.push(
        `- **Attempt ${failure.attempt}** (exit ${exitCode}, ${failure.category}${duration}): ${message}`,
      );
      if (failure.verify_tail) {
        lines.push('  ```', ...splitPythonLines(failure.verify_tail).map((line) => `  ${line}`), '  ```');
      }
    }
    lines.push('');
  }
  return lines;
}

export function failedTaskLines(tasks: readonly TaskWithResult[], input: RunSummaryInput): string[] {
  const failed = tasks.filter(([, result]) => result.status === 'failed');
  if (failed.length === 0) return [];
  const lines = ['## Failed Tasks', ''];
  for (const [taskId, result] of failed) {
    lines.push(`### ${taskId}`, '');
    if (result.message) lines.push(`**Error**: ${result.message}`, '');
    lines.push(`**Log**: \`${relativeToRun(result.log_path, input.runPath)}\``, '');
    if (result.stdout_tail) {
      const tail = splitPythonLines(result.stdout_tail.trim()).slice(-5);
      lines.push('**Output tail**:', '```', ...tail, '```', '');
    }
  }
  return lines;
}

// Python's Path.relative_to: the path below the run directory, or the path unchanged when outside it.
function relativeToRun(logPath: string, runPath: string): string {
  const root = runPath.endsWith(sep) ? runPath.slice(0, -1) : runPath;
  return logPath.startsWith(root + sep) ? relative(root, logPath) : logPath;
}

// Python's str.splitlines(): every line boundary Python knows, no trailing empty line.
function splitPythonLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
