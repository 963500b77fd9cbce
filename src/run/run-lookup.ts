// Finds the run directory that --resume-last means: the newest run of this plan in its runs folder.
import { MaestroError } from '../errors/index.ts';
import type { Plan } from '../plan/types.ts';
import { latestRunDirectory } from '../store/index.ts';

export function latestRunDirectoryFor(plan: Plan, runsDir?: string): string {
  const folder = runsDir ?? plan.run_dir;
  const latest = latestRunDirectory(folder, plan.name);
  if (!latest) {
    throw new MaestroError({
      code: 'E111',
      flag: '--resume-last',
      message: `no earlier run of plan '${plan.name}' in ${folder}`,
    });
  }
  return latest;
}
