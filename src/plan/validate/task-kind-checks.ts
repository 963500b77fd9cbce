// Rules about one task on its own, in maestro-cli's order: what kind of task it is (command, engine or
// group), which fields fit that kind, and the engine settings.
import { didYouMean } from '../did-you-mean.ts';
import { type LoadedTask, taskError } from '../load/task-entry.ts';
import {
  ENGINE_NAMES,
  type EngineName,
  isEngineName,
  REASONING_EFFORTS_BY_ENGINE,
} from '../plan-vocabulary.ts';
import type { PlanDefaults } from '../schema/defaults-schema.ts';
import { taskIdProblem } from '../task-id.ts';
import type { PlanWarning } from '../types.ts';
import { checkTaskContext } from './task-context-checks.ts';

export interface TaskCheckContext {
  defaults: PlanDefaults;
  hasWorkspaceRoot: boolean;
  /** Plan mcp_servers by name, with the agent roles allowed to use each (empty: everyone). */
  mcpServers: ReadonlyMap<string, readonly string[]>;
  warnings: PlanWarning[];
}

const KIND_KEYS = ['command', 'engine', 'group'] as const;

export function checkTaskKind(loaded: LoadedTask, context: TaskCheckContext): void {
  const { task } = loaded;
  const subject = `Task '${task.id}'`;
  const problem = taskIdProblem(task.id);
  if (problem) throw taskError(loaded, 'E017', `Task ID '${task.id}' ${problem}`, ['id']);

  const kinds = KIND_KEYS.filter((key) => task[key] !== undefined);
  if (kinds.length === 0) {
    throw taskError(loaded, 'E001', `${subject} must define 'command', 'engine', or 'group'`);
  }
  if (kinds.length > 1) {
    throw taskError(
      loaded,
      'E011',
      `${subject} defines more than one of 'command', 'engine', 'group' (use exactly one)`,
      [kinds[1] as string],
    );
  }
  checkGroupTask(loaded, subject);
  checkBatchAndDynamic(loaded, subject);
  checkEngine(loaded, subject, context);
  checkResilience(loaded, subject, context);
  if (task.approval_message && task.requires_approval !== true) {
    throw taskError(loaded, 'E029', `${subject} has 'approval_message' without 'requires_approval: true'`, [
      'approval_message',
    ]);
  }
  if (task.worktree === true) {
    if (!context.hasWorkspaceRoot) {
      throw taskError(loaded, 'E045', `${subject} has worktree: true but plan has no workspace_root`, [
        'worktree',
      ]);
    }
    if (task.engine === undefined) {
      throw taskError(
        loaded,
        'E046',
        `${subject} has worktree: true but is a group/command task (worktree isolation only works with engine tasks)`,
        ['worktree'],
      );
    }
  }
  checkTaskContext(loaded, subject);
  checkMcpTools(loaded, subject, context);
}

function checkGroupTask(loaded: LoadedTask, subject: string): void {
  const { task } = loaded;
  if (task.group === undefined) return;
  const promptKey = (['prompt', 'prompt_file', 'prompt_md_file'] as const).find(
    (key) => task[key] !== undefined,
  );
  if (promptKey)
    throw taskError(loaded, 'E011', `${subject}: group tasks cannot have prompt fields`, [promptKey]);
  if (task.assert && task.assert.length > 0)
    throw taskError(loaded, 'E011', `${subject}: group tasks cannot use assert`, ['assert']);
  if (task.contract_type !== undefined) {
    throw taskError(loaded, 'E011', `${subject}: group tasks cannot produce typed contracts`, [
      'contract_type',
    ]);
  }
}

function checkBatchAndDynamic(loaded: LoadedTask, subject: string): void {
  const { task } = loaded;
  if (task.batch !== undefined && task.engine === undefined) {
    throw taskError(loaded, 'E060', `${subject}: batch is only allowed on engine tasks`, ['batch']);
  }
  if (task.dynamic_group !== true) return;
  if (task.engine === undefined) {
    throw taskError(loaded, 'E063', `${subject}: dynamic_group requires engine (not command/group)`, [
      'dynamic_group',
    ]);
  }
  if (task.output_schema === undefined) {
    throw taskError(loaded, 'E063', `${subject}: dynamic_group requires output_schema`, ['dynamic_group']);
  }
  if (task.batch !== undefined) {
    throw taskError(loaded, 'E064', `${subject}: dynamic_group and batch are mutually exclusive`, [
      'dynamic_group',
    ]);
  }
}

function checkEngine(loaded: LoadedTask, subject: string, context: TaskCheckContext): void {
  const { task } = loaded;
  const engine = task.engine;
  if (engine !== undefined && !isEngineName(engine)) {
    throw taskError(
      loaded,
      'E006',
      `${subject} has unsupported engine '${engine}'. Supported engines: ${ENGINE_NAMES.join(', ')}${didYouMean(engine, ENGINE_NAMES)}`,
      ['engine'],
    );
  }
  // Empty strings count as absent, as in maestro-cli (`bool(task.prompt or task.prompt_file ...)`).
  const hasPrompt = Boolean(task.prompt || task.prompt_file || task.prompt_md_file || task.batch);
  if (engine !== undefined && !hasPrompt) {
    throw taskError(
      loaded,
      'E007',
      `${subject} uses engine '${engine}' but has no prompt source (prompt, prompt_file or prompt_md_file)`,
      ['engine'],
    );
  }
  if (Boolean(task.prompt_md_file) !== Boolean(task.prompt_md_heading)) {
    const present = task.prompt_md_file ? 'prompt_md_file' : 'prompt_md_heading';
    throw taskError(loaded, 'E011', `${subject} must define both prompt_md_file and prompt_md_heading`, [
      present,
    ]);
  }
  if (engine !== undefined && task.reasoning_effort) {
    checkReasoningEffort(loaded, subject, engine, task.reasoning_effort, context.warnings);
  }
}

/** E008 for a value the engine does not know; W102 when the engine ignores the setting. */
export function checkReasoningEffort(
  loaded: Pick<LoadedTask, 'origin'>,
  subject: string,
  engine: EngineName,
  effort: string,
  warnings: PlanWarning[],
  field: (string | number)[] = ['reasoning_effort'],
): void {
  const allowed = REASONING_EFFORTS_BY_ENGINE[engine];
  if (allowed) {
    if (!allowed.includes(effort)) {
      throw taskError(
        loaded,
        'E008',
        `${subject}: reasoning_effort '${effort}' is not valid for ${engine}. Allowed: ${allowed.join(', ')}${didYouMean(effort, allowed)}`,
        field,
      );
    }
    return;
  }
  if (engine === 'mock') return;
  const location = loaded.origin.source.locate([...loaded.origin.path, ...field]);
  warnings.push({
    code: 'W102',
    message: `${subject}: engine ${engine} does not support reasoning_effort; '${effort}' is ignored`,
    location,
  });
}

function checkResilience(loaded: LoadedTask, subject: string, context: TaskCheckContext): void {
  const { task } = loaded;
  const engineDefaults = task.engine && isEngineName(task.engine) ? context.defaults[task.engine] : undefined;
  if (task.escalation && task.escalation.length > 0 && task.engine === undefined) {
    throw taskError(loaded, 'E031', `${subject} has escalation but no engine`, ['escalation']);
  }
  checkEscalationEntries(loaded, subject, engineDefaults?.escalation);
  if (task.fallback_engine !== undefined) {
    if (task.engine === undefined)
      throw taskError(loaded, 'E030', `${subject} has fallback_engine but no engine`, ['fallback_engine']);
    if (!isEngineName(task.fallback_engine)) {
      throw taskError(
        loaded,
        'E030',
        `${subject} fallback_engine '${task.fallback_engine}' is not a valid engine${didYouMean(task.fallback_engine, ENGINE_NAMES)}`,
        ['fallback_engine'],
      );
    }
  }
  if (
    task.fallback_model !== undefined &&
    task.fallback_engine === undefined &&
    engineDefaults?.fallback_engine === undefined
  ) {
    throw taskError(loaded, 'E030', `${subject} has fallback_model without fallback_engine`, [
      'fallback_model',
    ]);
  }
  if (task.allowed_tools !== undefined && task.engine === undefined) {
    throw taskError(
      loaded,
      'E071',
      `${subject} has allowed_tools but no engine (allowed_tools requires an engine task)`,
      ['allowed_tools'],
    );
  }
  if (
    task.on_grant_violation !== undefined &&
    task.allowed_tools === undefined &&
    engineDefaults?.allowed_tools === undefined
  ) {
    throw taskError(
      loaded,
      'E073',
      `${subject}: on_grant_violation requires allowed_tools (there are no grants to enforce without it)`,
      ['on_grant_violation'],
    );
  }
}

// Every model to escalate to must be named (maestro-cli: E031). An engine task without its own list
// inherits defaults.<engine>.escalation, which is checked then.
function checkEscalationEntries(
  loaded: LoadedTask,
  subject: string,
  inherited: readonly string[] | undefined,
): void {
  const { task } = loaded;
  const own = task.escalation !== undefined && task.escalation.length > 0;
  const list = own ? task.escalation : task.engine !== undefined ? inherited : undefined;
  const index = (list ?? []).findIndex((model) => model.trim() === '');
  if (index < 0) return;
  const field = own ? 'escalation' : `defaults.${task.engine}.escalation`;
  throw taskError(
    loaded,
    'E031',
    `${subject} escalation entries must be non-empty strings; ${field}[${index}] is '${list?.[index]}'`,
    own ? ['escalation', index] : ['engine'],
  );
}

function checkMcpTools(loaded: LoadedTask, subject: string, context: TaskCheckContext): void {
  const { task } = loaded;
  (task.mcp_tools ?? []).forEach((name, index) => {
    const roles = context.mcpServers.get(name);
    if (roles === undefined) {
      const available = [...context.mcpServers.keys()];
      throw taskError(
        loaded,
        'E070',
        `${subject} references MCP server '${name}' in mcp_tools but it is not defined in plan mcp_servers. Available: ${available.length > 0 ? available.join(', ') : '(none)'}`,
        ['mcp_tools', index],
      );
    }
    const agent = task.agent?.trim() ?? '';
    if (roles.length > 0 && !roles.includes(agent)) {
      throw taskError(
        loaded,
        'E070',
        `${subject} references MCP server '${name}' but agent '${agent || '(none)'}' is not in allowed_task_roles (${roles.join(', ')})`,
        ['mcp_tools', index],
      );
    }
  });
}
