// `maestro budget [PLAN]`: the cross-run budget ledger.
import { MaestroError } from '../../errors/index.ts';
import { reportError } from '../report-error.ts';

export async function budgetCommand(
  _plan: string | undefined,
  _flags: { period?: string; json?: boolean },
): Promise<number> {
  return reportError(new MaestroError({ code: 'E109', message: 'maestro budget is being built' }));
}
