// `maestro explain PLAN [TASK]`: why each task would hit or miss the cache.
import { MaestroError } from '../../errors/index.ts';
import { reportError } from '../report-error.ts';

export async function explainCommand(
  _plan: string,
  _task: string | undefined,
  _flags: { runDir?: string; cacheDir?: string; json?: boolean },
): Promise<number> {
  return reportError(new MaestroError({ code: 'E109', message: 'maestro explain is being built' }));
}
