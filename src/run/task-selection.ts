// --only / --skip / --tags / --skip-tags: which tasks of the plan run. The others end as `skipped`
// (kind filter), and dependants treat them as satisfied.
import { MaestroError } from '../errors/index.ts';
import type { Plan } from '../plan/types.ts';

export interface SelectionOptions {
  only?: string[];
  skip?: string[];
  tags?: string[];
  skipTags?: string[];
}

export function selectTasks(plan: Plan, options: SelectionOptions): Set<string> {
  const ids = plan.tasks.map((task) => task.id);
  const only = options.only?.length ? expandIds(ids, options.only, '--only') : undefined;
  const skip = options.skip?.length ? expandIds(ids, options.skip, '--skip') : new Set<string>();
  const tags = options.tags?.length ? new Set(options.tags) : undefined;
  const skipTags = new Set(options.skipTags ?? []);
  const selected = new Set<string>();
  for (const task of plan.tasks) {
    if (only && !only.has(task.id)) continue;
    if (skip.has(task.id)) continue;
    if (tags && !task.tags.some((tag) => tags.has(tag))) continue;
    if (task.tags.some((tag) => skipTags.has(tag))) continue;
    selected.add(task.id);
  }
  return selected;
}

// A matrix parent id (`m`) names all of its children (`m.x-a`, `m.x-b`).
function expandIds(ids: string[], requested: string[], flag: string): Set<string> {
  const known = new Set(ids);
  const result = new Set<string>();
  for (const id of requested) {
    if (known.has(id)) {
      result.add(id);
      continue;
    }
    const children = ids.filter((candidate) => candidate.startsWith(`${id}.`));
    if (children.length === 0) {
      throw new MaestroError({
        code: 'E005',
        flag,
        message: `${flag} names unknown task '${id}'. Known tasks: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', ...' : ''}`,
      });
    }
    for (const child of children) result.add(child);
  }
  return result;
}
