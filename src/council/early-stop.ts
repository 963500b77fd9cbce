// Du et al. find no gain past about four debate rounds, and a debate whose members no longer move is
// only spending money. With `earlyStop`, the next deliberation round is skipped when positions are
// stable: after round 0 when every valid member already holds the same position (`unanimous`), after
// a deliberation round when every valid member kept its previous position (`unchanged`). Free-form
// answers have no positions, so they never stop early.
import { positionKey } from './extract-answer.ts';
import type { EarlyStop, Position } from './types.ts';

export interface RoundState {
  round: number;
  /** Member id → position for the members still valid after this round. */
  positions: ReadonlyMap<string, Position | null>;
}

/** Why the council may stop after `current`, or null to keep deliberating. */
export function checkEarlyStop(previous: RoundState | undefined, current: RoundState): EarlyStop | null {
  const keys = [...current.positions.values()].map((position) => (position ? positionKey(position) : null));
  if (keys.length === 0 || keys.some((key) => key === null)) return null;
  if (previous === undefined) {
    return new Set(keys).size === 1 ? { afterRound: current.round, reason: 'unanimous' } : null;
  }
  for (const [memberId, position] of current.positions) {
    const before = previous.positions.get(memberId);
    if (!before || !position || positionKey(before) !== positionKey(position)) return null;
  }
  return { afterRound: current.round, reason: 'unchanged' };
}
