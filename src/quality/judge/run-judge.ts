// One judge evaluation of an attempt's output: typed criteria scored locally (no model call when every
// criterion is typed), the others by `quorum` independent judges (in parallel), each judge's criteria
// aggregated into its score and verdict; a quorum passes by `quorum_strategy` (majority, unanimous, any)
// with the mean score of the judges that answered.

import { type AskJudge, evaluateModelCriteria } from './evaluate-model-criteria.ts';
import {
  type CriterionVerdict,
  isModelCriterion,
  type ModelCriterion,
  type TypedCriterion,
} from './judge-criteria.ts';
import type { JudgeSubject } from './judge-prompts.ts';
import { aggregateScores, type JudgeVerdict, roundScore, verdictForScore } from './judge-score.ts';
import type { ResolvedJudge } from './resolve-judge.ts';
import { scoreTypedCriterion, type TypedCriterionFacts } from './score-typed-criterion.ts';

export interface JudgeSeatResult {
  judge: number;
  verdict: JudgeVerdict;
  score: number | null;
  error?: string;
}

export interface JudgeResult {
  verdict: JudgeVerdict;
  /** Aggregated 0-1 score; null when no judge could answer. */
  score: number | null;
  threshold: number;
  method: ResolvedJudge['method'];
  aggregation: ResolvedJudge['aggregation'];
  criteria: CriterionVerdict[];
  reasoning: string;
  evalSteps: string[];
  /** Each judge of a quorum. */
  judges?: JudgeSeatResult[];
  quorum?: { size: number; strategy: ResolvedJudge['quorumStrategy']; passes: number };
  /** Why the verdict is `error`. */
  error?: string;
  /** Whether a model was asked (false: every criterion was typed, scored at no cost). */
  usedModel: boolean;
}

export async function runJudge(
  judge: ResolvedJudge,
  subject: JudgeSubject,
  facts: TypedCriterionFacts,
  ask: AskJudge,
): Promise<JudgeResult> {
  const typed = judge.criteria.filter((criterion): criterion is TypedCriterion => criterion.kind === 'typed');
  const modelCriteria = judge.criteria.filter(isModelCriterion);
  const typedScores = await Promise.all(typed.map((criterion) => scoreTypedCriterion(criterion, facts)));
  const base = {
    threshold: judge.passThreshold,
    method: judge.method,
    aggregation: judge.aggregation,
  };
  if (modelCriteria.length === 0) {
    const score = aggregateScores(typedScores, judge.aggregation);
    return {
      ...base,
      verdict: verdictForScore(score, judge.passThreshold),
      score: roundScore(score),
      criteria: typedScores,
      reasoning: summarizeTyped(typedScores),
      evalSteps: [],
      usedModel: false,
    };
  }

  const seats = Array.from({ length: judge.quorum }, (_, index) => index + 1);
  const evaluations = await Promise.all(
    seats.map((index) =>
      evaluateModelCriteria(
        judge,
        subject,
        modelCriteria,
        { index, of: judge.quorum, diverse: judge.quorumDiversity },
        ask,
      ),
    ),
  );
  const perJudge = evaluations.map((evaluation, index) => {
    if (!evaluation.ok) return { judge: index + 1, error: evaluation.error } as const;
    const criteria = judge.criteria.map(
      (criterion) =>
        typedScores.find((entry) => entry.key === criterion.key) ??
        modelVerdict(criterion as ModelCriterion, evaluation.scores.get(criterion.key)!),
    );
    const score = aggregateScores(criteria, judge.aggregation);
    return {
      judge: index + 1,
      criteria,
      score,
      verdict: verdictForScore(score, judge.passThreshold),
      reasoning: evaluation.reasoning,
      evalSteps: evaluation.evalSteps,
    } as const;
  });

  const answered = perJudge.filter(
    (entry): entry is Extract<(typeof perJudge)[number], { score: number }> => !('error' in entry),
  );
  // No model verdict: the typed scores stand, with the error that kept the judges from answering.
  const errored = (
    error: string | undefined,
  ): Pick<
    JudgeResult,
    'verdict' | 'score' | 'criteria' | 'reasoning' | 'evalSteps' | 'error' | 'usedModel'
  > => ({
    verdict: 'error',
    score: null,
    criteria: typedScores,
    reasoning: '',
    evalSteps: [],
    error,
    usedModel: true,
  });
  if (judge.quorum === 1) {
    const only = perJudge[0]!;
    if ('error' in only) return { ...base, ...errored(only.error) };
    return {
      ...base,
      verdict: only.verdict,
      score: roundScore(only.score),
      criteria: only.criteria,
      reasoning: only.reasoning,
      evalSteps: only.evalSteps,
      usedModel: true,
    };
  }

  const judges: JudgeSeatResult[] = perJudge.map((entry) =>
    'error' in entry
      ? { judge: entry.judge, verdict: 'error', score: null, error: entry.error }
      : { judge: entry.judge, verdict: entry.verdict, score: roundScore(entry.score) },
  );
  const passes = judges.filter((entry) => entry.verdict === 'pass').length;
  const quorum = { size: judge.quorum, strategy: judge.quorumStrategy, passes };
  if (answered.length === 0) {
    const errors = judges.map((entry) => `judge ${entry.judge}: ${entry.error}`).join('; ');
    return { ...base, ...errored(errors), judges, quorum };
  }
  const reached =
    judge.quorumStrategy === 'unanimous'
      ? passes === judge.quorum
      : judge.quorumStrategy === 'any'
        ? passes >= 1
        : passes * 2 > judge.quorum;
  const score = answered.reduce((sum, entry) => sum + entry.score, 0) / answered.length;
  return {
    ...base,
    verdict: reached ? 'pass' : 'fail',
    score: roundScore(score),
    criteria: meanCriteria(
      judge.criteria.map((criterion) => criterion.key),
      answered.map((entry) => entry.criteria),
    ),
    reasoning: answered
      .map(
        (entry) => `judge ${entry.judge} (${entry.verdict}, ${roundScore(entry.score)}): ${entry.reasoning}`,
      )
      .join('\n'),
    evalSteps: answered.flatMap((entry) => entry.evalSteps.map((step) => `judge ${entry.judge}: ${step}`)),
    judges,
    quorum,
    usedModel: true,
  };
}

function modelVerdict(
  criterion: ModelCriterion,
  parsed: { score: number; passed: boolean; reasoning: string; level?: number },
): CriterionVerdict {
  return {
    key: criterion.key,
    criterion: criterion.label,
    kind: criterion.kind,
    passed: parsed.passed,
    score: roundScore(parsed.score),
    weight: criterion.weight,
    reasoning: parsed.reasoning,
    ...(parsed.level !== undefined ? { level: parsed.level } : {}),
  };
}

// A quorum's criterion: the mean score, passed when most judges passed it.
function meanCriteria(keys: string[], lists: readonly (readonly CriterionVerdict[])[]): CriterionVerdict[] {
  return keys.map((key) => {
    const entries = lists.map((list) => list.find((entry) => entry.key === key)!);
    const first = entries[0]!;
    const passedCount = entries.filter((entry) => entry.passed).length;
    return {
      ...first,
      score: roundScore(entries.reduce((sum, entry) => sum + entry.score, 0) / entries.length),
      passed: passedCount * 2 > entries.length,
      reasoning:
        entries.length === 1
          ? first.reasoning
          : entries.map((entry, index) => `[${index + 1}] ${entry.reasoning}`).join(' '),
    };
  });
}

function summarizeTyped(scores: readonly CriterionVerdict[]): string {
  const failed = scores.filter((entry) => !entry.passed);
  if (failed.length === 0) return `all ${scores.length} typed criteria passed`;
  return `${failed.length} of ${scores.length} typed criteria failed: ${failed.map((entry) => `${entry.criterion} (${entry.reasoning})`).join('; ')}`;
}
