// The command line and environment of one headless `gemini` call.
//
//   gemini -o stream-json --skip-trust [-m M] [--approval-mode X] <plan args> --prompt=<prompt>
//
// Approval mode (gemini offers a tool to the model only when the mode lets it run headless):
//   allowed_tools [read-only] -> default   (read-only tools only)
//   allowed_tools [no-shell]  -> auto_edit (adds file edits, no shell)
//   safe -> auto_edit · yolo -> yolo · plan -> the plan's args
// Gemini has no system-prompt flag, so instructions go in front of the prompt. `--prompt=` keeps a
// prompt that starts with `-` a prompt. With allowed_tools, plan args that grant tools on their own
// (`--allowed-tools`, policy files) are dropped too.
//
// The engine writes $GEMINI_CLI_HOME/.gemini/settings.json: API-key auth (without it
// GOOGLE_GEMINI_BASE_URL makes the CLI pick the `gateway` auth type and exit 41), usage statistics and
// update checks off. That home is the state folder when there is one; with `base_url` but no state
// folder it is a private home in the call's scratch folder, seeded with the user's own settings.
// TMPDIR is the scratch folder too: on an API error gemini dumps the whole conversation into
// $TMPDIR/gemini-client-error-*.json, which then goes away with the call.
import { join } from 'node:path';
import type { AgentCliContext, AgentCliInvocationResult } from '../agent-cli/agent-cli-definition.ts';
import { mergeSettings, readJsonFile } from '../agent-cli/merge-settings.ts';
import { type FlagSpec, removeFlags } from '../agent-cli/remove-flags.ts';
import { promptWithInstructions } from '../agent-cli/system-instructions.ts';
import { parseToolGrants } from '../agent-cli/tool-grants.ts';
import { resolveGeminiModel } from './gemini-models.ts';

const APPROVAL_FLAGS: readonly FlagSpec[] = [
  { names: ['--yolo', '-y'], takesValue: false },
  { names: ['--approval-mode'], takesValue: true },
];
// Each adds tools that run without confirmation, whatever the approval mode.
const GRANT_FLAGS: readonly FlagSpec[] = [
  { names: ['--allowed-tools', '--policy', '--admin-policy'], takesValue: true, variadic: true },
];
const OUTPUT_FLAGS: readonly FlagSpec[] = [{ names: ['-o', '--output-format'], takesValue: true }];

export function buildGeminiInvocation(context: AgentCliContext): AgentCliInvocationResult {
  const { call, settings } = context;
  const args = ['-o', 'stream-json', '--skip-trust'];
  const env: Record<string, string> = {};
  const notes: string[] = [];
  const files: { path: string; content: string }[] = [];
  if (call.model) args.push('-m', resolveGeminiModel(call.model));

  const output = removeFlags(call.args ?? [], OUTPUT_FLAGS);
  let planArgs = output.args;
  if (output.removed.length > 0)
    notes.push(`dropped ${output.removed.join(', ')}: the engine reads stream-json`);
  const approval = approvalMode(context);
  if ('unsupported' in approval) return approval;
  if (approval.mode) {
    const removed = removeFlags(
      planArgs,
      approval.isGrant ? [...APPROVAL_FLAGS, ...GRANT_FLAGS] : APPROVAL_FLAGS,
    );
    planArgs = removed.args;
    if (removed.removed.length > 0) notes.push(`dropped ${removed.removed.join(', ')}: ${approval.reason}`);
    args.push('--approval-mode', approval.mode);
  }
  if (settings.baseUrl) env.GOOGLE_GEMINI_BASE_URL = settings.baseUrl;
  if (settings.apiKeyEnv) env.GEMINI_API_KEY = context.parentEnv[settings.apiKeyEnv] ?? '';
  for (const name of ['TMPDIR', 'TMP', 'TEMP']) env[name] = context.scratchDir;
  if (context.stateDir) {
    const path = join(context.stateDir, '.gemini', 'settings.json');
    files.push(settingsFile(path, readJsonFile(path), context));
  } else if (settings.baseUrl) {
    const home = join(context.scratchDir, 'gemini-home');
    env.GEMINI_CLI_HOME = home;
    const userHome = userGeminiHome(context);
    const userSettings = userHome ? readJsonFile(join(userHome, '.gemini', 'settings.json')) : undefined;
    files.push(settingsFile(join(home, '.gemini', 'settings.json'), userSettings, context));
  }
  args.push(...planArgs, `--prompt=${promptWithInstructions(call)}`);
  return { args, env, notes, files };
}

// The engine's settings over `base` (what the file held) and under the plan's own `settings` option.
function settingsFile(
  path: string,
  base: Record<string, unknown> | undefined,
  context: AgentCliContext,
): { path: string; content: string } {
  const { settings } = context;
  const usesApiKey = settings.apiKeyEnv !== undefined || settings.baseUrl !== undefined;
  const ours = {
    ...(usesApiKey ? { security: { auth: { selectedType: 'gemini-api-key' } } } : {}),
    privacy: { usageStatisticsEnabled: false },
    general: { disableAutoUpdate: true, disableUpdateNag: true },
  };
  return {
    path,
    content: `${JSON.stringify(mergeSettings(base, ours, settings.values.settings), null, 2)}\n`,
  };
}

// The folder gemini would otherwise use as its home: GEMINI_CLI_HOME as the child would see it, else HOME.
function userGeminiHome(context: AgentCliContext): string | undefined {
  const { call, parentEnv } = context;
  return call.env.GEMINI_CLI_HOME ?? parentEnv.GEMINI_CLI_HOME ?? call.env.HOME;
}

function approvalMode(
  context: AgentCliContext,
): { mode?: string; reason: string; isGrant?: boolean } | { unsupported: string } {
  const { call } = context;
  if (call.allowedTools && call.allowedTools.length > 0) {
    const parsed = parseToolGrants(call.allowedTools);
    if ('problem' in parsed) return { unsupported: parsed.problem };
    let mode = 'default';
    for (const grant of parsed.grants) {
      if (grant.type === 'category' && grant.category === 'read-only') continue;
      if (grant.type === 'category' && grant.category === 'no-shell') {
        mode = 'auto_edit';
        continue;
      }
      return {
        unsupported: `gemini can enforce only the allowed_tools categories 'read-only' and 'no-shell' (through its approval modes), not '${grant.value}'`,
      };
    }
    return { mode, reason: 'allowed_tools decides the tools', isGrant: true };
  }
  if (call.executionProfile === 'safe') return { mode: 'auto_edit', reason: 'execution profile safe' };
  if (call.executionProfile === 'yolo') return { mode: 'yolo', reason: 'execution profile yolo' };
  return { reason: '' };
}
