// The command line and environment of one headless Qwen Code call (the binary is `qwen`, not
// maestro-cli's `qwen-code`).
//
//   qwen -o stream-json [-m M] [--core-tools T ... --allowed-mcp-server-names S ... --exclude-tools X ...]
//        [--approval-mode X] [--auth-type openai] [--append-system-prompt=TEXT] <plan args> --prompt=<prompt>
//
// Tool grants become the core-tool allowlist (`--core-tools`: a tool not on it is not registered at
// all) and the approval mode is then yolo, so every granted tool runs headless. The allowlist covers
// only qwen's built-in tools: MCP servers (from the repository's .qwen/settings.json too) and the
// other non-core tools (agent, skill, tool_search, ...) stay registered and yolo would approve them.
// So MCP servers are limited to the granted ones (`mcp__server`; a name that matches no server when
// none is granted) and the non-core tools are excluded. Qwen cannot limit its shell to some commands
// when it runs unattended (a command off the list is only a "soft" denial that yolo approves), so
// `Bash(pattern)` and `git-only` are refused; nor can it allow single MCP tools of a server.
// Profiles: safe -> auto-edit (file edits, no shell) · yolo -> yolo · plan -> the plan's args.
import { join } from 'node:path';
import type { AgentCliContext, AgentCliInvocationResult } from '../agent-cli/agent-cli-definition.ts';
import { mergeSettings, readJsonFile } from '../agent-cli/merge-settings.ts';
import { type FlagSpec, removeFlags } from '../agent-cli/remove-flags.ts';
import { systemInstructions } from '../agent-cli/system-instructions.ts';
import { parseToolGrants, type ToolGrant } from '../agent-cli/tool-grants.ts';
import { resolveQwenModel } from './qwen-models.ts';

const APPROVAL_FLAGS: readonly FlagSpec[] = [
  { names: ['--yolo', '-y'], takesValue: false },
  { names: ['--approval-mode'], takesValue: true },
];
const GRANT_FLAGS: readonly FlagSpec[] = [
  ...APPROVAL_FLAGS,
  {
    names: ['--core-tools', '--allowed-tools', '--allowed-mcp-server-names'],
    takesValue: true,
    variadic: true,
  },
  // Bare mode ignores --core-tools and registers read_file, edit and the shell.
  { names: ['--bare'], takesValue: false },
];
const OUTPUT_FLAGS: readonly FlagSpec[] = [{ names: ['-o', '--output-format'], takesValue: true }];

/** Qwen's core tools for each Claude tool name a plan may grant. */
const QWEN_TOOLS: Readonly<Record<string, readonly string[]>> = {
  Read: ['read_file', 'list_directory'],
  LS: ['list_directory'],
  Glob: ['glob'],
  Grep: ['grep_search'],
  Write: ['write_file'],
  Edit: ['edit'],
  MultiEdit: ['edit'],
  Bash: ['run_shell_command'],
  WebFetch: ['web_fetch'],
  TodoWrite: ['todo_write'],
};
const READ_ONLY_TOOLS = ['read_file', 'list_directory', 'glob', 'grep_search'];
const NO_SHELL_TOOLS = [...READ_ONLY_TOOLS, 'write_file', 'edit', 'web_fetch', 'todo_write'];
/**
 * The tools qwen registers whatever --core-tools says, so they are excluded by name (no grant maps to
 * them). tool_search stays when an MCP server is granted: qwen defers MCP tools behind it.
 */
const NON_CORE_TOOLS = [
  'agent',
  'skill',
  'tool_search',
  'task_stop',
  'send_message',
  'ask_user_question',
  'exit_plan_mode',
];
// Names that match no tool and no server, for when nothing of that kind is granted: an empty
// --core-tools list would allow every core tool, and the flags need a value.
export const NO_CORE_TOOL = 'maestro_no_core_tool';
export const NO_MCP_SERVER = 'maestro-no-mcp-server';

export function buildQwenInvocation(context: AgentCliContext): AgentCliInvocationResult {
  const { call, settings } = context;
  const args = ['-o', 'stream-json'];
  const env: Record<string, string> = {};
  const notes: string[] = [];
  const files: { path: string; content: string }[] = [];
  if (call.model) args.push('-m', resolveQwenModel(call.model));

  const output = removeFlags(call.args ?? [], OUTPUT_FLAGS);
  let planArgs = output.args;
  if (output.removed.length > 0)
    notes.push(`dropped ${output.removed.join(', ')}: the engine reads stream-json`);
  if (call.allowedTools && call.allowedTools.length > 0) {
    const parsed = parseToolGrants(call.allowedTools);
    if ('problem' in parsed) return { unsupported: parsed.problem };
    const tools = grantedTools(parsed.grants);
    if ('unsupported' in tools) return tools;
    const removed = removeFlags(planArgs, GRANT_FLAGS);
    planArgs = removed.args;
    if (removed.removed.length > 0)
      notes.push(`dropped ${removed.removed.join(', ')}: allowed_tools decides the tools`);
    const excluded = NON_CORE_TOOLS.filter((name) => !(name === 'tool_search' && tools.servers.length > 0));
    args.push(
      '--core-tools',
      ...(tools.names.length > 0 ? tools.names : [NO_CORE_TOOL]),
      '--allowed-mcp-server-names',
      ...(tools.servers.length > 0 ? tools.servers : [NO_MCP_SERVER]),
      '--exclude-tools',
      ...excluded,
      '--approval-mode',
      'yolo',
    );
  } else if (call.executionProfile === 'safe' || call.executionProfile === 'yolo') {
    const removed = removeFlags(planArgs, APPROVAL_FLAGS);
    planArgs = removed.args;
    if (removed.removed.length > 0)
      notes.push(`dropped ${removed.removed.join(', ')}: execution profile ${call.executionProfile}`);
    args.push('--approval-mode', call.executionProfile === 'safe' ? 'auto-edit' : 'yolo');
  }
  if (settings.baseUrl || settings.apiKeyEnv) args.push('--auth-type', 'openai');
  if (settings.baseUrl) env.OPENAI_BASE_URL = settings.baseUrl;
  if (settings.apiKeyEnv) env.OPENAI_API_KEY = context.parentEnv[settings.apiKeyEnv] ?? '';
  const instructions = systemInstructions(call);
  if (instructions) args.push(`--append-system-prompt=${instructions}`);
  if (context.stateDir) {
    const path = join(context.stateDir, '.qwen', 'settings.json');
    const ours = { privacy: { usageStatisticsEnabled: false }, telemetry: { enabled: false } };
    files.push({
      path,
      content: `${JSON.stringify(mergeSettings(readJsonFile(path), ours, settings.values.settings), null, 2)}\n`,
    });
  }
  args.push(...planArgs, `--prompt=${call.prompt ?? ''}`);
  return { args, env, notes, files };
}

function grantedTools(grants: ToolGrant[]): { names: string[]; servers: string[] } | { unsupported: string } {
  const names = new Set<string>();
  const servers = new Set<string>();
  for (const grant of grants) {
    if (grant.type === 'mcp') {
      if (grant.tool !== undefined) {
        return {
          unsupported: `qwen cannot enforce the allowed_tools value '${grant.value}' headless: it can allow a whole MCP server (mcp__${grant.server}), not one of its tools`,
        };
      }
      servers.add(grant.server);
      continue;
    }
    if (grant.type === 'category' && grant.category === 'read-only') {
      for (const name of READ_ONLY_TOOLS) names.add(name);
      continue;
    }
    if (grant.type === 'category' && grant.category === 'no-shell') {
      for (const name of NO_SHELL_TOOLS) names.add(name);
      continue;
    }
    const mapped = grant.type === 'tool' && grant.pattern === undefined ? QWEN_TOOLS[grant.tool] : undefined;
    if (!mapped) {
      return {
        unsupported: `qwen cannot enforce the allowed_tools value '${grant.value}' headless (it can grant whole tools: ${Object.keys(QWEN_TOOLS).join(', ')}, read-only, no-shell, mcp__<server>)`,
      };
    }
    for (const name of mapped) names.add(name);
  }
  return { names: [...names], servers: [...servers] };
}
