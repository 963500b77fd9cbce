// Reads a mapping of the usual kind — scalars, lists of strings, string maps — exactly as its zod schema
// would, without loading zod (importing the schemas costs more than reading a 1000-task plan). It only
// ever accepts: anything it is not sure of (a 'schema' key, a value of the wrong type, a number out of
// range) returns undefined, and the caller parses with the zod schema, which also words the error.
// Output matches zod's: null entries dropped, known keys in schema order, unknown keys kept after them.
import { pythonText } from '../python-text.ts';
import type { FieldKind, FieldTable, NumberRange } from './plan-fields.ts';

const INTEGER_TEXT = /^\s*[-+]?\d+\s*$/;
const NUMBER_TEXT = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/** Returned by a reader that cannot decide. */
const UNSURE = Symbol('unsure');
type Read = unknown | typeof UNSURE;

interface CompiledField {
  index: number;
  kind: FieldKind;
}

const compiled = new WeakMap<FieldTable, Map<string, CompiledField>>();

function compile(table: FieldTable): Map<string, CompiledField> {
  let fields = compiled.get(table);
  if (!fields) {
    fields = new Map(table.map(([key, kind], index) => [key, { index, kind }]));
    compiled.set(table, fields);
  }
  return fields;
}

/** The parsed mapping, or undefined when only the zod schema can tell. */
export function fastParseMapping(value: unknown, table: FieldTable): Record<string, unknown> | undefined {
  const read = readMapping(value, table);
  return read === UNSURE ? undefined : (read as Record<string, unknown>);
}

function isPlainMapping(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function readMapping(value: unknown, table: FieldTable): Read {
  if (!isPlainMapping(value)) return UNSURE;
  const fields = compile(table);
  const known: { index: number; key: string; value: unknown }[] = [];
  const unknown: string[] = [];
  for (const key of Object.keys(value)) {
    const entry = value[key];
    if (entry === null) continue;
    if (entry === undefined || key === '__proto__') return UNSURE;
    const field = fields.get(key);
    if (!field) {
      unknown.push(key);
      continue;
    }
    const read = readField(field.kind, entry);
    if (read === UNSURE) return UNSURE;
    known.push({ index: field.index, key, value: read });
  }
  known.sort((left, right) => left.index - right.index);
  const out: Record<string, unknown> = {};
  for (const field of known) out[field.key] = field.value;
  for (const key of unknown) out[key] = value[key];
  return out;
}

function readField(kind: FieldKind, value: unknown): Read {
  switch (kind) {
    case 'schema':
      return UNSURE;
    case 'text':
      return readText(value);
    case 'textList':
      return readTextList(value);
    case 'boolean':
      return value === true || value === 'true'
        ? true
        : value === false || value === 'false'
          ? false
          : UNSURE;
    case 'strictBoolean':
      return typeof value === 'boolean' ? value : UNSURE;
    case 'commandLine':
      return readCommandLine(value);
    case 'stringMap':
      return readStringMap(value);
    case 'anyList':
      return Array.isArray(value) ? [...value] : UNSURE;
  }
  if ('integer' in kind) {
    const number = typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : value;
    return Number.isSafeInteger(number) && inRange(number as number, kind.integer) ? number : UNSURE;
  }
  if ('number' in kind) {
    const number = typeof value === 'string' && NUMBER_TEXT.test(value) ? Number(value) : value;
    return typeof number === 'number' && Number.isFinite(number) && inRange(number, kind.number)
      ? number
      : UNSURE;
  }
  if ('oneOf' in kind) return typeof value === 'string' && kind.oneOf.includes(value) ? value : UNSURE;
  return readMapping(value, kind.mapping);
}

function inRange(value: number, range: NumberRange): boolean {
  if (range.min !== undefined && value < range.min) return false;
  if (range.max !== undefined && value > range.max) return false;
  if (range.greaterThan !== undefined && value <= range.greaterThan) return false;
  if (range.lessThan !== undefined && value >= range.lessThan) return false;
  return true;
}

function readText(value: unknown): Read {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return UNSURE;
}

function readTextList(value: unknown): Read {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return UNSURE;
  const out: string[] = [];
  for (const item of value) {
    const text = readText(item);
    if (text === UNSURE) return UNSURE;
    out.push(text as string);
  }
  return out;
}

function readCommandLine(value: unknown): Read {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return UNSURE;
  for (const item of value) if (typeof item !== 'string') return UNSURE;
  return [...value];
}

function readStringMap(value: unknown): Read {
  if (!isPlainMapping(value)) return UNSURE;
  const out: Record<string, string> = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__') return UNSURE;
    const text = pythonText(value[key]);
    if (text === undefined) return UNSURE;
    out[key] = text;
  }
  return out;
}
