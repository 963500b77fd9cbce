// Turns the text of a council flag into a typed value, so the CLI stays a thin parser and the config
// file shares the same rules. Unreadable values are E120 and name the flag; readable values out of
// range are left to resolveCouncilConfig (E012), which sees the whole configuration.
import { MaestroError } from '../errors/index.ts';
import type { AnswerKind, RankingMethod, RolesMode } from './types.ts';

export const ROLES_MODES: readonly RolesMode[] = ['fixed', 'rotating'];
export const RANKING_METHODS: readonly RankingMethod[] = ['borda', 'mean'];
const PLAIN_ANSWER_KINDS = ['auto', 'number', 'option', 'yes_no', 'free'] as const;
const JSON_FIELD_PREFIX = 'json_field:';
const FIELD_PATH = /^[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*)*$/;

/** An integer such as `3`; E120 otherwise. */
export function parseIntegerFlag(text: string, flag: string): number {
  if (!/^\s*[-+]?\d+\s*$/.test(text)) throw badValue(flag, 'an integer', text);
  return Number(text);
}

/** An integer of at least `minimum` such as `--retries 2`; E120 when not an integer, E012 below it. */
export function parseCountFlag(text: string, flag: string, minimum = 0): number {
  const value = parseIntegerFlag(text, flag);
  if (value < minimum) {
    throw new MaestroError({
      code: 'E012',
      flag,
      message: `Expected ${flag} to be an integer of at least ${minimum}, got '${text.trim()}'`,
    });
  }
  return value;
}

/**
 * `0.67`, `67%` or `2/3`. Keep the text too (CouncilOptions.thresholdText): a decimal or percent
 * rounds a fraction and is read with a tolerance, a fraction exactly.
 */
export function parseThreshold(text: string, flag = '--threshold'): number {
  const trimmed = text.trim();
  const fraction = /^(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(trimmed);
  if (fraction) {
    const denominator = Number(fraction[2]);
    if (denominator === 0) throw badValue(flag, 'a fraction with a non-zero denominator', text);
    return Number(fraction[1]) / denominator;
  }
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(trimmed);
  if (percent) return Number(percent[1]) / 100;
  if (/^(?:\d+\.?\d*|\.\d+)$/.test(trimmed)) return Number(trimmed);
  throw badValue(flag, 'a fraction such as 2/3, 0.67 or 67%', text);
}

export function parseAnswerKind(text: string, flag = '--answer'): AnswerKind {
  const trimmed = text.trim();
  if ((PLAIN_ANSWER_KINDS as readonly string[]).includes(trimmed)) return trimmed as AnswerKind;
  if (trimmed.startsWith(JSON_FIELD_PREFIX) && FIELD_PATH.test(trimmed.slice(JSON_FIELD_PREFIX.length))) {
    return trimmed as AnswerKind;
  }
  throw badValue(flag, `one of ${PLAIN_ANSWER_KINDS.join(', ')} or json_field:<name>`, text);
}

export function parseRolesMode(text: string, flag = '--roles'): RolesMode {
  return oneOf(text, ROLES_MODES, flag);
}

export function parseRankingMethod(text: string, flag = '--ranking'): RankingMethod {
  return oneOf(text, RANKING_METHODS, flag);
}

/** Checks `text` against a list of names (used for --output too). */
export function oneOf<T extends string>(text: string, values: readonly T[], flag: string): T {
  const trimmed = text.trim();
  if ((values as readonly string[]).includes(trimmed)) return trimmed as T;
  throw badValue(flag, `one of ${values.join(', ')}`, text);
}

function badValue(flag: string, expected: string, text: string): MaestroError {
  return new MaestroError({
    code: 'E120',
    flag,
    message: `Expected ${flag} to be ${expected}, got '${text}'`,
  });
}
