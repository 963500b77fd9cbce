// Field builders shared by every schema. They coerce the way maestro-cli does (numeric strings become
// numbers, numbers become strings for text fields, a lone string becomes a one-element list) and put an
// error code on every rule. Type mismatches are E018 unless a field says otherwise.
import * as z from 'zod';
import { didYouMean } from '../did-you-mean.ts';
import { pythonText } from '../python-text.ts';
import { codedMessage, describeValue } from './issue-code.ts';

const TYPE_MISMATCH = 'E018';
const OUT_OF_RANGE = 'E012';
const INTEGER_TEXT = /^\s*[-+]?\d+\s*$/;
const NUMBER_TEXT = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/**
 * What the editor JSON Schema should accept for fields that coerce their input (a lone string for a
 * list, a number for a string). JSON Schema generation describes zod's output otherwise.
 */
export const editorInputShapes = new WeakMap<object, Record<string, unknown>>();

function integerFromText(value: unknown): unknown {
  return typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : value;
}

function numberFromText(value: unknown): unknown {
  return typeof value === 'string' && NUMBER_TEXT.test(value) ? Number(value) : value;
}

export interface RangeOptions {
  min?: number;
  max?: number;
  /** Exclusive bounds: the value must be strictly greater / smaller. */
  greaterThan?: number;
  lessThan?: number;
  /** Code for range violations. @default 'E012' */
  code?: string;
  /** Code for a value of the wrong type. @default 'E018' */
  typeCode?: string;
  /** Replaces the generated range text, e.g. "must be 0-3". */
  rangeText?: string;
  /** Integers only: no text is read as a number (where maestro-cli checks the type itself). */
  strict?: boolean;
}

function rangeText(options: RangeOptions): string {
  if (options.rangeText) return options.rangeText;
  const { min, max, greaterThan, lessThan } = options;
  if (min !== undefined && max !== undefined) return `must be ${min}-${max}`;
  if (greaterThan !== undefined && lessThan !== undefined)
    return `must be between ${greaterThan} and ${lessThan} (exclusive)`;
  if (greaterThan !== undefined && max !== undefined) return `must be > ${greaterThan} and <= ${max}`;
  if (min !== undefined) return `must be >= ${min}`;
  if (greaterThan !== undefined) return `must be > ${greaterThan}`;
  if (max !== undefined) return `must be <= ${max}`;
  return `must be < ${lessThan}`;
}

function withRange<T extends z.ZodNumber>(schema: T, options: RangeOptions): T {
  const code = options.code ?? OUT_OF_RANGE;
  const error = (issue: { input?: unknown }) =>
    codedMessage(code, `${rangeText(options)}, got ${describeValue(issue.input)}`);
  let ranged = schema;
  if (options.min !== undefined) ranged = ranged.min(options.min, { error }) as T;
  if (options.max !== undefined) ranged = ranged.max(options.max, { error }) as T;
  if (options.greaterThan !== undefined) ranged = ranged.gt(options.greaterThan, { error }) as T;
  if (options.lessThan !== undefined) ranged = ranged.lt(options.lessThan, { error }) as T;
  return ranged;
}

/**
 * An integer; `'4'` is read as 4 (maestro-cli calls `int()`), `'many'` is a type error. With `strict`,
 * `'4'` is a type error too (maestro-cli's `isinstance(value, int)`).
 */
export function integer(options: RangeOptions = {}) {
  const typeCode = options.typeCode ?? TYPE_MISMATCH;
  const base = z.int({
    error: (issue) => codedMessage(typeCode, `must be an integer, got ${describeValue(issue.input)}`),
  });
  return z.preprocess(options.strict ? (value) => value : integerFromText, withRange(base, options));
}

/** A finite number; numeric strings are read as numbers. */
export function number(options: RangeOptions = {}) {
  const typeCode = options.typeCode ?? TYPE_MISMATCH;
  const base = z.number({
    error: (issue) => codedMessage(typeCode, `must be a number, got ${describeValue(issue.input)}`),
  });
  return z.preprocess(numberFromText, withRange(base, options));
}

/** true/false; the strings 'true' and 'false' are accepted too. */
export function boolean(code = TYPE_MISMATCH) {
  return z.preprocess(
    (value) => (value === 'true' ? true : value === 'false' ? false : value),
    z.boolean({
      error: (issue) => codedMessage(code, `must be true or false, got ${describeValue(issue.input)}`),
    }),
  );
}

/** A string; numbers become strings (`id: 1` is task "1", `model: 5.4` is "5.4"). */
export function text(code = TYPE_MISMATCH) {
  const schema = z.preprocess(
    (value) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value),
    z.string({ error: (issue) => codedMessage(code, `must be a string, got ${describeValue(issue.input)}`) }),
  );
  editorInputShapes.set(schema, { type: ['string', 'number'] });
  return schema;
}

/** A list of strings; a lone string is a one-element list. */
export function textList(code = TYPE_MISMATCH) {
  const schema = z.preprocess(
    (value) => (typeof value === 'string' ? [value] : value),
    z.array(text(code), {
      error: (issue) => codedMessage(code, `must be a list of strings, got ${describeValue(issue.input)}`),
    }),
  );
  editorInputShapes.set(schema, {
    anyOf: [{ type: 'string' }, { type: 'array', items: { type: ['string', 'number'] } }],
  });
  return schema;
}

/** Environment-style mapping: every value becomes a string (maestro-cli calls `str()`). */
export function stringMap(code = TYPE_MISMATCH) {
  return z.preprocess(
    (value) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(value)) out[key] = pythonText(entry) ?? entry;
      return out;
    },
    z.record(
      z.string(),
      z.string({
        error: (issue) => codedMessage(code, `values must be strings, got ${describeValue(issue.input)}`),
      }),
      { error: (issue) => codedMessage(code, `must be a mapping, got ${describeValue(issue.input)}`) },
    ),
  );
}

/** A shell command: one string (run by a shell) or a list of strings (run directly). */
export function commandLine() {
  const part = z.string({
    error: (issue) => codedMessage(TYPE_MISMATCH, `must be a string, got ${describeValue(issue.input)}`),
  });
  return z.union([z.string(), z.array(part)], {
    error: (issue) =>
      codedMessage(TYPE_MISMATCH, `must be a string or a list of strings, got ${describeValue(issue.input)}`),
  });
}

/** One word of a closed list, with a did-you-mean on mistakes. */
export function oneOf<const Values extends readonly [string, ...string[]]>(values: Values, code = 'E008') {
  return z.enum(values, {
    error: (issue) => {
      const input = issue.input;
      const hint = typeof input === 'string' ? didYouMean(input, values) : '';
      return codedMessage(code, `must be one of ${values.join(', ')}; got ${describeValue(input)}${hint}`);
    },
  });
}

// Python reads `key: null` as "not set"; so do we, for every key of a known mapping.
function withoutNullEntries(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  let hasNull = false;
  for (const key in value) {
    if ((value as Record<string, unknown>)[key] === null) {
      hasNull = true;
      break;
    }
  }
  if (!hasNull) return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) if (entry !== null) out[key] = entry;
  return out;
}

/**
 * A mapping with known keys. Unknown keys are kept (the loader warns about them separately) and
 * null values count as absent.
 */
export function mapping<Shape extends z.ZodRawShape>(shape: Shape, code = TYPE_MISMATCH) {
  return z.preprocess(
    withoutNullEntries,
    z.looseObject(shape, {
      error: (issue) => codedMessage(code, `must be a mapping, got ${describeValue(issue.input)}`),
    }),
  );
}

/** A mapping whose keys are all known: anything else is an error with `code`. */
export function closedMapping<Shape extends z.ZodRawShape>(shape: Shape, code: string) {
  return z.preprocess(
    withoutNullEntries,
    z.strictObject(shape, {
      error: (issue) => {
        if (issue.code === 'unrecognized_keys') {
          const keys = (issue as { keys?: string[] }).keys ?? [];
          return codedMessage(
            code,
            `has unknown field(s) ${keys.join(', ')}; allowed: ${Object.keys(shape).join(', ')}`,
          );
        }
        return codedMessage(code, `must be a mapping, got ${describeValue(issue.input)}`);
      },
    }),
  );
}

/** A list whose items follow `item`. */
export function listOf<Item extends z.ZodType>(item: Item, code = TYPE_MISMATCH) {
  return z.array(item, {
    error: (issue) => codedMessage(code, `must be a list, got ${describeValue(issue.input)}`),
  });
}

/** A list whose single item may be written alone (maestro-cli takes `x` as `[x]`). */
export function oneOrListOf<Item extends z.ZodType>(item: Item, code = TYPE_MISMATCH) {
  const schema = z.preprocess((value) => (typeof value === 'string' ? [value] : value), listOf(item, code));
  editorInputShapes.set(schema, {
    anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
  });
  return schema;
}
