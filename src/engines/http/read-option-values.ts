// Typed reads of engine options with messages that name the option and the value (STYLE habit 5). A bad
// value is an `unsupported` failure: the call cannot be made as written.
import { ModelCallFailure } from './model-call-failure.ts';

export class OptionReader {
  readonly #values: Record<string, unknown>;
  readonly #engine: string;

  constructor(engine: string, values: Record<string, unknown>) {
    this.#engine = engine;
    this.#values = values;
  }

  number(
    key: string,
    check: (value: number) => boolean = Number.isFinite,
    expected = 'a number',
  ): number | undefined {
    const value = this.#values[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !check(value)) throw this.#problem(key, expected, value);
    return value;
  }

  integer(key: string, minimum: number): number | undefined {
    return this.number(
      key,
      (value) => Number.isInteger(value) && value >= minimum,
      `an integer ≥ ${minimum}`,
    );
  }

  nonNegative(key: string): number | undefined {
    return this.number(key, (value) => Number.isFinite(value) && value >= 0, 'a number ≥ 0');
  }

  boolean(key: string): boolean | undefined {
    const value = this.#values[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw this.#problem(key, 'true or false', value);
    return value;
  }

  choice<T extends string>(key: string, choices: readonly T[]): T | undefined {
    const value = this.#values[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || !choices.includes(value as T)) {
      throw this.#problem(key, `one of ${choices.join(', ')}`, value);
    }
    return value as T;
  }

  stringList(key: string): string[] | undefined {
    const value = this.#values[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) return value as string[];
    throw this.#problem(key, 'a string or a list of strings', value);
  }

  durationLike(key: string): string | number | undefined {
    const value = this.#values[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
    throw this.#problem(key, 'a duration such as "10m" or a number of seconds', value);
  }

  #problem(key: string, expected: string, value: unknown): ModelCallFailure {
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    return new ModelCallFailure({
      kind: 'unsupported',
      message: `Expected \`options.${key}\` of the ${this.#engine} engine to be ${expected}, got \`${shown}\` (${typeof value})`,
    });
  }
}
