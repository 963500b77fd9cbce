// From criterion scores to one score and a verdict: `mean`, `min` or `weighted_mean` (rubric weights,
// 1 for every other criterion); pass at or above the threshold, warn at or above half of it, else fail.
import type { CriterionVerdict } from './judge-criteria.ts';
import type { JudgeAggregation } from './resolve-judge.ts';

export type JudgeVerdict = 'pass' | 'warn' | 'fail' | 'error';

export function aggregateScores(scores: readonly CriterionVerdict[], aggregation: JudgeAggregation): number {
  if (scores.length === 0) return 0;
  if (aggregation === 'min') return Math.min(...scores.map((entry) => entry.score));
  if (aggregation === 'weighted_mean') {
    const totalWeight = scores.reduce((sum, entry) => sum + Math.max(0, entry.weight), 0);
    if (totalWeight > 0) {
      return scores.reduce((sum, entry) => sum + entry.score * Math.max(0, entry.weight), 0) / totalWeight;
    }
  }
  return scores.reduce((sum, entry) => sum + entry.score, 0) / scores.length;
}

export function verdictForScore(score: number, threshold: number): JudgeVerdict {
  // Rounded so that 0.7 computed as 0.69999999 still passes a 0.7 threshold.
  const rounded = Math.round(score * 1e9) / 1e9;
  if (rounded >= threshold) return 'pass';
  if (rounded >= threshold / 2) return 'warn';
  return 'fail';
}

export function roundScore(score: number): number {
  return Math.round(score * 10_000) / 10_000;
}
