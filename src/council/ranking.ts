// Anonymized peer ranking, as in Karpathy's llm-council: each member ranks the final answers and ends
// with `FINAL RANKING:` and a numbered list of `Response X`. Ballots are aggregated by Borda count or
// mean rank. On complete ballots both give the same order; they differ on partial ballots: Borda gives
// a response a ballot left out no points, mean rank (Karpathy's) averages only the places it was given.
import type { RankingAggregate, RankingEntry, RankingMethod } from './types.ts';

const SECTION = /final\s+ranking\s*[*_]*\s*:?/gi;
const NUMBERED = /^\s*\d+\s*[.)]\s*[*_`]*\s*Response\s+([A-Z])\b/gim;
const MENTION = /\bResponse\s+([A-Z])\b/g;

/** Labels best first from a ranking reply; unknown labels and repeats are ignored. */
export function parseRanking(text: string, knownLabels: readonly string[]): string[] {
  const known = new Set(knownLabels);
  const sections = [...text.matchAll(SECTION)];
  const last = sections[sections.length - 1];
  const section = last ? text.slice((last.index ?? 0) + last[0].length) : undefined;
  const candidates = section === undefined ? [] : [...section.matchAll(NUMBERED)];
  const fromList = candidates.length > 0 ? candidates : [...(section ?? text).matchAll(MENTION)];
  const order: string[] = [];
  for (const match of fromList) {
    const label = match[1] as string;
    if (known.has(label) && !order.includes(label)) order.push(label);
  }
  return order;
}

export interface AggregateOptions {
  /** Valid ballots, each best first. */
  ballots: readonly (readonly string[])[];
  /** Label → member id of every ranked response. */
  labels: Readonly<Record<string, string>>;
  method: RankingMethod;
}

/**
 * Borda: a label in place p (1-based) of L labels gets L − p points, nothing where it is left out;
 * higher is better. Mean rank: the mean of the places it was given (L + 1 if never ranked); lower is
 * better. Ties are broken by label, so the result never depends on input order.
 */
export function aggregateRankings(options: AggregateOptions): RankingAggregate {
  const allLabels = Object.keys(options.labels).sort();
  const count = allLabels.length;
  const places = new Map<string, number[]>(allLabels.map((label) => [label, []]));
  const points = new Map<string, number>();
  const firsts = new Map<string, number>();
  const ballots = options.ballots.filter((ballot) => ballot.some((label) => places.has(label)));
  for (const ballot of ballots) {
    const ranked = ballot.filter((label, index) => places.has(label) && ballot.indexOf(label) === index);
    for (const [index, label] of ranked.entries()) {
      places.get(label)?.push(index + 1);
      points.set(label, (points.get(label) ?? 0) + count - (index + 1));
    }
    const first = ranked[0] as string;
    firsts.set(first, (firsts.get(first) ?? 0) + 1);
  }
  const entries: RankingEntry[] = allLabels.map((label) => {
    const labelPlaces = places.get(label) ?? [];
    const total = labelPlaces.reduce((sum, place) => sum + place, 0);
    return {
      label,
      memberId: options.labels[label] as string,
      bordaPoints: points.get(label) ?? 0,
      // Never ranked: below every place a ballot can give.
      meanRank: labelPlaces.length === 0 ? count + 1 : total / labelPlaces.length,
      firstPlaceVotes: firsts.get(label) ?? 0,
    };
  });
  entries.sort((left, right) => compareEntries(left, right, options.method));
  return { method: options.method, validBallots: ballots.length, entries };
}

function compareEntries(left: RankingEntry, right: RankingEntry, method: RankingMethod): number {
  const difference =
    method === 'borda' ? right.bordaPoints - left.bordaPoints : left.meanRank - right.meanRank;
  if (Math.abs(difference) > 1e-9) return difference;
  return left.label < right.label ? -1 : left.label > right.label ? 1 : 0;
}
