// From a parsed YAML file to a validated, resolved Plan, in maestro-cli's order: version, plan keys,
// imports, matrix expansion, each task's schema, task rules, cycles, then defaults, prompts, paths and
// group sub-plans. The first problem is thrown as a MaestroError with the position of the offending node.
import { dirname, resolve } from 'node:path';
import { MaestroError } from '../../errors/index.ts';
import { cycleMessage, findCycle } from '../dag.ts';
import { resolveTask } from '../expand/apply-defaults.ts';
import { attachGroupPlans } from '../expand/group-plans.ts';
import { resolveImports } from '../expand/import-resolution.ts';
import { expandMatrices } from '../expand/matrix-expansion.ts';
import { PROMPT_FILE_PENDING, PromptReader } from '../expand/prompt-sources.ts';
import type { PlanFiles } from '../plan-files.ts';
import { DEFAULT_PLAN_NAME, DEFAULT_RUN_DIR } from '../plan-vocabulary.ts';
import { fastParseMapping } from '../schema/fast-parse.ts';
import { describeValue } from '../schema/issue-code.ts';
import { PLAN_FIELDS } from '../schema/plan-fields.ts';
import type { PlanHeader } from '../schema/plan-schema.ts';
import type { Plan, PlanWarning, Task } from '../types.ts';
import { reportDuplicateKeys } from '../validate/duplicate-keys.ts';
import { checkFiles } from '../validate/file-checks.ts';
import { keyTrees } from '../validate/key-trees.ts';
import { checkPlanHeader } from '../validate/plan-checks.ts';
import { parseOrThrow } from '../validate/schema-issues.ts';
import { checkTaskKind, type TaskCheckContext } from '../validate/task-kind-checks.ts';
import {
  addImplicitDependencies,
  checkReferences,
  checkUniqueIds,
} from '../validate/task-reference-checks.ts';
import { needsKeyScan, reportUnknownKeys } from '../validate/unknown-keys.ts';
import type { YamlSource } from '../yaml/yaml-source.ts';
import { parseTasks } from './parse-task.ts';
import { isMapping, type LoadedTask, sourceError, type TaskEntry, taskError } from './task-entry.ts';

type PlanSchemas = typeof import('../schema/plan-schema.ts');

export interface BuildContext {
  files: PlanFiles;
  strict: boolean;
  parse: (text: string, file: string) => YamlSource;
  /** Plan files above this one through `group:`, outermost first, ending with this file. */
  groupChain: readonly string[];
  groupCache: Map<string, Promise<Plan>>;
  loadGroup(file: string, chain: readonly string[], unreadable: UnreadablePlan): Promise<Plan>;
}

/** The error for a plan file that is missing (`reason` undefined) or cannot be read (`reason` says why). */
export type UnreadablePlan = (reason?: string) => MaestroError;

export async function buildPlan(source: YamlSource, context: BuildContext): Promise<Plan> {
  const warnings: PlanWarning[] = [];
  try {
    return await build(source, context, warnings);
  } catch (error) {
    throw withUnknownKeyHint(error, warnings);
  }
}

async function build(source: YamlSource, context: BuildContext, warnings: PlanWarning[]): Promise<Plan> {
  reportDuplicateKeys(source, context.strict, warnings);
  const root = source.value;
  if (!isMapping(root))
    throw sourceError(source, 'E018', `Plan root must be a mapping, got ${describeValue(root)}`);
  // The usual plan is read without zod; the schemas are loaded only to read (and word errors about)
  // anything else.
  // (`version` is checked on its own first, where an empty `version:` is an error, not an absent key.)
  const fastHeader =
    root.version === null ? undefined : (fastParseMapping(root, PLAN_FIELDS) as PlanHeader | undefined);
  const schemas = fastHeader ? undefined : await import('../schema/plan-schema.ts');
  if (schemas) {
    parseOrThrow(schemas.versionSchema, root.version, {
      source,
      path: ['version'],
      subject: '',
      pathPrefix: ['version'],
    });
  }
  reportUnknownKeys(root, (await keyTrees(root, 'plan')).PLAN_TREE, {
    source,
    path: [],
    owner: 'the plan',
    strict: context.strict,
    warnings,
    allowAnchorKeys: true,
  });
  const header =
    fastHeader ??
    parseOrThrow((schemas as PlanSchemas).planHeaderSchema, root, { source, path: [], subject: '' });
  checkPlanHeader(header, source, warnings);

  // Fragments are YAML files of this plan too: their repeated keys are reported the same way.
  const parseFragment = (text: string, file: string): YamlSource => {
    const fragment = context.parse(text, file);
    reportDuplicateKeys(fragment, context.strict, warnings);
    return fragment;
  };
  const entries = [
    ...(await resolveImports(source, { files: context.files, parse: parseFragment })),
    ...(header.tasks ?? []).map((raw, index) => ownEntry(raw, source, index)),
  ];
  if (entries.length === 0) throw sourceError(source, 'E001', 'tasks must be a non-empty list', ['tasks']);
  for (const entry of entries) {
    const trees = keyTrees(entry.raw, 'task');
    const tree = (trees instanceof Promise ? await trees : trees).TASK_TREE;
    if (!needsKeyScan(entry.raw, tree)) continue;
    const id =
      typeof entry.raw.id === 'string' || typeof entry.raw.id === 'number'
        ? `task '${entry.raw.id}'`
        : 'a task';
    reportUnknownKeys(entry.raw, tree, { ...entry.origin, owner: id, strict: context.strict, warnings });
  }
  const loaded = await parseTasks(await expandMatrices(entries));
  validateTasks(header, loaded, warnings);
  await checkFiles(header, loaded, source, context.files);

  const baseDir = dirname(source.file);
  const workspaceRoot =
    header.workspace_root !== undefined ? resolve(baseDir, header.workspace_root) : undefined;
  const reader = new PromptReader(context.files);
  // Read all prompt files at once, but report the first failing task in plan order.
  const reads = loaded.map((task) =>
    reader.needsFile(task) ? reader.prompt(task, folderOf(task)) : undefined,
  );
  const prompts = reads.some((read) => read !== undefined) ? await Promise.allSettled(reads) : [];
  const defaults = header.defaults ?? {};
  const tasks = loaded.map((task, index): Task => {
    const prompt = prompts[index];
    if (prompt?.status === 'rejected') throw prompt.reason;
    const text = reads[index] !== undefined ? prompt?.value : reader.inlinePrompt(task);
    if (text === PROMPT_FILE_PENDING) {
      const key = task.task.prompt_file ? 'prompt_file' : 'prompt_md_file';
      warnings.push({
        code: 'W104',
        message: `Task '${task.task.id}': ${key} ${task.task[key]} does not exist yet; the task reads it when it starts`,
        location: task.origin.source.locate([...task.origin.path, key]),
      });
      return resolveTask(task, undefined, { defaults, baseDir: folderOf(task), workspaceRoot });
    }
    return resolveTask(task, text, { defaults, baseDir: folderOf(task), workspaceRoot });
  });
  await attachGroupPlans(
    tasks,
    loaded,
    { ...context, chain: context.groupChain, cache: context.groupCache, load: context.loadGroup },
    warnings,
  );
  return toPlan(header, tasks, source, warnings, workspaceRoot);
}

// The folder of the file a task was written in (one dirname per file, not per task).
const folders = new WeakMap<YamlSource, string>();
function folderOf(task: LoadedTask): string {
  const { source } = task.origin;
  let folder = folders.get(source);
  if (folder === undefined) {
    folder = dirname(source.file);
    folders.set(source, folder);
  }
  return folder;
}

function ownEntry(raw: unknown, source: YamlSource, index: number): TaskEntry {
  if (!isMapping(raw)) {
    throw sourceError(source, 'E018', `tasks[${index}] must be a mapping, got ${describeValue(raw)}`, [
      'tasks',
      index,
    ]);
  }
  return { raw, origin: { source, path: ['tasks', index] } };
}

function validateTasks(header: PlanHeader, loaded: LoadedTask[], warnings: PlanWarning[]): void {
  const byId = checkUniqueIds(loaded);
  addImplicitDependencies(loaded, byId);
  const context: TaskCheckContext = {
    defaults: header.defaults ?? {},
    hasWorkspaceRoot: Boolean(header.workspace_root),
    mcpServers: new Map(
      (header.mcp_servers ?? []).map((server) => [server.name ?? '', server.allowed_task_roles ?? []]),
    ),
    warnings,
  };
  for (const task of loaded) {
    checkTaskKind(task, context);
    checkReferences(task, byId, warnings);
  }
  const cycle = findCycle(loaded.map(({ task }) => ({ id: task.id, depends_on: task.depends_on ?? [] })));
  if (cycle) {
    const from = byId.get(cycle.at(-2) as string) as LoadedTask;
    const index = (from.task.depends_on ?? []).indexOf(cycle.at(-1) as string);
    throw taskError(from, 'E004', cycleMessage(cycle), ['depends_on', index]);
  }
}

function toPlan(
  header: PlanHeader,
  tasks: Task[],
  source: YamlSource,
  warnings: PlanWarning[],
  workspaceRoot: string | undefined,
): Plan {
  const { tasks: _tasks, version: _version, ...rest } = header;
  const baseDir = dirname(source.file);
  const plan: Plan = {
    ...rest,
    version: 1,
    name: header.name?.trim() || DEFAULT_PLAN_NAME,
    goal: header.goal ?? '',
    max_parallel: header.max_parallel ?? 1,
    fail_fast: header.fail_fast ?? true,
    run_dir: resolve(baseDir, header.run_dir ?? DEFAULT_RUN_DIR),
    defaults: header.defaults ?? {},
    tasks,
    file: source.file,
    baseDir,
    warnings,
  };
  if (workspaceRoot !== undefined) plan.workspace_root = workspaceRoot;
  else delete plan.workspace_root;
  return plan;
}

// A typo'd key is often the cause of the error that follows (`promt:` -> E007), so say so.
function withUnknownKeyHint(error: unknown, warnings: readonly PlanWarning[]): unknown {
  if (!MaestroError.isInstance(error) || error.hint !== undefined) return error;
  const file = error.location?.file;
  const unknown = warnings
    .filter((warning) => warning.code === 'W100' && warning.location?.file === file)
    .slice(0, 3);
  if (unknown.length === 0) return error;
  return new MaestroError({
    code: error.code,
    message: error.message,
    location: error.location,
    flag: error.flag,
    cause: error.cause,
    hint: `the plan also has unknown keys: ${unknown.map((warning) => warning.message).join('; ')}`,
  });
}
