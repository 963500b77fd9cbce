// `imports: [{path, prefix, overrides}]`: tasks of plan fragments join the plan as `prefix/id`, before
// the plan's own tasks. Rules as maestro-cli (E025-E028): prefixes match [a-z0-9][a-z0-9-]* and are
// unique per file, fragments nest at most 5 deep, and a fragment may not import one of its importers.
// Unlike maestro-cli, one fragment may be imported twice under two prefixes, and `when` references are
// prefixed like depends_on.
import { dirname, resolve } from 'node:path';
import { MaestroError } from '../../errors/index.ts';
import { isMapping, sourceError, type TaskEntry } from '../load/task-entry.ts';
import { type PlanFiles, readPlanText } from '../plan-files.ts';
import { MAX_IMPORT_DEPTH } from '../plan-vocabulary.ts';
import { TEMPLATE_REFERENCE } from '../template.ts';
import { parseOrThrow } from '../validate/schema-issues.ts';
import type { YamlSource } from '../yaml/yaml-source.ts';

const PREFIX_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const NOT_TASKS = new Set(['workspace_root', 'plan_name', 'task_id', 'goal', 'matrix', 'batch', 'watch']);

export interface ImportContext {
  files: PlanFiles;
  parse: (text: string, file: string) => YamlSource;
}

/** Imported task entries of `source` (nested imports first), prefixed and with overrides applied. */
export async function resolveImports(
  source: YamlSource,
  context: ImportContext,
  chain: readonly string[] = [source.file],
): Promise<TaskEntry[]> {
  const root = source.value as Record<string, unknown>;
  if (root.imports === undefined || root.imports === null) return [];
  // The zod schemas are loaded only for a plan that imports fragments.
  const { importsSchema } = await import('../schema/plan-blocks-schema.ts');
  const imports = parseOrThrow(importsSchema, root.imports, {
    source,
    path: ['imports'],
    subject: '',
    pathPrefix: ['imports'],
  });
  if (imports.length === 0) return [];
  if (chain.length > MAX_IMPORT_DEPTH + 1) {
    throw sourceError(source, 'E025', `Import depth exceeds ${MAX_IMPORT_DEPTH}: ${chain.join(' -> ')}`, [
      'imports',
    ]);
  }
  const entries: TaskEntry[] = [];
  const prefixes = new Set<string>();
  for (const [index, declaration] of imports.entries()) {
    const prefix = declaration.prefix as string;
    if (!PREFIX_PATTERN.test(prefix)) {
      throw sourceError(source, 'E028', `Import prefix '${prefix}' must match [a-z0-9][a-z0-9-]*`, [
        'imports',
        index,
        'prefix',
      ]);
    }
    if (prefixes.has(prefix)) {
      throw sourceError(source, 'E027', `Duplicate import prefix: '${prefix}'`, ['imports', index, 'prefix']);
    }
    prefixes.add(prefix);
    const file = resolve(dirname(source.file), declaration.path as string);
    if (chain.includes(file)) {
      throw sourceError(source, 'E025', `Circular import: ${[...chain, file].join(' -> ')}`, [
        'imports',
        index,
        'path',
      ]);
    }
    const where = ['imports', index, 'path'];
    const text = await readPlanText(context.files, file, (reason) =>
      sourceError(source, 'E026', `Imported file cannot be read: ${file} (${reason})`, where),
    );
    if (text === undefined) throw sourceError(source, 'E026', `Imported file not found: ${file}`, where);
    const fragment = parseFragment(context, text, file);
    const tasks = fragmentTasks(fragment);
    entries.push(...(await resolveImports(fragment, context, [...chain, file])));
    const overrides = (declaration.overrides ?? {}) as Record<string, unknown>;
    tasks.forEach((raw, taskIndex) => {
      entries.push({
        raw: importTask(fragment, raw, taskIndex, prefix, overrides),
        origin: { source: fragment, path: ['tasks', taskIndex] },
      });
    });
  }
  return entries;
}

// A fragment that is not valid YAML is an import problem (E026, as maestro-cli), located in the fragment.
function parseFragment(context: ImportContext, text: string, file: string): YamlSource {
  try {
    return context.parse(text, file);
  } catch (error) {
    if (!MaestroError.isInstance(error) || error.code !== 'E090') throw error;
    throw new MaestroError({
      code: 'E026',
      message: `Invalid YAML in imported file ${file}: ${error.message.replace(/^Invalid YAML: /, '')}`,
      location: error.location ?? { file, line: 1, column: 1 },
      hint: error.hint,
      cause: error,
    });
  }
}

function fragmentTasks(fragment: YamlSource): unknown[] {
  if (!isMapping(fragment.value)) {
    throw sourceError(fragment, 'E026', `Imported file must contain a mapping: ${fragment.file}`);
  }
  const tasks = fragment.value.tasks;
  if (!Array.isArray(tasks)) {
    throw sourceError(fragment, 'E026', `Imported file must contain a 'tasks' list: ${fragment.file}`, [
      'tasks',
    ]);
  }
  return tasks;
}

function importTask(
  fragment: YamlSource,
  raw: unknown,
  index: number,
  prefix: string,
  overrides: Record<string, unknown>,
): Record<string, unknown> {
  const where = ['tasks', index];
  if (!isMapping(raw))
    throw sourceError(fragment, 'E026', `Imported task at index ${index} must be a mapping`, where);
  const id = typeof raw.id === 'number' ? String(raw.id) : raw.id;
  if (typeof id !== 'string' || id.trim() === '') {
    throw sourceError(fragment, 'E026', `Imported task at index ${index} is missing 'id'`, where);
  }
  const task: Record<string, unknown> = Object.assign({}, raw, { id: `${prefix}/${id.trim()}` });
  for (const key of ['depends_on', 'context_from'] as const) {
    if (task[key] === undefined || task[key] === null) continue;
    const list = typeof task[key] === 'string' ? [task[key]] : task[key];
    if (!Array.isArray(list)) {
      throw sourceError(fragment, 'E026', `Imported task '${id}' has an invalid ${key}`, [...where, key]);
    }
    task[key] = list.map((item) => {
      const name = typeof item === 'number' ? String(item) : item;
      return typeof name === 'string' && !name.includes('/') && name !== '*' ? `${prefix}/${name}` : name;
    });
  }
  if (typeof task.when === 'string') task.when = prefixReferences(task.when, prefix);
  for (const [key, value] of Object.entries(overrides)) {
    if (key === 'env' && isMapping(value)) {
      if (task.env !== undefined && task.env !== null && !isMapping(task.env)) {
        throw sourceError(fragment, 'E026', `Imported task '${id}' has a non-mapping env`, [...where, 'env']);
      }
      task.env = { ...((task.env as Record<string, unknown> | undefined) ?? {}), ...value };
    } else {
      task[key] = value;
    }
  }
  return task;
}

// `{{ lint.status }}` inside a fragment means the fragment's own `lint`, so it becomes `{{ qa/lint.status }}`.
function prefixReferences(text: string, prefix: string): string {
  return text.replace(TEMPLATE_REFERENCE, (whole: string, reference: string) => {
    const [head] = reference.split('.');
    if (!reference.includes('.') || head === undefined || head.includes('/') || NOT_TASKS.has(head))
      return whole;
    return whole.replace(reference, `${prefix}/${reference}`);
  });
}
