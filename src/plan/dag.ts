// Graph helpers over depends_on, all O(V+E) and iterative, so a 10 000-task chain cannot overflow the
// stack.
import { MaestroError } from '../errors/index.ts';

export interface DagNode {
  id: string;
  depends_on: readonly string[];
}

export interface DagOrder<T extends DagNode> {
  /** Every task after all of its dependencies; ties keep plan order. */
  order: T[];
  /** Task id -> ids of the tasks that depend on it directly, in plan order. */
  dependents: Map<string, string[]>;
}

/** Topological order (Kahn). Throws E005 for an unknown dependency and E004 for a cycle. */
export function topologicalOrder<T extends DagNode>(tasks: readonly T[]): DagOrder<T> {
  const byId = new Map<string, T>();
  const dependents = new Map<string, string[]>();
  for (const task of tasks) {
    byId.set(task.id, task);
    dependents.set(task.id, []);
  }
  const waiting = new Map<string, number>();
  for (const task of tasks) {
    const unique = new Set(task.depends_on);
    for (const dependency of unique) {
      const list = dependents.get(dependency);
      if (!list) {
        throw new MaestroError({
          code: 'E005',
          message: `Task '${task.id}' depends on unknown task '${dependency}'`,
        });
      }
      list.push(task.id);
    }
    waiting.set(task.id, unique.size);
  }
  const order: T[] = [];
  for (const task of tasks) if (waiting.get(task.id) === 0) order.push(task);
  for (let next = 0; next < order.length; next += 1) {
    const done = order[next] as T;
    for (const dependentId of dependents.get(done.id) ?? []) {
      const left = (waiting.get(dependentId) ?? 0) - 1;
      waiting.set(dependentId, left);
      if (left === 0) order.push(byId.get(dependentId) as T);
    }
  }
  if (order.length < tasks.length) {
    const cycle = findCycle(tasks) ?? [];
    throw new MaestroError({ code: 'E004', message: cycleMessage(cycle) });
  }
  return { order, dependents };
}

/** `Dependency cycle detected: a -> b -> a (each task depends on the next)` */
export function cycleMessage(cycle: readonly string[]): string {
  return `Dependency cycle detected: ${cycle.join(' -> ')} (each task depends on the next)`;
}

const UNVISITED = 0;
const ON_PATH = 1;
const DONE = 2;

/**
 * One dependency cycle as a closed path `[a, b, c, a]` (a depends on b, b on c, c on a), or undefined.
 * Unknown dependencies are ignored.
 */
export function findCycle(tasks: readonly DagNode[]): string[] | undefined {
  const byId = new Map<string, DagNode>();
  for (const task of tasks) byId.set(task.id, task);
  const state = new Map<string, number>();
  for (const start of tasks) {
    if ((state.get(start.id) ?? UNVISITED) !== UNVISITED) continue;
    // The explicit stack holds the current path and, per node, the next dependency to look at.
    const path: string[] = [start.id];
    const nextIndex: number[] = [0];
    state.set(start.id, ON_PATH);
    while (path.length > 0) {
      const top = path.length - 1;
      const node = byId.get(path[top] as string) as DagNode;
      const index = nextIndex[top] as number;
      if (index >= node.depends_on.length) {
        state.set(node.id, DONE);
        path.pop();
        nextIndex.pop();
        continue;
      }
      nextIndex[top] = index + 1;
      const dependency = node.depends_on[index] as string;
      if (!byId.has(dependency)) continue;
      const dependencyState = state.get(dependency) ?? UNVISITED;
      if (dependencyState === ON_PATH) return [...path.slice(path.indexOf(dependency)), dependency];
      if (dependencyState === UNVISITED) {
        state.set(dependency, ON_PATH);
        path.push(dependency);
        nextIndex.push(0);
      }
    }
  }
  return undefined;
}
