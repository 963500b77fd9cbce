// Reads a comparable position out of a free-text reply, so that "42", "42.0" and "$42" count as one
// vote. Seed B compared whole texts (Jaccard on words), which made agreement depend on wording and
// length; self-consistency votes on the extracted answer instead. Never throws: a reply that yields no
// position simply has none.
import { jsonObjectsInText, stableJson, valueAtPath } from './json-in-text.ts';
import type { AnswerKind, Position } from './types.ts';

const FINAL_ANSWER = /^[\s>#*_-]*final\s+answer\s*[*_]*\s*[:：]\s*(.*)$/gim;
const NUMBER = /[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?|[-+−]?\.\d+/;
const FRACTION = /^([-+−]?\d+)\s*\/\s*(\d+)$/;
const YES_WORDS = new Set(['yes', 'true', 'agree', 'agreed', 'correct', 'affirmative']);
const NO_WORDS = new Set(['no', 'false', 'disagree', 'incorrect', 'negative']);
/** A short text is a position only up to this many words; longer answers go to the ranking. */
export const MAX_TEXT_POSITION_WORDS = 8;
// "about 42 km", "x = 42": a number with a few words around it is still a numeric answer in auto mode.
const MAX_AUTO_NUMBER_TOKENS = 4;

/** The text after the last `FINAL ANSWER:` (or the line below it when it is empty), markdown removed. */
export function finalAnswerSegment(text: string): string | undefined {
  let segment: string | undefined;
  for (const match of text.matchAll(FINAL_ANSWER)) {
    let rest = (match[1] ?? '').trim();
    if (stripMarkup(rest) === '') {
      const after = text.slice((match.index ?? 0) + match[0].length).split('\n');
      rest = after.find((line) => stripMarkup(line) !== '') ?? '';
    }
    segment = stripMarkup(rest);
  }
  return segment === '' ? undefined : segment;
}

/** The position of `text` under `kind`, or undefined. */
export function extractPosition(text: string, kind: AnswerKind): Position | undefined {
  try {
    return extract(text, kind);
  } catch {
    return undefined;
  }
}

/** `kind:value`: equal keys mean equal positions. */
export function positionKey(position: Position): string {
  return `${position.kind}:${position.value}`;
}

function extract(text: string, kind: AnswerKind): Position | undefined {
  if (kind === 'free') return undefined;
  if (kind.startsWith('json_field:')) return jsonField(text, kind.slice('json_field:'.length));
  const segment = finalAnswerSegment(text);
  const fallback = segment ?? lastLine(text);
  switch (kind) {
    case 'number': {
      const value = (segment !== undefined ? firstNumber(segment) : undefined) ?? lastNumber(text);
      return value === undefined ? undefined : { kind: 'number', value };
    }
    case 'option': {
      const value = optionIn(fallback, false) ?? (segment === undefined ? optionInProse(text) : undefined);
      return value === undefined ? undefined : { kind: 'option', value };
    }
    case 'yes_no': {
      const value = yesNo(fallback);
      return value === undefined ? undefined : { kind: 'yes_no', value };
    }
    default:
      return fallback === undefined ? undefined : auto(fallback);
  }
}

function auto(segment: string): Position | undefined {
  const tokens = segment.split(/\s+/).filter(Boolean);
  const numericTokens = tokens.filter((token) => /\d/.test(token));
  if (tokens.length <= MAX_AUTO_NUMBER_TOKENS && numericTokens.length === 1) {
    const value = firstNumber(segment);
    if (value !== undefined) return { kind: 'number', value };
  }
  const answer = yesNo(segment);
  if (answer !== undefined) return { kind: 'yes_no', value: answer };
  const option = optionIn(segment, true);
  if (option !== undefined) return { kind: 'option', value: option };
  const short = shortText(segment);
  return short === undefined ? undefined : { kind: 'text', value: short };
}

/** Canonical number text: `1,234.50` → `1234.5`, `42.0` → `42`, `3/4` → `0.75`. */
export function canonicalNumber(literal: string): string | undefined {
  const cleaned = literal.replaceAll('−', '-').replaceAll(',', '').trim();
  const fraction = FRACTION.exec(cleaned);
  const value = fraction ? Number(fraction[1]) / Number(fraction[2]) : Number(cleaned);
  if (!Number.isFinite(value)) return undefined;
  return String(value === 0 ? 0 : value);
}

function firstNumber(segment: string): string | undefined {
  // "x = 2 + 2 = 4": what follows the last `=` is the answer.
  const answerPart = segment.includes('=') ? segment.slice(segment.lastIndexOf('=') + 1) : segment;
  const fraction = /[-+−]?\d+\s*\/\s*\d+/.exec(answerPart);
  const match = NUMBER.exec(answerPart);
  if (fraction && (!match || fraction.index <= match.index)) return canonicalNumber(fraction[0]);
  return match ? canonicalNumber(match[0]) : undefined;
}

function lastNumber(text: string): string | undefined {
  const all = [...text.matchAll(new RegExp(NUMBER.source, 'g'))];
  const last = all[all.length - 1];
  return last ? canonicalNumber(last[0]) : undefined;
}

// Strict mode (auto) accepts only segments that are clearly an option, so "A cat" is not option A.
function optionIn(segment: string | undefined, strict: boolean): string | undefined {
  if (segment === undefined) return undefined;
  const patterns = strict
    ? [/^\(?([A-J])\)?[.)]?$/, /^\(([A-Ja-j])\)\s/, /^([A-J])[.)]\s/, /^option\s+\(?([A-Ja-j])\)?(?:\W|$)/i]
    : [
        /^\(([A-Ja-j])\)/,
        /^([A-Ja-j])[.):](?:\s|$)/,
        /^([A-J])$/,
        /\boption\s+\(?([A-Ja-j])\)?(?:\W|$)/i,
        /\banswer\s+is\s+\(?([A-Ja-j])\)?(?:\W|$)/i,
        /\(([A-J])\)/,
      ];
  for (const pattern of patterns) {
    const match = pattern.exec(segment);
    if (match?.[1]) return match[1].toUpperCase();
  }
  return undefined;
}

function optionInProse(text: string): string | undefined {
  const all = [...text.matchAll(/\b(?:answer\s+is|option)\s+\(?([A-Ja-j])\)?(?:\W|$)/gi)];
  return all[all.length - 1]?.[1]?.toUpperCase();
}

function yesNo(segment: string | undefined): string | undefined {
  const first = segment
    ?.toLowerCase()
    .split(/\s+/)[0]
    ?.replace(/[^a-z]/g, '');
  if (first === undefined) return undefined;
  if (YES_WORDS.has(first)) return 'yes';
  if (NO_WORDS.has(first)) return 'no';
  return undefined;
}

function shortText(segment: string): string | undefined {
  const normalized = segment
    .toLowerCase()
    .replace(/^the (?:final )?answer is\s+/, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s"'“”‘’.,;:!?()[\]]+|[\s"'“”‘’.,;:!?()[\]]+$/g, '');
  if (normalized === '') return undefined;
  return normalized.split(' ').length <= MAX_TEXT_POSITION_WORDS ? normalized : undefined;
}

function jsonField(text: string, path: string): Position | undefined {
  const segment = finalAnswerSegment(text);
  const objects = [...(segment ? jsonObjectsInText(segment) : []), ...jsonObjectsInText(text)];
  for (const object of objects) {
    const value = valueAtPath(object, path);
    if (value === undefined) continue;
    if (typeof value === 'number')
      return { kind: 'json_field', value: canonicalNumber(String(value)) ?? 'null' };
    if (typeof value === 'string') {
      return { kind: 'json_field', value: JSON.stringify(value.trim().replace(/\s+/g, ' ').toLowerCase()) };
    }
    return { kind: 'json_field', value: stableJson(value) };
  }
  return undefined;
}

function lastLine(text: string): string | undefined {
  const lines = text.split('\n').map(stripMarkup).filter(Boolean);
  return lines[lines.length - 1];
}

function stripMarkup(text: string): string {
  return text
    .replace(/\\boxed\{([^}]*)\}/g, '$1')
    .replace(/\*\*|__|`/g, '')
    .replace(/^(?:[>#]+\s*|[-*+]\s+)+/, '')
    .trim();
}
