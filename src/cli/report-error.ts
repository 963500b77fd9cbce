// The one place where errors become text and exit codes. A coded MaestroError prints its code and where
// it happened; anything else is a bug, printed without a stack trace unless MAESTRO_DEBUG is set.
import { MaestroError } from '../errors/index.ts';

export function reportError(error: unknown): number {
  if (MaestroError.isInstance(error)) {
    process.stderr.write(`[maestro] error: ${error.format()}\n`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`[maestro] internal error: ${message}\n`);
  if (process.env.MAESTRO_DEBUG && error instanceof Error && error.stack)
    process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('  (set MAESTRO_DEBUG=1 for the stack trace, and please report it)\n');
  return 1;
}
