// `maestro explain PLAN [TASK]`: for each task, its cache key, whether a run now would hit, remember a
// failure, miss or wait for an upstream that runs, why, and what the key covers.
import { CACHE_COMPONENTS, COMPONENT_DESCRIPTIONS } from '../../cache/index.ts';
import { MaestroError } from '../../errors/index.ts';
import { loadPlan } from '../../plan/index.ts';
import { explainPlanCache, type TaskExplanation } from '../../run/explain-cache.ts';
import { cacheDirFor } from '../../run/run-plan.ts';
import { reportError } from '../report-error.ts';

export interface ExplainFlags {
  runDir?: string;
  cacheDir?: string;
  json?: boolean;
  executionProfile?: string;
}

export async function explainCommand(
  file: string,
  taskId: string | undefined,
  flags: ExplainFlags,
): Promise<number> {
  try {
    const plan = await loadPlan(file);
    if (taskId !== undefined && !plan.tasks.some((task) => task.id === taskId)) {
      const known = plan.tasks.map((task) => task.id);
      throw new MaestroError({
        code: 'E005',
        flag: '[task]',
        message: `unknown task '${taskId}'. Known tasks: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', ...' : ''}`,
      });
    }
    const cacheDir = cacheDirFor(plan, { cacheDir: flags.cacheDir, runsDir: flags.runDir });
    const all = explainPlanCache(plan, {
      cacheDir,
      cwd: process.cwd(),
      executionProfile: flags.executionProfile ?? 'plan',
      parentEnv: process.env,
    });
    const shown = taskId === undefined ? all : all.filter((entry) => entry.task_id === taskId);
    if (flags.json) {
      process.stdout.write(
        `${JSON.stringify({ plan: plan.name, cache_dir: cacheDir, tasks: shown, covers: COMPONENT_DESCRIPTIONS }, null, 2)}\n`,
      );
    } else {
      process.stdout.write(renderText(plan.name, cacheDir, shown, taskId !== undefined));
    }
    return 0;
  } catch (error) {
    return reportError(error);
  }
}

const verdictLabels: Record<TaskExplanation['verdict'], string> = {
  hit: 'hit',
  negative_hit: 'negative hit',
  miss: 'miss',
  expired: 'expired',
  not_cached: 'not cached',
  waits: 'waits',
  skipped: 'skipped',
};

function renderText(planName: string, cacheDir: string, tasks: TaskExplanation[], detailed: boolean): string {
  const lines = [`plan ${planName}, cache ${cacheDir}`];
  const idWidth = Math.min(40, Math.max(4, ...tasks.map((task) => task.task_id.length)));
  for (const task of tasks) {
    const key = task.key ? task.key.slice(0, 16) : '-'.padEnd(16);
    lines.push(
      `${task.task_id.padEnd(idWidth)}  ${verdictLabels[task.verdict].padEnd(12)}  ${key}  ${task.reason}`,
    );
  }
  const counts = new Map<string, number>();
  for (const task of tasks) counts.set(task.verdict, (counts.get(task.verdict) ?? 0) + 1);
  const running = tasks.filter((task) => task.would_run).length;
  lines.push(
    `${tasks.length} task${tasks.length === 1 ? '' : 's'}: ${[...counts].map(([verdict, count]) => `${count} ${verdictLabels[verdict as TaskExplanation['verdict']]}`).join(', ')}; ${running} would run`,
  );
  lines.push('', 'the key covers:');
  const only = detailed ? tasks[0] : undefined;
  for (const component of CACHE_COMPONENTS) {
    const hash = only?.components ? `${only.components[component]}  ` : '';
    lines.push(`  ${component.padEnd(10)} ${hash}${COMPONENT_DESCRIPTIONS[component]}`);
  }
  lines.push('  + the cache policy version; not the workspace files a command reads, nor the time');
  if (only?.changed?.length) {
    lines.push('', 'changed since the last entry:');
    for (const change of only.changed) {
      lines.push(`  ${change.component}${change.fields.length ? `: ${change.fields.join(', ')}` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
