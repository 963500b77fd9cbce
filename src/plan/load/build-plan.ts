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
import { PromptReader } from '../expand/prompt-sources.ts';
import type { PlanFiles } from '../plan-files.ts';
import { DEFAULT_PLAN_NAME, DEFAULT_RUN_DIR } from '../plan-vocabulary.ts';
import { describeValue } from '../schema/issue-code.ts';
import { type PlanHeader, planHeaderSchema, versionSchema } from '../schema/plan-schema.ts';
import type { Plan, PlanWarning, Task } from '../types.ts';
import { checkFiles } from '../validate/file-checks.ts';
import { PLAN_TREE, TASK_TREE } from '../validate/known-keys.ts';
import { checkPlanHeader } from '../validate/plan-checks.ts';
import { parseOrThrow } from '../validate/schema-issues.ts';
import { checkTaskKind, type TaskCheckContext } from '../validate/task-kind-checks.ts';
import {
  addImplicitDependencies,
  checkReferences,
  checkUniqueIds,
} from '../validate/task-reference-checks.ts';
import { reportUnknownKeys } from '../validate/unknown-keys.ts';
import type { YamlSource } from '../yaml/yaml-source.ts';
import { parseTask } from './parse-task.ts';
import { isMapping, type LoadedTask, sourceError, type TaskEntry, taskError } from './task-entry.ts';

export interface BuildContext {
  files: PlanFiles;
  strict: boolean;
  parse: (text: string, file: string) => YamlSource;
  /** Plan files above this one through `group:`, outermost first, ending with this file. */
  groupChain: readonly string[];
  groupCache: Map<string, Promise<Plan>>;
  loadGroup(file: string, chain: readonly string[]): Promise<Plan>;
}

export async function buildPlan(source: YamlSource, context: BuildContext): Promise<Plan> {
  const warnings: PlanWarning[] = [];
  try {
    return await build(source, context, warnings);
  } catch (error) {
    throw withUnknownKeyHint(error, warnings);
  }
}

async function build(source: YamlSource, context: BuildContext, warnings: PlanWarning[]): Promise<Plan> {
  const root = source.value;
  if (!isMapping(root))
    throw sourceError(source, 'E018', `Plan root must be a mapping, got ${describeValue(root)}`);
  parseOrThrow(versionSchema, root.version, {
    source,
    path: ['version'],
    subject: '',
    pathPrefix: ['version'],
  });
  reportUnknownKeys(root, PLAN_TREE, {
    source,
    path: [],
    owner: 'the plan',
    strict: context.strict,
    warnings,
    allowAnchorKeys: true,
  });
  const header = parseOrThrow(planHeaderSchema, root, { source, path: [], subject: '' });
  checkPlanHeader(header, source, warnings);

  const entries = [
    ...(await resolveImports(source, { files: context.files, parse: context.parse })),
    ...(header.tasks ?? []).map((raw, index) => ownEntry(raw, source, index)),
  ];
  if (entries.length === 0) throw sourceError(source, 'E001', 'tasks must be a non-empty list', ['tasks']);
  for (const entry of entries) {
    const id =
      typeof entry.raw.id === 'string' || typeof entry.raw.id === 'number'
        ? `task '${entry.raw.id}'`
        : 'a task';
    reportUnknownKeys(entry.raw, TASK_TREE, { ...entry.origin, owner: id, strict: context.strict, warnings });
  }
  const loaded = expandMatrices(entries).map(parseTask);
  validateTasks(header, loaded, warnings);
  await checkFiles(header, loaded, source, context.files);

  const baseDir = dirname(source.file);
  const workspaceRoot =
    header.workspace_root !== undefined ? resolve(baseDir, header.workspace_root) : undefined;
  const reader = new PromptReader(context.files);
  // Read all prompt files at once, but report the first failing task in plan order.
  const prompts = await Promise.allSettled(
    loaded.map((task) => reader.prompt(task, dirname(task.origin.source.file))),
  );
  const tasks = loaded.map((task, index): Task => {
    const prompt = prompts[index] as PromiseSettledResult<string | undefined>;
    if (prompt.status === 'rejected') throw prompt.reason;
    const baseDir = dirname(task.origin.source.file);
    return resolveTask(task, prompt.value, { defaults: header.defaults ?? {}, baseDir, workspaceRoot });
  });
  await attachGroupPlans(
    tasks,
    loaded,
    { ...context, chain: context.groupChain, cache: context.groupCache, load: context.loadGroup },
    warnings,
  );
  return toPlan(header, tasks, source, warnings, workspaceRoot);
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
