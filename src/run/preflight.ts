// Checks made before a run directory exists, so a run that cannot be carried out fails with a coded
// error and leaves nothing half-done: engines this executor cannot run, and plan features this build does
// not implement yet (refused by name rather than silently ignored).
import { isSupportedContextMode, SUPPORTED_CONTEXT_MODES } from '../context/context-modes.ts';
import { MaestroError } from '../errors/index.ts';
import type { Plan, Task } from '../plan/types.ts';
import type { Executor } from './executor.ts';

interface FeatureRule {
  key: string;
  area: string;
  isUsed: (value: unknown, task?: Task) => boolean;
  /** Says what is unsupported about this value, instead of `area`. */
  detail?: (value: unknown) => string;
}

const present = (value: unknown) =>
  value !== undefined && value !== null && value !== false && !(Array.isArray(value) && value.length === 0);

const taskFeatures: FeatureRule[] = [
  { key: 'deliberation', area: 'the council', isUsed: present },
  {
    key: 'context_mode',
    area: 'context passing',
    isUsed: (value) => present(value) && !isSupportedContextMode(String(value)),
    detail: (value) =>
      `context_mode '${String(value)}' is not supported yet; the modes so far are ${SUPPORTED_CONTEXT_MODES.join(', ')}`,
  },
  {
    key: 'compress_before',
    area: 'context passing: compressing the context between retries',
    isUsed: present,
  },
  { key: 'model', area: 'model routing', isUsed: (value) => value === 'auto' },
  { key: 'worktree', area: 'workspace isolation', isUsed: present },
  { key: 'requires_clean_worktree', area: 'workspace isolation', isUsed: present },
  { key: 'phantom_workspace', area: 'workspace isolation', isUsed: present },
  { key: 'batch', area: 'batch tasks', isUsed: present },
  { key: 'dynamic_group', area: 'dynamic groups', isUsed: present },
  { key: 'mcp_tools', area: 'MCP tools', isUsed: present },
  { key: 'signals', area: 'task signals', isUsed: present },
  { key: 'checkpoint', area: 'checkpoints', isUsed: present },
  { key: 'reminders', area: 'resilience', isUsed: present },
  { key: 'trajectory_guard', area: 'safety guards', isUsed: present },
  { key: 'honeypot', area: 'safety guards', isUsed: present },
  { key: 'output_scope', area: 'safety guards', isUsed: present },
  { key: 'output_redact', area: 'safety guards', isUsed: present },
  { key: 'frozen', area: 'safety guards', isUsed: present },
  { key: 'context_allowlist', area: 'safety guards', isUsed: present },
  { key: 'consumes_contracts', area: 'relational contracts', isUsed: present },
  { key: 'contract_type', area: 'relational contracts', isUsed: present },
];

const planFeatures: FeatureRule[] = [
  { key: 'webhook_url', area: 'webhooks', isUsed: present },
  { key: 'policies', area: 'policies', isUsed: present },
  { key: 'mcp_servers', area: 'MCP tools', isUsed: present },
  { key: 'firewall_model', area: 'safety guards', isUsed: present },
];

export interface PreflightOptions {
  executor: Executor;
  dryRun: boolean;
  selected: ReadonlySet<string>;
  /** A council runner was injected, so `council:` blocks can run (the CLI injects one). */
  canRunCouncil: boolean;
}

export function preflightPlan(plan: Plan, options: PreflightOptions): void {
  const unsupported: string[] = [];
  let location: MaestroError['location'];
  for (const rule of planFeatures) {
    if (rule.isUsed(plan[rule.key])) unsupported.push(`plan key '${rule.key}' (${rule.area})`);
  }
  const missingEngines = new Map<string, string[]>();
  const ungrantable: string[] = [];
  for (const task of plan.tasks) {
    if (!options.selected.has(task.id)) continue;
    for (const rule of taskFeatures) {
      if (rule.isUsed(task[rule.key], task)) {
        unsupported.push(
          `task '${task.id}' key '${rule.key}' (${rule.detail?.(task[rule.key]) ?? rule.area})`,
        );
        location ??= task.source?.location;
      }
    }
    if (present(task.council) && (!task.engine || task.group)) {
      unsupported.push(
        `task '${task.id}' key 'council' on a task without an engine (the council's answer becomes the context of the task's engine call)`,
      );
      location ??= task.source?.location;
    } else if (present(task.council) && !options.canRunCouncil) {
      unsupported.push(`task '${task.id}' key 'council' (the council: no council runner was given)`);
      location ??= task.source?.location;
    }
    for (const participant of [...councilParticipants(task), ...fallbackEngines(plan, task)]) {
      if (!options.executor.supportsEngine(participant)) {
        const tasks = missingEngines.get(participant) ?? [];
        if (!tasks.includes(task.id)) tasks.push(task.id);
        missingEngines.set(participant, tasks);
        location ??= task.source?.location;
      }
    }
    if (task.engine && options.executor.supportsEngine(task.engine)) {
      const capabilities = options.executor.engineCapabilities?.(task.engine);
      if (
        Array.isArray(task.allowed_tools) &&
        task.allowed_tools.length > 0 &&
        capabilities?.toolGrants !== true
      ) {
        ungrantable.push(`'${task.id}' (${task.engine})`);
        location ??= task.source?.location;
      }
    }
    if (task.engine && !options.executor.supportsEngine(task.engine)) {
      const tasks = missingEngines.get(task.engine) ?? [];
      tasks.push(task.id);
      missingEngines.set(task.engine, tasks);
      location ??= task.source?.location;
    }
  }
  if (unsupported.length > 0) {
    throw new MaestroError({
      code: 'E109',
      location,
      message: `this build of Maestro cannot run these plan features yet: ${unsupported.slice(0, 8).join('; ')}${
        unsupported.length > 8 ? `; and ${unsupported.length - 8} more` : ''
      }`,
      hint: 'the plan is valid (maestro validate accepts it); `maestro run --dry-run` shows what would run',
    });
  }
  if (ungrantable.length > 0) {
    throw new MaestroError({
      code: 'E074',
      location,
      message: `allowed_tools cannot be enforced by the engine of task ${ungrantable.slice(0, 5).join(', ')}; refusing rather than running with every tool`,
      hint: 'remove allowed_tools, or use an engine whose CLI enforces tool grants (claude, codex, gemini, qwen, copilot)',
    });
  }
  if (missingEngines.size > 0 && !options.dryRun) {
    const listing = [...missingEngines].map(
      ([engine, ids]) => `'${engine}' (tasks: ${ids.slice(0, 5).join(', ')})`,
    );
    throw new MaestroError({
      code: 'E102',
      location,
      message: `engine ${listing.join(', ')} is not available to the ${options.executor.name} executor`,
      hint: '`maestro doctor` lists the engines and what each needs; use --dry-run to inspect the plan',
    });
  }
}

function councilParticipants(task: Task): string[] {
  const council = task.council as { participants?: { engine?: unknown }[] } | undefined;
  return (council?.participants ?? []).flatMap((participant) =>
    typeof participant.engine === 'string' ? [participant.engine] : [],
  );
}

function fallbackEngines(plan: Plan, task: Task): string[] {
  if (!task.engine) return [];
  const engineDefaults = (plan.defaults[task.engine] as { fallback_engine?: unknown } | undefined) ?? {};
  const fallback = task.fallback_engine ?? engineDefaults.fallback_engine;
  return typeof fallback === 'string' ? [fallback] : [];
}
