// The "Timeline" of run_summary.md groups tasks into waves: DAG levels, where a task sits one level
// below its deepest dependency. Tasks whose dependencies never ran (or form a cycle) go, sorted, into one
// last wave, as maestro-cli's `_compute_waves` does. Computed in linear time with an explicit stack, so a
// 10 000-task chain neither loops quadratically nor overflows the call stack.
import { compareCodePoints } from './python-json.ts';

export interface WaveTask {
  id: string;
  dependsOn: readonly string[];
}

const BLOCKED = -1;

/** Waves of the tasks that have a result, each in plan order. */
export function computeWaves(tasks: readonly WaveTask[], hasResult: (taskId: string) => boolean): string[][] {
  const present = tasks.filter((task) => hasResult(task.id));
  const byId = new Map(present.map((task) => [task.id, task]));
  const levels = new Map<string, number>();
  for (const task of present) computeLevel(task, byId, levels);
  const waves: string[][] = [];
  const blocked: string[] = [];
  for (const task of present) {
    const level = levels.get(task.id) ?? BLOCKED;
    if (level === BLOCKED) {
      blocked.push(task.id);
      continue;
    }
    while (waves.length <= level) waves.push([]);
    waves[level]!.push(task.id);
  }
  if (blocked.length > 0) waves.push(blocked.sort(compareCodePoints));
  return waves;
}

interface Frame {
  task: WaveTask;
  nextDependency: number;
  /** Level of the deepest dependency seen so far, -1 when none. */
  deepest: number;
  isBlocked: boolean;
}

function computeLevel(
  root: WaveTask,
  byId: ReadonlyMap<string, WaveTask>,
  levels: Map<string, number>,
): void {
  if (levels.has(root.id)) return;
  const visiting = new Set<string>([root.id]);
  const stack: Frame[] = [newFrame(root)];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.nextDependency < frame.task.dependsOn.length) {
      const dependencyId = frame.task.dependsOn[frame.nextDependency]!;
      frame.nextDependency += 1;
      const dependency = byId.get(dependencyId);
      const known = levels.get(dependencyId);
      // A dependency without a result, or one we are still inside of (a cycle), never completes.
      if (dependency === undefined || visiting.has(dependencyId)) frame.isBlocked = true;
      else if (known !== undefined) record(frame, known);
      else {
        visiting.add(dependencyId);
        stack.push(newFrame(dependency));
      }
      continue;
    }
    const level = frame.isBlocked ? BLOCKED : frame.deepest + 1;
    levels.set(frame.task.id, level);
    visiting.delete(frame.task.id);
    stack.pop();
    const parent = stack[stack.length - 1];
    if (parent !== undefined) record(parent, level);
  }
}

function newFrame(task: WaveTask): Frame {
  return { task, nextDependency: 0, deepest: -1, isBlocked: false };
}

function record(frame: Frame, dependencyLevel: number): void {
  if (dependencyLevel === BLOCKED) frame.isBlocked = true;
  else frame.deepest = Math.max(frame.deepest, dependencyLevel);
}
