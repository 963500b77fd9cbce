// The decision rule, stated once. Seed B documented "quorum 3, threshold 2/3" but never coded it, and
// its two modules disagreed on the threshold; here:
//
// - Valid members: members whose final reply is ok. Quorum is met when the number of valid members is
//   at least `quorum`; otherwise the status is `no_quorum`. A member that answered without a comparable
//   position still counts: it answered, so it neither vanishes nor shrinks the council.
// - Vote basis (answers are extractable): valid members are grouped by equal position; a member without
//   a position is in no group, so it counts as not agreeing. Consensus when largest group / valid
//   members ≥ threshold and no other group is as large (a tie is never a consensus). `support` is that
//   share, `margin` the votes between the two largest groups.
// - Ranking basis (free-form answers): consensus when the top-ranked response is ranked first by at
//   least `threshold` of the valid ballots and at least `quorum` ballots are valid. `support` is that
//   share of first places, `margin` the first places between the top two responses.
// - Basis: `free` always ranks; an explicit kind votes unless no answer yields a position (then the
//   rankings decide instead of being discarded); `auto` votes when more than half of the ok final replies
//   yield a position, else ranks.
// - Threshold: a decimal or a percent rounds a fraction (0.67 and 67% stand for 2/3), so a share within
//   0.005 below it reaches it; a threshold written as a fraction (`2/3`) is compared exactly.
import { positionKey } from './extract-answer.ts';
import type { AnswerKind, ConsensusResult, Position, PositionGroup, RankingAggregate } from './types.ts';

export interface FinalReply {
  memberId: string;
  ok: boolean;
  position: Position | null;
}

export interface ConsensusInput {
  finals: readonly FinalReply[];
  answerKind: AnswerKind;
  quorum: number;
  threshold: number;
  /** The threshold as written (`2/3`, `0.67`, `67%`): how reasons print it, and whether it is exact. */
  thresholdText?: string;
  /** Null when the ranking stage did not run. */
  ranking: RankingAggregate | null;
}

// Guards an exact comparison against 2/3 being stored as 0.6666…7 while 2 of 3 is 0.6666…5.
const EPSILON = 1e-9;
// A rounded threshold (0.67, 67%) stands for the fraction it rounds; two decimals are within this of it.
const ROUNDING_TOLERANCE = 0.005;

export function decideConsensus(input: ConsensusInput): ConsensusResult {
  const okFinals = input.finals.filter((final) => final.ok);
  const withPosition = okFinals.filter((final) => final.position !== null);
  const basis = chooseBasis(input.answerKind, okFinals.length, withPosition.length);
  const base: Base = {
    basis,
    quorum: input.quorum,
    threshold: input.threshold,
    validMemberIds: okFinals.map((final) => final.memberId),
  };
  const threshold = thresholdRule(input.threshold, input.thresholdText);
  const groups = basis === 'vote' ? groupPositions(withPosition) : [];
  if (okFinals.length < input.quorum) {
    return {
      ...base,
      status: 'no_quorum',
      groups,
      leadingPosition: null,
      leadingLabel: null,
      support: 0,
      margin: 0,
      reason: `${okFinals.length} valid ${okFinals.length === 1 ? 'answer' : 'answers'}, quorum is ${input.quorum}`,
    };
  }
  return basis === 'vote'
    ? byVote(base, groups, okFinals.length, threshold)
    : byRanking(base, input.ranking, threshold);
}

function chooseBasis(kind: AnswerKind, okCount: number, positionCount: number): 'vote' | 'ranking' {
  if (kind === 'free' || positionCount === 0) return 'ranking';
  if (kind !== 'auto') return 'vote';
  return positionCount * 2 > okCount ? 'vote' : 'ranking';
}

type Base = Pick<ConsensusResult, 'basis' | 'quorum' | 'threshold' | 'validMemberIds'>;

interface ThresholdRule {
  reaches: (share: number) => boolean;
  /** As written when it was written, else rounded to three decimals. */
  text: string;
}

function thresholdRule(threshold: number, text: string | undefined): ThresholdRule {
  const written = text?.trim();
  const tolerance = written === undefined || !written.includes('/') ? ROUNDING_TOLERANCE : EPSILON;
  return {
    reaches: (share) => share + tolerance >= threshold,
    text: written || String(Math.round(threshold * 1000) / 1000),
  };
}

function byVote(
  base: Base,
  groups: PositionGroup[],
  validCount: number,
  threshold: ThresholdRule,
): ConsensusResult {
  const largest = groups[0] as PositionGroup;
  const runnerUp = groups[1]?.memberIds.length ?? 0;
  const size = largest.memberIds.length;
  const support = size / validCount;
  const tie = runnerUp === size;
  const reached = !tie && threshold.reaches(support);
  const positionless = validCount - groups.reduce((sum, group) => sum + group.memberIds.length, 0);
  const share = `${size} of ${validCount}`;
  const without = positionless > 0 ? ` (${positionless} without a comparable answer)` : '';
  return {
    ...base,
    status: reached ? 'consensus' : 'no_consensus',
    groups,
    leadingPosition: tie ? null : largest.position,
    leadingLabel: null,
    support,
    margin: size - runnerUp,
    reason: tie
      ? `tie: two positions have ${size} of ${validCount} votes each${without}`
      : reached
        ? `${share} valid members agree on ${largest.position.value}${without}, threshold ${threshold.text}`
        : `the largest group (${share}${without}) is below the threshold ${threshold.text}`,
  };
}

function byRanking(base: Base, ranking: RankingAggregate | null, threshold: ThresholdRule): ConsensusResult {
  const entries = ranking?.entries ?? [];
  const ballots = ranking?.validBallots ?? 0;
  const top = entries[0];
  const noDecision = { ...base, groups: [], leadingPosition: null, support: 0, margin: 0 };
  if (!top || ballots === 0) {
    return { ...noDecision, status: 'no_consensus', leadingLabel: null, reason: 'no valid rankings' };
  }
  const firsts = top.firstPlaceVotes;
  const runnerUp = Math.max(0, ...entries.slice(1).map((entry) => entry.firstPlaceVotes));
  const support = firsts / ballots;
  if (ballots < base.quorum) {
    return {
      ...noDecision,
      status: 'no_consensus',
      leadingLabel: top.label,
      support,
      margin: firsts - runnerUp,
      reason: `only ${ballots} valid rankings, quorum is ${base.quorum}`,
    };
  }
  const reached = firsts > runnerUp && threshold.reaches(support);
  return {
    ...noDecision,
    status: reached ? 'consensus' : 'no_consensus',
    leadingLabel: top.label,
    support,
    margin: firsts - runnerUp,
    reason: reached
      ? `Response ${top.label} ranked first by ${firsts} of ${ballots} rankers, threshold ${threshold.text}`
      : `Response ${top.label} leads but is ranked first by only ${firsts} of ${ballots} rankers`,
  };
}

/** Groups of equal positions, largest first, ties ordered by position key. */
export function groupPositions(finals: readonly FinalReply[]): PositionGroup[] {
  const groups = new Map<string, PositionGroup>();
  for (const final of finals) {
    if (final.position === null) continue;
    const key = positionKey(final.position);
    const group = groups.get(key) ?? { position: final.position, memberIds: [] };
    group.memberIds.push(final.memberId);
    groups.set(key, group);
  }
  return [...groups.values()].sort(
    (left, right) =>
      right.memberIds.length - left.memberIds.length ||
      compareText(positionKey(left.position), positionKey(right.position)),
  );
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
