// A task on its way through loading: the mapping as written plus where it was written, so every later
// error can point at the right file, line and column even after imports and matrix expansion.
import { MaestroError } from '../../errors/index.ts';
import type { ParsedTask } from '../schema/task-schema.ts';
import type { YamlPath, YamlSource } from '../yaml/yaml-source.ts';

export interface TaskOrigin {
  source: YamlSource;
  /** Path of the task mapping inside `source`, e.g. ['tasks', 3]. */
  path: YamlPath;
}

export interface TaskEntry {
  raw: Record<string, unknown>;
  origin: TaskOrigin;
}

/** A task after schema parsing; `id` is known to be a string. */
export interface LoadedTask {
  task: ParsedTask & { id: string };
  origin: TaskOrigin;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Error about a task, located at `field` of the task (or at the task itself). */
export function taskError(
  loaded: { origin: TaskOrigin },
  code: string,
  message: string,
  field: YamlPath = [],
): MaestroError {
  const { source, path } = loaded.origin;
  return new MaestroError({ code, message, location: source.locate([...path, ...field]) });
}

/** Error about a plan-level value of `source`. */
export function sourceError(
  source: YamlSource,
  code: string,
  message: string,
  path: YamlPath = [],
): MaestroError {
  return new MaestroError({ code, message, location: source.locate(path) });
}
