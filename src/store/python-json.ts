// Python's `json.dumps` reproduced byte for byte, so that hashes computed here match hashes computed by
// maestro-cli over the same data. Defaults match Python's: separators ", " and ": " (or "," and ": " with
// an indent), `ensure_ascii=True`, `allow_nan=True`.
import { formatPythonFloat } from './python-float-repr.ts';
import { quotePythonString } from './python-string-escape.ts';
import { RawNumber } from './raw-number.ts';

export { parseJsonPreservingNumbers } from './json-preserving-numbers.ts';
export { formatPythonFloat } from './python-float-repr.ts';
export { quotePythonString } from './python-string-escape.ts';
export { pythonFloat, RawNumber } from './raw-number.ts';

export interface PythonDumpsOptions {
  /** Sort object keys by code point, like `sort_keys=True`. @default false */
  sortKeys?: boolean;
  /** Pretty-print with this many spaces per level, like `indent=2`. @default undefined (one line) */
  indent?: number;
}

/**
 * Serialises `value` exactly as Python's `json.dumps(value, sort_keys=..., indent=...)` would serialise
 * the same data. Safe integers (below 2^53) are written as ints, other numbers in Python's float `repr`; wrap a
 * number with `pythonFloat()` to force float form (`2.0`), or pass a RawNumber to keep a literal.
 * `undefined` object members are dropped and `toJSON()` is honoured, as in JSON.stringify.
 *
 * @example pythonDumps({ b: 1e-5, a: 'é' }, { sortKeys: true }) // '{"a": "\\u00e9", "b": 1e-05}'
 */
export function pythonDumps(value: unknown, options: PythonDumpsOptions = {}): string {
  const serializer = new Serializer(options.sortKeys ?? false, options.indent);
  const text = serializer.serialize(value, 0);
  if (text === undefined) throw new TypeError(`Expected a JSON-serialisable value, got ${typeof value}`);
  return text;
}

class Serializer {
  readonly #sortKeys: boolean;
  readonly #indent: string | undefined;
  // Python raises "Circular reference detected"; without this we would overflow the stack instead. The
  // objects being written, outermost first (a short list: a linear search beats a Set here).
  readonly #ancestors: object[] = [];

  constructor(sortKeys: boolean, indent: number | undefined) {
    this.#sortKeys = sortKeys;
    this.#indent = indent === undefined ? undefined : ' '.repeat(indent);
  }

  serialize(value: unknown, depth: number): string | undefined {
    switch (typeof value) {
      case 'string':
        return quotePythonString(value);
      case 'number':
        return Number.isSafeInteger(value) ? String(value) : formatPythonFloat(value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'bigint':
        return value.toString();
      case 'undefined':
      case 'function':
      case 'symbol':
        return undefined;
    }
    if (value === null) return 'null';
    const object = value as object;
    if (object instanceof RawNumber) return object.toPythonJson();
    const withToJson = object as { toJSON?: () => unknown };
    if (typeof withToJson.toJSON === 'function') return this.serialize(withToJson.toJSON(), depth);
    if (this.#ancestors.includes(object)) throw new TypeError('Circular reference detected');
    this.#ancestors.push(object);
    try {
      return Array.isArray(object)
        ? this.#serializeArray(object, depth)
        : this.#serializeObject(object as Record<string, unknown>, depth);
    } finally {
      this.#ancestors.pop();
    }
  }

  #serializeArray(items: readonly unknown[], depth: number): string {
    if (items.length === 0) return '[]';
    const separator = this.#separator(depth);
    let text = '';
    for (let index = 0; index < items.length; index += 1) {
      if (index > 0) text += separator;
      text += this.serialize(items[index], depth + 1) ?? 'null';
    }
    return this.#wrap('[', text, ']', depth);
  }

  #serializeObject(object: Record<string, unknown>, depth: number): string {
    const keys = Object.keys(object);
    if (this.#sortKeys) keys.sort(compareCodePoints);
    const separator = this.#separator(depth);
    let text = '';
    let empty = true;
    for (const key of keys) {
      const value = this.serialize(object[key], depth + 1);
      if (value === undefined) continue;
      if (!empty) text += separator;
      text += `${quotePythonString(key)}: ${value}`;
      empty = false;
    }
    return empty ? '{}' : this.#wrap('{', text, '}', depth);
  }

  // Between two members: ", " on one line, or a comma and a new indented line.
  #separator(depth: number): string {
    return this.#indent === undefined ? ', ' : `,\n${this.#indent.repeat(depth + 1)}`;
  }

  #wrap(open: string, members: string, close: string, depth: number): string {
    if (this.#indent === undefined) return `${open}${members}${close}`;
    return `${open}\n${this.#indent.repeat(depth + 1)}${members}\n${this.#indent.repeat(depth)}${close}`;
  }
}

/**
 * Orders strings by Unicode code point, as Python's `sorted()` does. JavaScript's default sort compares
 * UTF-16 code units, which puts astral characters (surrogate pairs, 0xD800-0xDFFF) before U+E000-U+FFFF.
 * A lone surrogate is a code point of its own in Python (0xD800-0xDFFF), below U+E000.
 */
export function compareCodePoints(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    if (left.charCodeAt(index) === right.charCodeAt(index)) continue;
    // Whole code points are compared, from the start of the one holding this unit: a high surrogate just
    // before it (the same in both) may start a pair in one string and stand alone in the other.
    const start = index > 0 && isHighSurrogate(left.charCodeAt(index - 1)) ? index - 1 : index;
    const leftPoint = left.codePointAt(start)!;
    const rightPoint = right.codePointAt(start)!;
    if (leftPoint !== rightPoint) return leftPoint - rightPoint;
    // Both lone high surrogates there: the difference is in the next code point.
    return left.codePointAt(index)! - right.codePointAt(index)!;
  }
  return left.length - right.length;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}
