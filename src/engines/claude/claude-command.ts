// The command line and environment of one `claude -p` call.
//
//   claude -p --output-format stream-json --verbose [--model M] [--agent A]
//          [permission flags] [--disallowedTools Write] [--append-system-prompt TEXT]
//          [--max-turns N] <plan args> -- <prompt>
//
// Permission flags: with `allowed_tools`, `--tools <granted built-ins> --allowedTools <grants>
// --permission-mode dontAsk` (anything not granted is refused without asking, in every profile);
// otherwise safe is `--permission-mode default` and yolo `--dangerously-skip-permissions`. As root,
// claude refuses every form of bypass (yolo's, or the plan's own args in the plan profile) unless
// IS_SANDBOX=1, so that is set whenever the final command line asks for one. `--` keeps a prompt that
// starts with `-` a prompt and stops the variadic `--tools`/`--allowedTools` from swallowing it.
import {
  type AgentCliContext,
  type AgentCliInvocationResult,
  MAX_ARGUMENT_BYTES,
} from '../agent-cli/agent-cli-definition.ts';
import { type FlagSpec, removeFlags } from '../agent-cli/remove-flags.ts';
import { systemInstructions } from '../agent-cli/system-instructions.ts';
import { expandCategories, parseToolGrants, type ToolGrant } from '../agent-cli/tool-grants.ts';
import { resolveClaudeModel } from './claude-models.ts';

const PERMISSION_FLAGS: readonly FlagSpec[] = [
  { names: ['--dangerously-skip-permissions'], takesValue: false },
  { names: ['--allow-dangerously-skip-permissions'], takesValue: false },
  { names: ['--permission-mode'], takesValue: true },
];
const GRANT_FLAGS: readonly FlagSpec[] = [
  ...PERMISSION_FLAGS,
  { names: ['--allowedTools', '--allowed-tools'], takesValue: true },
  { names: ['--tools'], takesValue: true },
];
// Each makes claude bypass permissions, which it refuses as root without IS_SANDBOX=1.
const BYPASS_FLAGS: readonly FlagSpec[] = [
  { names: ['--dangerously-skip-permissions', '--allow-dangerously-skip-permissions'], takesValue: false },
  { names: ['--permission-mode'], takesValue: true, valueMatches: (value) => value === 'bypassPermissions' },
];
// The stream format is what the parser reads; the plan cannot change it.
const OUTPUT_FLAGS: readonly FlagSpec[] = [
  { names: ['--output-format'], takesValue: true },
  { names: ['--input-format'], takesValue: true },
];

export function buildClaudeInvocation(context: AgentCliContext): AgentCliInvocationResult {
  const { call, settings } = context;
  const args = ['-p', '--output-format', 'stream-json', '--verbose'];
  const env: Record<string, string> = { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' };
  const notes: string[] = [];
  if (call.model) args.push('--model', resolveClaudeModel(call.model));
  if (call.agent) args.push('--agent', call.agent);
  if (call.reasoningEffort) env.CLAUDE_CODE_EFFORT_LEVEL = call.reasoningEffort;

  let planArgs = call.args ?? [];
  const output = removeFlags(planArgs, OUTPUT_FLAGS);
  planArgs = output.args;
  if (output.removed.length > 0)
    notes.push(`dropped ${output.removed.join(', ')}: the engine reads stream-json`);

  if (call.allowedTools && call.allowedTools.length > 0) {
    const parsed = parseToolGrants(call.allowedTools);
    if ('problem' in parsed) return { unsupported: parsed.problem };
    const mapped = grantArgs(expandCategories(parsed.grants));
    if ('unsupported' in mapped) return mapped;
    args.push(...mapped.args);
    const removed = removeFlags(planArgs, GRANT_FLAGS);
    planArgs = removed.args;
    if (removed.removed.length > 0)
      notes.push(`dropped ${removed.removed.join(', ')}: allowed_tools decides permissions`);
  } else if (call.executionProfile === 'safe' || call.executionProfile === 'yolo') {
    const removed = removeFlags(planArgs, PERMISSION_FLAGS);
    planArgs = removed.args;
    if (removed.removed.length > 0) {
      notes.push(`dropped ${removed.removed.join(', ')}: execution profile ${call.executionProfile}`);
    }
    if (call.executionProfile === 'safe') args.push('--permission-mode', 'default');
    else args.push('--dangerously-skip-permissions');
  }
  if (context.isRoot && removeFlags([...args, ...planArgs], BYPASS_FLAGS).removed.length > 0)
    env.IS_SANDBOX = '1';
  if (call.editPolicy === 'strict') args.push('--disallowedTools', 'Write');
  const instructions = systemInstructions(call);
  if (instructions) args.push('--append-system-prompt', instructions);
  const maxTurns = settings.values.max_turns;
  if (maxTurns !== undefined) {
    if (!Number.isInteger(maxTurns) || (maxTurns as number) < 1) {
      return {
        unsupported: `Expected engine option \`max_turns\` to be an integer ≥ 1, got ${JSON.stringify(maxTurns)}`,
      };
    }
    args.push('--max-turns', String(maxTurns));
  }
  const maxRetries = settings.values.max_retries;
  if (typeof maxRetries === 'number') env.CLAUDE_CODE_MAX_RETRIES = String(maxRetries);
  if (settings.baseUrl) env.ANTHROPIC_BASE_URL = settings.baseUrl;
  if (settings.apiKeyEnv) env.ANTHROPIC_API_KEY = context.parentEnv[settings.apiKeyEnv] ?? '';

  const prompt = call.prompt ?? '';
  // A prompt over the one-argument limit goes to stdin, which `claude -p` reads when no prompt is given.
  if (Buffer.byteLength(prompt) > MAX_ARGUMENT_BYTES)
    return { args: [...args, ...planArgs], env, notes, input: prompt };
  args.push(...planArgs, '--', prompt);
  return { args, env, notes };
}

// Granted built-in tools become the only tools offered (`--tools`); every grant, patterns and MCP
// tools included, is pre-approved (`--allowedTools`); `dontAsk` refuses everything else.
function grantArgs(grants: ToolGrant[]): { args: string[] } | { unsupported: string } {
  const builtIns = new Set<string>();
  const allowed: string[] = [];
  for (const grant of grants) {
    if (grant.type === 'category') {
      return { unsupported: `claude cannot enforce the allowed_tools category '${grant.category}'` };
    }
    if (grant.type === 'tool') builtIns.add(grant.tool);
    allowed.push(grant.value);
  }
  return {
    args: [
      '--tools',
      [...builtIns].join(','),
      '--allowedTools',
      allowed.join(','),
      '--permission-mode',
      'dontAsk',
    ],
  };
}
