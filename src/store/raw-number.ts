// A JSON number that remembers how it was written. Python distinguishes `1` (int) from `1.0` (float) and
// keeps integers of any size, while a JavaScript number loses both facts; re-hashing an event written by
// Python needs them back.
import { formatPythonFloat } from './python-float-repr.ts';

const NUMBER_LITERAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const PYTHON_CONSTANTS = new Set(['NaN', 'Infinity', '-Infinity']);

export class RawNumber {
  /** The literal exactly as it appeared in the source text, e.g. `1.0`, `1e-05`, `12345678901234567890`. */
  readonly text: string;

  constructor(text: string) {
    if (!NUMBER_LITERAL.test(text) && !PYTHON_CONSTANTS.has(text)) {
      throw new TypeError(`Expected \`text\` to be a JSON number literal, got \`${text}\` (${typeof text})`);
    }
    this.text = text;
  }

  /** The nearest JavaScript number (large integers lose precision here, never in `text`). */
  get value(): number {
    return Number(this.text);
  }

  /** True when Python would load this literal as a float rather than an int. */
  get isFloat(): boolean {
    return PYTHON_CONSTANTS.has(this.text) || /[.eE]/.test(this.text);
  }

  /**
   * What Python writes after `json.loads` of this literal: floats in `repr` form, ints digit for digit.
   * For anything Python wrote itself this is `text` unchanged.
   */
  toPythonJson(): string {
    if (PYTHON_CONSTANTS.has(this.text)) return this.text;
    if (this.isFloat) return formatPythonFloat(Number(this.text));
    return this.text === '-0' ? '0' : this.text;
  }

  valueOf(): number {
    return this.value;
  }

  toJSON(): number {
    return this.value;
  }
}

/** Marks a number as a Python float, so `2` is written `2.0` the way maestro-cli writes durations. */
export function pythonFloat(value: number): RawNumber {
  return new RawNumber(formatPythonFloat(value));
}
