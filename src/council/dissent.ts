// Dissent per member and round, so a session shows who held out, who moved and who stood alone, and
// history can count it across sessions. Agreement is judged on extracted positions; on the vote basis a
// member that answered without one does not agree with the final answer (it neither vanishes from the
// record nor counts as agreeing). For free-form answers (ranking basis) the last round's agreement is
// whether the member ranked the winner first.
import { positionKey } from './extract-answer.ts';
import type { DissentRecord, Position } from './types.ts';

export interface RoundPositions {
  round: number;
  /** `answered`: the member's call succeeded (a failed call is no verdict at all). @default false */
  entries: readonly { memberId: string; position: Position | null; answered?: boolean }[];
}

export interface DissentInput {
  rounds: readonly RoundPositions[];
  /** Position of the final answer, or null when it has none. */
  finalPosition: Position | null;
  /** Ranking basis: member id → ranked the winning response first. Applied to the last round. */
  endorsements?: ReadonlyMap<string, boolean>;
  /**
   * Vote basis: a member that answered without a comparable position disagrees with a final answer
   * that has one. Off for the ranking basis, where such answers are the norm and rankings judge them.
   * @default false
   */
  positionlessDisagree?: boolean;
}

/**
 * Outlier: in a round with at least 3 members holding a position, the member's position is held by no
 * one else while some other position is held by 2 or more. Lone dissenter: at least 3 members have an
 * agreement verdict, this one disagrees with the final answer and all the others agree.
 */
export function computeDissent(input: DissentInput): DissentRecord[] {
  const records: DissentRecord[] = [];
  const previous = new Map<string, string>();
  const finalKey = input.finalPosition ? positionKey(input.finalPosition) : undefined;
  const lastRound = input.rounds[input.rounds.length - 1]?.round;
  for (const { round, entries } of input.rounds) {
    const counts = new Map<string, number>();
    for (const { position } of entries) {
      if (position) counts.set(positionKey(position), (counts.get(positionKey(position)) ?? 0) + 1);
    }
    const holders = [...counts.values()].reduce((sum, count) => sum + count, 0);
    const largest = Math.max(0, ...counts.values());
    const roundRecords = entries.map(({ memberId, position, answered }): DissentRecord => {
      const key = position ? positionKey(position) : undefined;
      const before = previous.get(memberId);
      let agreesWithFinal: boolean | null =
        finalKey === undefined
          ? null
          : key !== undefined
            ? key === finalKey
            : answered && input.positionlessDisagree
              ? false
              : null;
      if (agreesWithFinal === null && round === lastRound)
        agreesWithFinal = input.endorsements?.get(memberId) ?? null;
      return {
        memberId,
        round,
        position,
        changed: key !== undefined && before !== undefined && key !== before,
        agreesWithFinal,
        outlier: key !== undefined && holders >= 3 && counts.get(key) === 1 && largest >= 2,
        loneDissenter: false,
      };
    });
    const judged = roundRecords.filter((record) => record.agreesWithFinal !== null);
    const dissenting = judged.filter((record) => record.agreesWithFinal === false);
    if (judged.length >= 3 && dissenting.length === 1) (dissenting[0] as DissentRecord).loneDissenter = true;
    for (const { memberId, position } of entries) if (position) previous.set(memberId, positionKey(position));
    records.push(...roundRecords);
  }
  return records;
}

/** Members whose last recorded verdict disagrees with the final answer. */
export function finalDissenters(records: readonly DissentRecord[]): string[] {
  const last = new Map<string, DissentRecord>();
  for (const record of records) last.set(record.memberId, record);
  return [...last.values()]
    .filter((record) => record.agreesWithFinal === false)
    .map((record) => record.memberId);
}
