// Which role each member plays in each deliberation round. Seed B "rotated" roles with a static
// i mod 5 mapping; here `rotating` really moves every member to the next role each round, starting from
// a seeded permutation so that no member is always the proposer. Round 0 answers are role-free: an
// independent first answer is what makes the later vote meaningful.
import { deriveSeed, seededShuffle } from './seeded-random.ts';
import type { RolesMode } from './types.ts';

export const DEFAULT_ROLES: readonly string[] = ['proposer', 'critic', "devil's advocate", 'synthesizer'];

export interface RoleAssignmentOptions {
  memberIds: readonly string[];
  roles: readonly string[];
  mode: RolesMode;
  seed: number;
}

/**
 * Role of each member in deliberation round `round` (≥ 1). `fixed`: member i plays roles[i mod R] in
 * every round. `rotating`: member i starts at its place in a seeded permutation and moves one role
 * forward per round, so with two or more roles every member's role changes every round.
 */
export function assignRoles(options: RoleAssignmentOptions, round: number): Record<string, string> {
  const { memberIds, roles, mode, seed } = options;
  const assignment: Record<string, string> = {};
  if (roles.length === 0 || round < 1) return assignment;
  const startOf = startingPlaces(memberIds, mode, seed);
  memberIds.forEach((memberId, index) => {
    const start = startOf.get(memberId) ?? index;
    const place = mode === 'rotating' ? start + (round - 1) : start;
    assignment[memberId] = roles[place % roles.length] as string;
  });
  return assignment;
}

function startingPlaces(memberIds: readonly string[], mode: RolesMode, seed: number): Map<string, number> {
  const order = mode === 'rotating' ? seededShuffle(memberIds, deriveSeed(seed, 'roles')) : memberIds;
  return new Map(order.map((memberId, place) => [memberId, place]));
}

const ROLE_INSTRUCTIONS: Record<string, string> = {
  proposer:
    'You are the proposer. State the answer you find best supported and the reasoning that supports it.',
  critic:
    'You are the critic. Check every response for errors of fact, arithmetic or logic and name the specific flaws before you answer.',
  "devil's advocate":
    "You are the devil's advocate. Make the strongest case against the answer most responses share and look for what they missed. Your FINAL ANSWER must still be the answer you believe is correct.",
  synthesizer:
    'You are the synthesizer. Combine the strongest, best-supported parts of the responses into one answer.',
};

/** The instruction given to a member playing `role`; unknown roles get a generic one. */
export function roleInstruction(role: string): string {
  return (
    ROLE_INSTRUCTIONS[role.toLowerCase()] ??
    `You are the council's ${role}. Play that part in your review. Your FINAL ANSWER must still be the answer you believe is correct.`
  );
}
