// Per-model statistics across sessions, a pure function over sessions rebuilt from the history log:
// how often a model agrees with the council's final answer, stands alone against it, changes its mind,
// fails, and how its answers rank. Keyed by `engine:model`, so a model is followed across councils
// whatever seat (m1, m2, ...) it took; a model seated twice in one session counts twice.
import { memberKey } from './member-spec.ts';
import type { CouncilSession, DissentRecord } from './types.ts';

export interface MemberStatistics {
  /** `engine:model`, or the engine alone. */
  key: string;
  /** Seats taken (sessions, counting a model seated twice in one session twice). */
  sessions: number;
  /** Seats whose agreement with the final answer could be judged. */
  judged: number;
  agreements: number;
  /** agreements / judged, or null when never judged. */
  agreementRate: number | null;
  /** Seats where it was the only member against the final answer. */
  loneDissenter: number;
  /** Seats where it changed position at least once. */
  changedMind: number;
  /** Position changes in all (a seat can change in several rounds). */
  positionChanges: number;
  /** Seats where one of its calls failed (interruptions not counted). */
  failures: number;
  /** Seats whose answer was ranked by peers. */
  ranked: number;
  /** Mean over ranked seats of its mean rank (1 = best), or null. */
  meanRank: number | null;
  /** Seats where its answer was ranked first overall. */
  topRanked: number;
}

export function memberStatistics(sessions: readonly CouncilSession[]): MemberStatistics[] {
  const byKey = new Map<string, MemberStatistics & { rankSum: number }>();
  for (const session of sessions) {
    const rankEntries = session.ranking?.aggregate.validBallots ? session.ranking.aggregate.entries : [];
    for (const member of session.config.members) {
      const key = memberKey(member);
      const stats = byKey.get(key) ?? emptyStatistics(key);
      byKey.set(key, stats);
      const records = session.dissent.filter((record) => record.memberId === member.id);
      const last: DissentRecord | undefined = records[records.length - 1];
      stats.sessions += 1;
      if (last?.agreesWithFinal != null) {
        stats.judged += 1;
        if (last.agreesWithFinal) stats.agreements += 1;
      }
      if (last?.loneDissenter) stats.loneDissenter += 1;
      const changes = records.filter((record) => record.changed).length;
      stats.positionChanges += changes;
      if (changes > 0) stats.changedMind += 1;
      const failed = session.calls.some(
        (call) => call.memberId === member.id && !call.ok && call.error !== 'interrupted',
      );
      if (failed) stats.failures += 1;
      const entry = rankEntries.find((candidate) => candidate.memberId === member.id);
      if (entry) {
        stats.ranked += 1;
        stats.rankSum += entry.meanRank;
        if (rankEntries[0]?.memberId === member.id) stats.topRanked += 1;
      }
    }
  }
  return [...byKey.values()]
    .map(({ rankSum, ...stats }) => ({
      ...stats,
      agreementRate: stats.judged === 0 ? null : stats.agreements / stats.judged,
      meanRank: stats.ranked === 0 ? null : rankSum / stats.ranked,
    }))
    .sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
}

function emptyStatistics(key: string): MemberStatistics & { rankSum: number } {
  return {
    key,
    sessions: 0,
    judged: 0,
    agreements: 0,
    agreementRate: null,
    loneDissenter: 0,
    changedMind: 0,
    positionChanges: 0,
    failures: 0,
    ranked: 0,
    meanRank: null,
    topRanked: 0,
    rankSum: 0,
  };
}
