// One base class for every error a user can see. `code` is stable (E0xx matches maestro-cli where one
// exists); `location` names file:line:column or the flag that caused it.
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface MaestroErrorOptions {
  code: string;
  message: string;
  location?: SourceLocation;
  /** Name of the CLI flag at fault, e.g. `--max-parallel`. */
  flag?: string;
  hint?: string;
  cause?: unknown;
}

const marker = Symbol.for('maestro.error.MaestroError');

export class MaestroError extends Error {
  readonly code: string;
  readonly location?: SourceLocation;
  readonly flag?: string;
  readonly hint?: string;
  readonly [marker] = true;

  constructor(options: MaestroErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = 'MaestroError';
    this.code = options.code;
    this.location = options.location;
    this.flag = options.flag;
    this.hint = options.hint;
  }

  static isInstance(value: unknown): value is MaestroError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }

  /** `[E005] plan.yaml:4:17: Task 'a' depends on unknown task 'zzz'` */
  format(): string {
    const where = this.location
      ? `${this.location.file}:${this.location.line}:${this.location.column}: `
      : this.flag
        ? `${this.flag}: `
        : '';
    return `[${this.code}] ${where}${this.message}${this.hint ? `\n  hint: ${this.hint}` : ''}`;
  }
}

export function formatLocation(location: SourceLocation | undefined): string {
  return location ? `${location.file}:${location.line}:${location.column}` : '';
}
