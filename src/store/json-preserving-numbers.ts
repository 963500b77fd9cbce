// A JSON parser that returns every number as a RawNumber, so a line written by Python can be serialised
// again with its float literals intact (`1.0` stays `1.0`). It accepts what Python's `json.loads` accepts,
// including the `NaN`, `Infinity` and `-Infinity` constants that `json.dumps` emits for non-finite floats.
import { RawNumber } from './raw-number.ts';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

/** Parses `text` as JSON; numbers come back as RawNumber, objects keep Python's last-value-wins rule. */
export function parseJsonPreservingNumbers(text: string): unknown {
  const parser = new Parser(text);
  const value = parser.parseValue();
  parser.skipWhitespace();
  if (parser.position !== text.length) parser.fail('Unexpected data after the JSON value');
  return value;
}

class Parser {
  readonly #text: string;
  position = 0;

  constructor(text: string) {
    this.#text = text;
  }

  parseValue(): unknown {
    this.skipWhitespace();
    const character = this.#text[this.position];
    if (character === '{') return this.#parseObject();
    if (character === '[') return this.#parseArray();
    if (character === '"') return this.#parseString();
    if (character === 't') return this.#parseWord('true', true);
    if (character === 'f') return this.#parseWord('false', false);
    if (character === 'n') return this.#parseWord('null', null);
    if (character === 'N') return this.#parseWord('NaN', new RawNumber('NaN'));
    if (character === 'I') return this.#parseWord('Infinity', new RawNumber('Infinity'));
    if (this.#text.startsWith('-Infinity', this.position)) {
      return this.#parseWord('-Infinity', new RawNumber('-Infinity'));
    }
    return this.#parseNumber();
  }

  skipWhitespace(): void {
    WHITESPACE.lastIndex = this.position;
    WHITESPACE.test(this.#text);
    this.position = WHITESPACE.lastIndex;
  }

  fail(message: string): never {
    throw new SyntaxError(`${message} at position ${this.position}`);
  }

  #parseObject(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.position += 1;
    this.skipWhitespace();
    if (this.#text[this.position] === '}') {
      this.position += 1;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.#text[this.position] !== '"') this.fail('Expected a property name');
      const key = this.#parseString();
      this.skipWhitespace();
      if (this.#text[this.position] !== ':') this.fail("Expected ':' after a property name");
      this.position += 1;
      const value = this.parseValue();
      // `result[key] = value` would set the prototype for a key named __proto__.
      if (key === '__proto__') {
        Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      } else {
        result[key] = value;
      }
      this.skipWhitespace();
      const separator = this.#text[this.position];
      this.position += 1;
      if (separator === '}') return result;
      if (separator !== ',') this.fail("Expected ',' or '}' in an object");
    }
  }

  #parseArray(): unknown[] {
    const result: unknown[] = [];
    this.position += 1;
    this.skipWhitespace();
    if (this.#text[this.position] === ']') {
      this.position += 1;
      return result;
    }
    for (;;) {
      result.push(this.parseValue());
      this.skipWhitespace();
      const separator = this.#text[this.position];
      this.position += 1;
      if (separator === ']') return result;
      if (separator !== ',') this.fail("Expected ',' or ']' in an array");
    }
  }

  // Finds the closing quote by hand and lets JSON.parse decode escapes only when there are any.
  #parseString(): string {
    const start = this.position;
    let index = start + 1;
    let hasEscape = false;
    for (;;) {
      const code = this.#text.charCodeAt(index);
      if (Number.isNaN(code)) this.fail('Unterminated string');
      if (code === 0x22) break;
      if (code === 0x5c) {
        hasEscape = true;
        index += 2;
        continue;
      }
      if (code < 0x20) {
        this.position = index;
        this.fail('Control character in string');
      }
      index += 1;
    }
    this.position = index + 1;
    if (!hasEscape) return this.#text.slice(start + 1, index);
    try {
      return JSON.parse(this.#text.slice(start, index + 1)) as string;
    } catch {
      this.position = start;
      return this.fail('Invalid escape in string');
    }
  }

  #parseNumber(): RawNumber {
    NUMBER.lastIndex = this.position;
    const match = NUMBER.exec(this.#text);
    if (match === null) this.fail('Unexpected character');
    this.position = NUMBER.lastIndex;
    return new RawNumber(match[0]);
  }

  #parseWord<T>(word: string, value: T): T {
    if (!this.#text.startsWith(word, this.position)) this.fail('Unexpected character');
    this.position += word.length;
    return value;
  }
}
