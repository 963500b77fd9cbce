// Scalars and one-line flow collections for the fast YAML reader. Every function either returns exactly
// what the full parser (yaml-1.1 schema with PyYAML booleans, no timestamps) would, or throws
// FastYamlBail so the caller falls back to the full parser.

export class FastYamlBail extends Error {}

export function bail(): never {
  throw new FastYamlBail();
}

const NULL_WORD = /^(?:~|[Nn]ull|NULL)$/;
const TRUE_WORD = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const FALSE_WORD = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const SIMPLE_INTEGER = /^[-+]?[1-9][0-9]*$|^0$/;
const SIMPLE_FLOAT = /^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$/;
// Anything else that starts like a number may be octal, hex, sexagesimal, a date, ...: left to the full
// parser, as are the special floats.
const NUMBER_LIKE = /^[-+]?\.?[0-9]|^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/;
// Everything the tests below may match; a text that does not match this is a plain string (one test
// instead of six for the usual id or word).
const MAYBE_SPECIAL =
  /^(?:[~<]|[Nn]ull$|NULL$|[Yy]es$|YES$|[Tt]rue$|TRUE$|[Oo]n$|ON$|[Nn]o$|NO$|[Ff]alse$|FALSE$|[Oo]ff$|OFF$|[-+.0-9])/;
// Characters that cannot start a plain scalar in block context (or change its meaning).
const INDICATOR_START = /(?:[,[\]{}#&*!|>'"%@`]|[-?:](?: |$))/y;

/** Value of a plain scalar (already trimmed). */
export function plainValue(text: string): unknown {
  if (!MAYBE_SPECIAL.test(text)) return text;
  if (NULL_WORD.test(text)) return null;
  if (TRUE_WORD.test(text)) return true;
  if (FALSE_WORD.test(text)) return false;
  if (SIMPLE_INTEGER.test(text)) {
    const value = Number(text);
    return Number.isSafeInteger(value) ? value : bail();
  }
  if (SIMPLE_FLOAT.test(text)) return Number(text);
  if (NUMBER_LIKE.test(text) || text === '<<') bail();
  return text;
}

/** Whether the text at `start` (default 0) begins with a YAML indicator. */
export function startsWithIndicator(text: string, start = 0): boolean {
  INDICATOR_START.lastIndex = start;
  return INDICATOR_START.test(text);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A quoted scalar starting at `start` (the quote). Returns the text and the index after the quote. */
export function readQuoted(line: string, start: number): { value: string; end: number } {
  const quote = line[start];
  // The usual case, without escapes: one search instead of a loop over the characters.
  const close = line.indexOf(quote as string, start + 1);
  if (close > start) {
    if (quote === "'" ? line[close + 1] !== "'" : line.lastIndexOf('\\', close) < start) {
      return { value: line.slice(start + 1, close), end: close + 1 };
    }
  }
  let value = '';
  let index = start + 1;
  while (index < line.length) {
    const char = line[index] as string;
    if (quote === "'") {
      if (char === "'") {
        if (line[index + 1] !== "'") return { value, end: index + 1 };
        value += "'";
        index += 2;
        continue;
      }
    } else if (char === '"') {
      return { value, end: index + 1 };
    } else if (char === '\\') {
      const code = line[index + 1] ?? bail();
      const simple = SIMPLE_ESCAPES[code];
      if (simple !== undefined) {
        value += simple;
        index += 2;
        continue;
      }
      const length = HEX_LENGTH[code] ?? bail();
      const hex = line.slice(index + 2, index + 2 + length);
      if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) bail();
      value += String.fromCodePoint(Number.parseInt(hex, 16));
      index += 2 + length;
      continue;
    }
    value += char;
    index += 1;
  }
  // The closing quote is on a later line: multi-line scalars are left to the full parser.
  return bail();
}

/** After a value only spaces and a comment may follow. */
export function expectLineEnd(line: string, index: number): void {
  const rest = line.slice(index);
  const trimmed = rest.trimStart();
  if (trimmed === '') return;
  if (trimmed.startsWith('#') && rest.length > trimmed.length) return;
  bail();
}

/** A key written again in a flow mapping: its column and the column where it was written before. */
export interface FlowDuplicate {
  key: string;
  column: number;
  previousColumn: number;
}

/**
 * Receives the columns where each item (sequence) or each key and value (mapping) of a flow collection
 * start, and the keys a mapping repeats.
 */
export type FlowRecorder = (
  value: unknown[] | Record<string, unknown>,
  columns: number[] | Map<string, [number, number]>,
  duplicates: readonly FlowDuplicate[],
) => void;

const MAX_FLOW_DEPTH = 32;
// Placeholders for the half of readFlow's state a sequence (or a mapping) does not use; never written.
const EMPTY: never[] = [];
const EMPTY_MAP: Record<string, never> = {};
const EMPTY_COLUMNS = new Map<string, [number, number]>();

/** A one-line flow sequence or mapping starting at `start` (`[` or `{`); returns the value and the index after it. */
export function readFlow(
  line: string,
  start: number,
  record: FlowRecorder,
  depth = 0,
): { value: unknown; end: number } {
  if (depth > MAX_FLOW_DEPTH) bail();
  const isMap = line[start] === '{';
  const close = isMap ? '}' : ']';
  const items: unknown[] = isMap ? EMPTY : [];
  const itemColumns: number[] = isMap ? EMPTY : [];
  const map: Record<string, unknown> = isMap ? {} : EMPTY_MAP;
  const keyColumns = isMap ? new Map<string, [number, number]>() : EMPTY_COLUMNS;
  // Made only when a key repeats (hardly ever).
  let duplicates: FlowDuplicate[] | undefined;
  const done = (end: number) => {
    if (isMap) record(map, keyColumns, duplicates ?? EMPTY);
    else record(items, itemColumns, EMPTY);
    return { value: isMap ? map : items, end };
  };
  let index = skipSpaces(line, start + 1);
  if (line[index] === close) return done(index + 1);
  while (true) {
    if (isMap) {
      const key = readFlowScalar(line, index, true);
      if (line[key.end] !== ':' || line[key.end + 1] !== ' ') bail();
      const valueStart = skipSpaces(line, key.end + 1);
      const value = readFlowItem(line, valueStart, record, depth);
      const name = keyText(key.value);
      const previous = keyColumns.get(name);
      if (previous) {
        duplicates ??= [];
        duplicates.push({ key: name, column: index, previousColumn: previous[0] });
      }
      map[name] = value.value;
      keyColumns.set(name, [index, valueStart]);
      index = value.end;
    } else {
      const item = readFlowItem(line, index, record, depth);
      items.push(item.value);
      itemColumns.push(index);
      index = item.end;
    }
    index = skipSpaces(line, index);
    if (line[index] === close) return done(index + 1);
    if (line[index] !== ',') bail();
    index = skipSpaces(line, index + 1);
  }
}

function readFlowItem(
  line: string,
  start: number,
  record: FlowRecorder,
  depth: number,
): { value: unknown; end: number } {
  const first = line[start];
  if (first === '[' || first === '{') {
    const nested = readFlow(line, start, record, depth + 1);
    return { value: nested.value, end: skipSpaces(line, nested.end) };
  }
  return readFlowScalar(line, start, false);
}

const FLOW_SCALAR_STOP = /[,[\]{}:#]/g;

function readFlowScalar(line: string, start: number, isKey: boolean): { value: unknown; end: number } {
  const first = line[start];
  if (first === '"' || first === "'") {
    const quoted = readQuoted(line, start);
    return { value: quoted.value, end: skipSpaces(line, quoted.end) };
  }
  // Runs to a flow indicator, or a `:` that ends a key; a ` #` comment inside is left to the parser.
  let end = line.length;
  FLOW_SCALAR_STOP.lastIndex = start;
  for (let match = FLOW_SCALAR_STOP.exec(line); match; match = FLOW_SCALAR_STOP.exec(line)) {
    const at = match.index;
    const char = line[at];
    if (char === '#') {
      if (line[at - 1] === ' ') bail();
      continue;
    }
    if (char === ':' && !(isKey || line[at + 1] === ' ' || at + 1 === line.length)) continue;
    end = at;
    break;
  }
  const text = line.slice(start, end).trim();
  // In flow context a `:` next to a space or a flow indicator starts a mapping entry.
  if (
    text === '' ||
    startsWithIndicator(text) ||
    (!isKey && /:(?:[\s,[\]{}]|$)/.test(line.slice(start, end + 1)))
  )
    bail();
  return { value: plainValue(text), end };
}

/** A mapping key as the full parser's toJS writes it. */
export function keyText(key: unknown): string {
  if (typeof key === 'string') return key === '__proto__' ? bail() : key;
  if (typeof key === 'number' || typeof key === 'boolean') return String(key);
  return bail();
}

export function skipSpaces(line: string, index: number): number {
  let position = index;
  while (line[position] === ' ') position += 1;
  return position;
}
