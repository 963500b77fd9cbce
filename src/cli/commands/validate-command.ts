// `maestro validate PLAN [--json] [--strict]`
import { MaestroError } from '../../errors/index.ts';
import { loadPlan } from '../../plan/load-plan.ts';
import { reportError } from '../report-error.ts';
import { printWarnings } from './print-warnings.ts';

export async function validateCommand(
  file: string,
  flags: { json?: boolean; strict?: boolean },
): Promise<number> {
  try {
    const plan = await loadPlan(file, { strict: flags.strict });
    if (flags.json) {
      process.stdout.write(
        `${JSON.stringify({
          valid: true,
          file: plan.file,
          name: plan.name,
          tasks: plan.tasks.length,
          max_parallel: plan.max_parallel,
          fail_fast: plan.fail_fast,
          warnings: plan.warnings.map((warning) => ({
            code: warning.code,
            message: warning.message,
            ...warning.location,
          })),
        })}\n`,
      );
      return 0;
    }
    process.stdout.write(
      `Plan is valid: ${plan.file}\n- name: ${plan.name}\n- tasks: ${plan.tasks.length}\n- max_parallel: ${plan.max_parallel}\n- fail_fast: ${plan.fail_fast}\n`,
    );
    printWarnings(plan.warnings, 'stdout');
    return 0;
  } catch (error) {
    if (flags.json && MaestroError.isInstance(error)) {
      process.stdout.write(
        `${JSON.stringify({ valid: false, error: { code: error.code, message: error.message, ...error.location } })}\n`,
      );
      return 1;
    }
    return reportError(error);
  }
}
