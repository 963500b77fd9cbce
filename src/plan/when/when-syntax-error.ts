// A `when:` condition that does not parse. `column` is 1-based within the condition text, so the loader
// can point at the exact character inside the plan file.
import { MaestroError } from '../../errors/index.ts';

export class WhenSyntaxError extends MaestroError {
  readonly column: number;

  constructor(message: string, column: number) {
    super({ code: 'E015', message: `${message} (at column ${column})` });
    this.name = 'WhenSyntaxError';
    this.column = column;
  }
}
