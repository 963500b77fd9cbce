// Runs a plan written inline (one YAML line per entry) through the built CLI in a fresh temp folder, and
// reads back its run directory and events. The folder is removed by the caller's cleanups.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, runMaestro } from './cli.ts';
import { onlyRunDirectory, readEvents } from './run-dir.ts';

export async function runPlanLines(
  lines: string[],
  cleanups: (() => void)[],
  options: { prefix?: string; args?: string[] } = {},
) {
  const dir = makeTempDir(options.prefix ?? 'maestro-plan-');
  cleanups.push(dir.remove);
  const plan = join(dir.path, 'plan.yaml');
  writeFileSync(plan, `${lines.join('\n')}\n`);
  const result = await runMaestro(
    ['run', plan, '-q', '--run-dir', join(dir.path, 'runs'), ...(options.args ?? [])],
    { cwd: dir.path },
  );
  const runPath = onlyRunDirectory(join(dir.path, 'runs'));
  return { dir: dir.path, plan, result, runPath, events: readEvents(runPath) };
}
