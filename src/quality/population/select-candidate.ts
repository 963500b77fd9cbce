// Picking one candidate of a population. Ties go to the earlier candidate in the list.
// - best: the highest judge score among candidates that passed the other gates (with no judge, every
//   candidate that passes the gates scores the same, so the first of them wins);
// - first_passing: the first candidate, in list order, that passes every gate;
// - majority: the answer most candidates gave, compared after normalising (trimmed, whitespace collapsed,
//   case folded); the first candidate that gave it is kept.

export interface CandidateStanding {
  /** 1-based. */
  index: number;
  /** The engine call succeeded (and verify_command, if any). */
  ran: boolean;
  /** Passed the quality gates; undefined when they were not run for it. */
  passedGates?: boolean;
  /** Passed every gate but the judge (best ranks only these, when there are any). */
  passedOtherGates?: boolean;
  /** The judge's score, when a judge ran. */
  score?: number | null;
  output: string;
}

export interface Selection {
  index: number;
  reason: string;
}

export function normalizeAnswer(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function selectBest(standings: readonly CandidateStanding[]): Selection {
  const ran = standings.filter((standing) => standing.ran);
  if (ran.length === 0) return { index: standings[0]?.index ?? 1, reason: 'no candidate ran successfully' };
  const eligible = ran.filter((standing) => standing.passedOtherGates !== false);
  const pool = eligible.length > 0 ? eligible : ran;
  let best = pool[0]!;
  for (const standing of pool) if ((standing.score ?? -1) > (best.score ?? -1)) best = standing;
  const basis =
    best.score === undefined || best.score === null
      ? 'no judge score: the first candidate that passed the gates'
      : `highest judge score ${best.score}`;
  return {
    index: best.index,
    reason: eligible.length > 0 ? basis : `${basis} (no candidate passed the other gates)`,
  };
}

export function selectFirstPassing(standings: readonly CandidateStanding[]): Selection {
  const passing = standings.find((standing) => standing.ran && standing.passedGates === true);
  if (passing) return { index: passing.index, reason: 'first candidate that passed the gates' };
  const ran = standings.find((standing) => standing.ran);
  return {
    index: ran?.index ?? standings[0]?.index ?? 1,
    reason: 'no candidate passed the gates; the first that ran is kept',
  };
}

export function selectMajority(standings: readonly CandidateStanding[]): Selection & { votes: number } {
  const groups = new Map<string, CandidateStanding[]>();
  for (const standing of standings) {
    if (!standing.ran) continue;
    const key = normalizeAnswer(standing.output);
    groups.set(key, [...(groups.get(key) ?? []), standing]);
  }
  let winner: CandidateStanding[] | undefined;
  for (const group of groups.values()) {
    if (!winner || group.length > winner.length) winner = group;
  }
  if (!winner) return { index: standings[0]?.index ?? 1, votes: 0, reason: 'no candidate ran successfully' };
  const ran = [...groups.values()].reduce((sum, group) => sum + group.length, 0);
  return {
    index: winner[0]!.index,
    votes: winner.length,
    reason: `${winner.length} of ${ran} candidates gave this answer`,
  };
}
