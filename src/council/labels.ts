// Anonymous labels. Every member's answers are shown to peers, rankers and the chair as "Response X",
// with one seeded label map per session (kept in the session record for audit), so identity and brand
// cannot sway agreement. Presentation order is shuffled separately per reader, so no label is always
// read first.
import { deriveSeed, seededShuffle } from './seeded-random.ts';

/** `A` for 0 ... `Z` for 25. */
export function labelLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

/** Label → member id, from a seeded permutation of the members. */
export function assignLabels(memberIds: readonly string[], seed: number): Record<string, string> {
  const order = seededShuffle(memberIds, deriveSeed(seed, 'labels'));
  return Object.fromEntries(order.map((memberId, index) => [labelLetter(index), memberId]));
}

/** Member id → label (the inverse of a label map). */
export function labelsByMember(labels: Readonly<Record<string, string>>): Map<string, string> {
  return new Map(Object.entries(labels).map(([label, memberId]) => [memberId, label]));
}

/** The order in which one reader (`purpose`, e.g. `r1-m2`) sees the given labels. */
export function presentationOrder(labels: readonly string[], seed: number, purpose: string): string[] {
  return seededShuffle([...labels].sort(), deriveSeed(seed, purpose));
}
