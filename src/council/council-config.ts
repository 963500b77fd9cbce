// Applies defaults to CouncilOptions and checks every value once, at entry, naming the flag at fault;
// the protocol only ever sees the resolved CouncilConfig. Decision on quorum: an explicit quorum larger
// than the council is an error (such a council could never decide anything); the default of 3 is
// lowered to the member count for a council of 2, with a warning.
import { MaestroError } from '../errors/index.ts';
import type { CouncilMember } from './council-port.ts';
import { DEFAULT_ROLES } from './roles.ts';
import { seedFromText } from './seeded-random.ts';
import type { CouncilConfig, CouncilOptions } from './types.ts';

export const DEFAULT_ROUNDS = 2;
export const MAX_ROUNDS = 5;
export const DEFAULT_QUORUM = 3;
export const DEFAULT_THRESHOLD = 2 / 3;
export const MIN_MEMBERS = 2;
/** One label letter (Response A..Z) per member. */
export const MAX_MEMBERS = 26;

export interface ResolvedCouncil {
  config: CouncilConfig;
  /** Adjustments worth telling the user about (never errors). */
  warnings: string[];
}

/** Resolves options into a config; throws MaestroError E012 (range) or E120 (bad value). */
export function resolveCouncilConfig(options: CouncilOptions): ResolvedCouncil {
  const warnings: string[] = [];
  const question = options.question.trim();
  if (question === '') throw invalid('E120', '<question>', 'The question is empty');
  const members = options.members;
  if (members.length < MIN_MEMBERS || members.length > MAX_MEMBERS) {
    throw outOfRange('--member', `between ${MIN_MEMBERS} and ${MAX_MEMBERS} members`, members.length);
  }
  checkMemberIds(members);
  const rounds = options.rounds ?? DEFAULT_ROUNDS;
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > MAX_ROUNDS) {
    throw outOfRange('--rounds', `an integer from 1 to ${MAX_ROUNDS}`, rounds);
  }
  const quorum = resolveQuorum(options.quorum, members.length, warnings);
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 1) {
    throw outOfRange('--threshold', 'a fraction above 0 and at most 1', threshold);
  }
  const thresholdText = options.thresholdText?.trim() || undefined;
  if (threshold <= 0.5) {
    warnings.push(
      `--threshold ${thresholdText ?? formatShare(threshold)} lets two groups tie; a tie is never a consensus`,
    );
  }
  const roles = options.roles ?? [...DEFAULT_ROLES];
  if (roles.length === 0 || roles.some((role) => role.trim() === '')) {
    throw invalid('E120', '--role', 'Expected a non-empty list of non-empty role names');
  }
  const seed = options.seed ?? seedFromText(question);
  if (!Number.isSafeInteger(seed) || seed < 0) throw outOfRange('--seed', 'a non-negative integer', seed);
  return {
    config: {
      question,
      members,
      rounds,
      rolesMode: options.rolesMode ?? 'fixed',
      roles: roles.map((role) => role.trim()),
      seed,
      chair: resolveChair(options.chair, members),
      quorum,
      threshold,
      ...(thresholdText === undefined ? {} : { thresholdText }),
      anonymize: options.anonymize ?? true,
      earlyStop: options.earlyStop ?? false,
      answerKind: options.answerKind ?? 'auto',
      rankingMethod: options.rankingMethod ?? 'borda',
      ...(options.visibility ? { visibility: checkVisibility(options.visibility, members) } : {}),
    },
    warnings,
  };
}

function resolveQuorum(quorum: number | undefined, memberCount: number, warnings: string[]): number {
  if (quorum === undefined) {
    if (memberCount >= DEFAULT_QUORUM) return DEFAULT_QUORUM;
    warnings.push(
      `quorum lowered from ${DEFAULT_QUORUM} to ${memberCount}: the council has ${memberCount} members`,
    );
    return memberCount;
  }
  if (!Number.isInteger(quorum) || quorum < 1) throw outOfRange('--quorum', 'an integer >= 1', quorum);
  if (quorum > memberCount) {
    throw new MaestroError({
      code: 'E012',
      flag: '--quorum',
      message: `--quorum ${quorum} exceeds the ${memberCount} members: this council could never reach quorum`,
      hint: `add members or pass --quorum ${memberCount} or less`,
    });
  }
  return quorum;
}

// A chair that is also a member (same engine and model) keeps that member's id, so its statistics and
// the audit trail name one seat; an outside chair is `chair`.
function resolveChair(chair: CouncilMember | undefined, members: readonly CouncilMember[]): CouncilMember {
  const first = members[0] as CouncilMember;
  if (!chair) return first;
  const same = members.find((member) => member.engine === chair.engine && member.model === chair.model);
  if (same && chair.options === undefined) return same;
  return { ...chair, id: 'chair' };
}

function checkVisibility(
  visibility: Record<string, string[]>,
  members: readonly CouncilMember[],
): Record<string, string[]> {
  const ids = new Set(members.map((member) => member.id));
  for (const [reader, peers] of Object.entries(visibility)) {
    const unknown = [reader, ...peers].find((id) => !ids.has(id));
    if (unknown !== undefined) {
      throw invalid('E072', 'council.connections', `'${unknown}' is not a member of this council`);
    }
  }
  return visibility;
}

function checkMemberIds(members: readonly CouncilMember[]): void {
  const seen = new Set<string>();
  for (const member of members) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(member.id) || member.id === 'chair' || seen.has(member.id)) {
      throw invalid(
        'E120',
        '--member',
        `Member id '${member.id}' must be unique, filesystem-safe and not 'chair'`,
      );
    }
    seen.add(member.id);
  }
}

function outOfRange(flag: string, expected: string, value: unknown): MaestroError {
  return invalid('E012', flag, `Expected ${flag} to be ${expected}, got ${String(value)}`);
}

function invalid(code: string, flag: string, message: string): MaestroError {
  return new MaestroError({ code, flag, message });
}

function formatShare(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}
