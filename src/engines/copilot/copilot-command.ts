// The command line and environment of one headless GitHub Copilot CLI call.
//
//   copilot --output-format json --no-auto-update [--model M] [--agent A] [--reasoning-effort E]
//           [permission flags] <plan args> --prompt=<prompt>
//
// In prompt mode every tool that needs approval is denied unless a flag allows it, so:
//   allowed_tools -> one `--allow-tool=<kind>` per grant (shell, shell(git:*), write, url, <mcp server>)
//   yolo -> --allow-all-tools (only there) · safe -> --allow-tool=write · plan -> the plan's args
// `base_url` switches on BYOK (COPILOT_PROVIDER_*; no GitHub login needed, the model is required).
import type { AgentCliContext, AgentCliInvocationResult } from '../agent-cli/agent-cli-definition.ts';
import { type FlagSpec, removeFlags } from '../agent-cli/remove-flags.ts';
import { promptWithInstructions } from '../agent-cli/system-instructions.ts';
import {
  expandCategories,
  parseToolGrants,
  shellCommandPrefix,
  type ToolGrant,
} from '../agent-cli/tool-grants.ts';
import { resolveCopilotModel } from './copilot-models.ts';

const PERMISSION_FLAGS: readonly FlagSpec[] = [
  {
    names: ['--allow-all-tools', '--allow-all', '--yolo', '--allow-all-paths', '--allow-all-urls'],
    takesValue: false,
  },
  { names: ['--allow-tool', '--available-tools'], takesValue: true },
];
const OUTPUT_FLAGS: readonly FlagSpec[] = [
  { names: ['--output-format'], takesValue: true },
  { names: ['-s', '--silent'], takesValue: false },
];
// Tools that only read inside the working directory need no approval.
const READ_TOOLS = new Set(['Read', 'Glob', 'Grep', 'LS']);

export function buildCopilotInvocation(context: AgentCliContext): AgentCliInvocationResult {
  const { call, settings } = context;
  const args = ['--output-format', 'json', '--no-auto-update', '--no-color'];
  const env: Record<string, string> = { COPILOT_AUTO_UPDATE: 'false' };
  const notes: string[] = [];
  const model = call.model ? resolveCopilotModel(call.model) : undefined;
  if (model) args.push('--model', model);
  if (call.agent) args.push('--agent', call.agent);
  if (call.reasoningEffort) args.push('--reasoning-effort', call.reasoningEffort);

  const output = removeFlags(call.args ?? [], OUTPUT_FLAGS);
  let planArgs = output.args;
  if (output.removed.length > 0)
    notes.push(`dropped ${output.removed.join(', ')}: the engine reads json events`);
  let permission: string[] | undefined;
  let reason = '';
  if (call.allowedTools && call.allowedTools.length > 0) {
    const parsed = parseToolGrants(call.allowedTools);
    if ('problem' in parsed) return { unsupported: parsed.problem };
    const mapped = allowToolArgs(expandCategories(parsed.grants));
    if ('unsupported' in mapped) return mapped;
    permission = mapped.args;
    reason = 'allowed_tools decides permissions';
  } else if (call.executionProfile === 'yolo') {
    permission = ['--allow-all-tools'];
    reason = 'execution profile yolo';
  } else if (call.executionProfile === 'safe') {
    permission = ['--allow-tool=write'];
    reason = 'execution profile safe';
  }
  if (permission) {
    const removed = removeFlags(planArgs, PERMISSION_FLAGS);
    planArgs = removed.args;
    if (removed.removed.length > 0) notes.push(`dropped ${removed.removed.join(', ')}: ${reason}`);
    args.push(...permission);
  }
  if (settings.baseUrl) {
    env.COPILOT_PROVIDER_BASE_URL = settings.baseUrl;
    env.COPILOT_PROVIDER_TYPE =
      typeof settings.values.provider_type === 'string' ? settings.values.provider_type : 'openai';
    if (typeof settings.values.wire_api === 'string')
      env.COPILOT_PROVIDER_WIRE_API = settings.values.wire_api;
    if (model) env.COPILOT_MODEL = model;
  }
  if (settings.apiKeyEnv) env.COPILOT_PROVIDER_API_KEY = context.parentEnv[settings.apiKeyEnv] ?? '';
  if (settings.offline) env.COPILOT_OFFLINE = 'true';
  args.push(...planArgs, `--prompt=${promptWithInstructions(call)}`);
  return { args, env, notes };
}

function allowToolArgs(grants: ToolGrant[]): { args: string[] } | { unsupported: string } {
  const kinds = new Set<string>();
  for (const grant of grants) {
    const kind = permissionKind(grant);
    // A tool a category stands for that copilot lacks (NotebookEdit in no-shell) is simply not granted.
    if (kind === undefined && grant.type !== 'category' && grant.fromCategory) continue;
    if (kind === undefined)
      return { unsupported: `copilot cannot enforce the allowed_tools value '${grant.value}'` };
    if (kind !== '') kinds.add(kind);
  }
  return { args: [...kinds].map((kind) => `--allow-tool=${kind}`) };
}

// Copilot's permission pattern for a grant; '' when nothing needs allowing, undefined when unmappable.
function permissionKind(grant: ToolGrant): string | undefined {
  if (grant.type === 'mcp') return grant.tool ? `${grant.server}(${grant.tool})` : grant.server;
  if (grant.type !== 'tool') return undefined;
  if (READ_TOOLS.has(grant.tool) && grant.pattern === undefined) return '';
  if (
    (grant.tool === 'Write' || grant.tool === 'Edit' || grant.tool === 'MultiEdit') &&
    grant.pattern === undefined
  ) {
    return 'write';
  }
  if (grant.tool === 'WebFetch' && grant.pattern === undefined) return 'url';
  if (grant.tool === 'Bash') {
    if (grant.pattern === undefined) return 'shell';
    const prefix = shellCommandPrefix(grant.pattern);
    if (prefix === undefined) return undefined;
    return grant.pattern.trim() === prefix ? `shell(${prefix})` : `shell(${prefix}:*)`;
  }
  return undefined;
}
