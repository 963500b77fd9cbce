// What the judge's verdict says to the next attempt (on_fail: retry), to the log and to result.json.
import type { JudgeResult } from './run-judge.ts';

const maxReasoningChars = 600;

/** Feedback for the retry prompt: the score, each criterion not met with the judge's reasons, and the
 * overall reasoning. */
export function judgeFeedback(result: JudgeResult): string {
  const lines: string[] = [];
  if (result.verdict === 'error') {
    lines.push(`The quality judge could not evaluate your answer (${result.error ?? 'unknown error'}).`);
  } else {
    lines.push(
      `The quality judge scored your answer ${formatScore(result.score)} (it needs ${result.threshold}): verdict ${result.verdict}.`,
    );
  }
  const unmet = result.criteria.filter((criterion) => !criterion.passed);
  if (unmet.length > 0) {
    lines.push('Criteria not met:');
    for (const criterion of unmet) {
      lines.push(
        `- ${criterion.criterion} (score ${formatScore(criterion.score)}): ${clip(criterion.reasoning)}`,
      );
    }
  }
  if (result.reasoning.trim()) lines.push(`Judge's reasoning: ${clip(result.reasoning.trim())}`);
  lines.push('Revise your answer so that it meets every criterion.');
  return lines.join('\n');
}

/** The `[judge] verdict=...` line of the task log. */
export function judgeLogLine(result: JudgeResult, onFail: string): string {
  const quorum = result.quorum
    ? ` quorum=${result.quorum.passes}/${result.quorum.size} (${result.quorum.strategy})`
    : '';
  return `[judge] verdict=${result.verdict} score=${formatScore(result.score)} threshold=${result.threshold} method=${result.method}${quorum} on_fail=${onFail}`;
}

/** result.json's `judge_result`, with maestro-cli's field names. */
export function judgeResultRecord(
  result: JudgeResult,
  previousScore: number | null,
): Record<string, unknown> {
  return {
    verdict: result.verdict,
    overall_score: result.score,
    criterion_scores: result.criteria.map((criterion) => ({
      criterion: criterion.criterion,
      kind: criterion.kind,
      passed: criterion.passed,
      score: criterion.score,
      reasoning: criterion.reasoning,
      ...(criterion.level !== undefined ? { level: criterion.level } : {}),
    })),
    reasoning: result.reasoning,
    eval_steps: result.evalSteps,
    previous_score: previousScore,
    threshold: result.threshold,
    method: result.method,
    aggregation: result.aggregation,
    ...(result.judges ? { judges: result.judges } : {}),
    ...(result.error ? { error: result.error } : {}),
  };
}

function formatScore(score: number | null): string {
  return score === null ? 'n/a' : score.toFixed(2);
}

function clip(text: string): string {
  return text.length > maxReasoningChars ? `${text.slice(0, maxReasoningChars)}…` : text;
}
