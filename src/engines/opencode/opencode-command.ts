// The command line and environment of one `opencode run` call.
//
//   opencode run --format json [-m provider/model] [--agent A] [--variant E] [--auto] <plan args> -- <prompt>
//
// Settings travel in OPENCODE_CONFIG_CONTENT (merged over the user's config files):
// - `base_url` registers an OpenAI-compatible provider `maestro` (the bundled @ai-sdk/openai-compatible)
//   whose key is `{env:VAR}`, so the key value never appears in the config text;
// - permissions: allowed_tools -> {"*": "deny", <granted>: "allow", bash: {"*": "deny", "git *": "allow"}};
//   safe -> bash and web fetches denied (edits allowed); yolo -> `--auto`; plan -> opencode's defaults.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentCliContext, AgentCliInvocationResult } from '../agent-cli/agent-cli-definition.ts';
import { isRecord } from '../agent-cli/agent-cli-settings.ts';
import { mergeSettings } from '../agent-cli/merge-settings.ts';
import { type FlagSpec, removeFlags } from '../agent-cli/remove-flags.ts';
import { promptWithInstructions } from '../agent-cli/system-instructions.ts';
import { expandCategories, parseToolGrants, type ToolGrant } from '../agent-cli/tool-grants.ts';

export const OPENCODE_PROVIDER_ID = 'maestro';

const PERMISSION_FLAGS: readonly FlagSpec[] = [{ names: ['--auto'], takesValue: false }];
const OUTPUT_FLAGS: readonly FlagSpec[] = [{ names: ['--format'], takesValue: true }];

/** opencode permission names for each Claude tool name a plan may grant. */
const OPENCODE_PERMISSIONS: Readonly<Record<string, readonly string[]>> = {
  Read: ['read', 'list'],
  LS: ['list'],
  Glob: ['glob'],
  Grep: ['grep'],
  Write: ['edit'],
  Edit: ['edit'],
  MultiEdit: ['edit'],
  WebFetch: ['webfetch'],
  WebSearch: ['websearch'],
  TodoWrite: ['todowrite', 'todoread'],
};

export function buildOpencodeInvocation(context: AgentCliContext): AgentCliInvocationResult {
  const { call, settings } = context;
  const args = ['run', '--format', 'json'];
  const env: Record<string, string> = {};
  const notes: string[] = [];
  const config: Record<string, unknown> = { autoupdate: false, share: 'disabled' };

  if (settings.baseUrl) {
    const model = call.model ?? 'default';
    const options: Record<string, unknown> = { baseURL: settings.baseUrl };
    if (settings.apiKeyEnv) {
      options.apiKey = `{env:${settings.apiKeyEnv}}`;
      env[settings.apiKeyEnv] = context.parentEnv[settings.apiKeyEnv] ?? '';
    }
    config.provider = {
      [OPENCODE_PROVIDER_ID]: {
        npm: '@ai-sdk/openai-compatible',
        name: 'Maestro',
        options,
        models: { [model]: { name: model, tool_call: true, limit: { context: 128000, output: 8192 } } },
      },
    };
    config.model = `${OPENCODE_PROVIDER_ID}/${model}`;
    args.push('-m', `${OPENCODE_PROVIDER_ID}/${model}`);
  } else if (call.model) {
    args.push('-m', call.model);
  }
  if (call.agent) args.push('--agent', call.agent);
  if (call.reasoningEffort) args.push('--variant', call.reasoningEffort);

  const output = removeFlags(call.args ?? [], OUTPUT_FLAGS);
  let planArgs = output.args;
  if (output.removed.length > 0)
    notes.push(`dropped ${output.removed.join(', ')}: the engine reads json events`);
  if (call.allowedTools && call.allowedTools.length > 0) {
    const parsed = parseToolGrants(call.allowedTools);
    if ('problem' in parsed) return { unsupported: parsed.problem };
    const permission = grantPermissions(expandCategories(parsed.grants));
    if ('unsupported' in permission) return permission;
    config.permission = permission.permission;
    const removed = removeFlags(planArgs, PERMISSION_FLAGS);
    planArgs = removed.args;
    if (removed.removed.length > 0)
      notes.push(`dropped ${removed.removed.join(', ')}: allowed_tools decides permissions`);
    // Anything not denied is allowed without asking; the grants deny everything else.
    args.push('--auto');
  } else if (call.executionProfile === 'safe') {
    config.permission = { bash: 'deny', webfetch: 'deny', websearch: 'deny', external_directory: 'deny' };
    const removed = removeFlags(planArgs, PERMISSION_FLAGS);
    planArgs = removed.args;
    if (removed.removed.length > 0)
      notes.push(`dropped ${removed.removed.join(', ')}: execution profile safe`);
  } else if (call.executionProfile === 'yolo') {
    if (!planArgs.includes('--auto')) args.push('--auto');
  }
  if (isRecord(settings.values.config)) Object.assign(config, mergeSettings(config, settings.values.config));
  env.OPENCODE_CONFIG_CONTENT = JSON.stringify(config);
  if (settings.offline) {
    // No models.dev catalogue, no plugin install from npm, no LSP downloads.
    Object.assign(env, {
      OPENCODE_DISABLE_MODELS_FETCH: '1',
      OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
      OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
    });
  }
  env.OPENCODE_DISABLE_AUTOUPDATE = '1';
  args.push(...planArgs, '--', promptWithInstructions(call));
  return { args, env, notes, files: context.stateDir ? pluginInstallGuard(context.stateDir) : [] };
}

function grantPermissions(
  grants: ToolGrant[],
): { permission: Record<string, unknown> } | { unsupported: string } {
  const permission: Record<string, unknown> = { '*': 'deny' };
  const bashPatterns: Record<string, string> = {};
  let bashAll = false;
  for (const grant of grants) {
    if (grant.type === 'tool' && grant.tool === 'Bash') {
      if (grant.pattern === undefined) bashAll = true;
      else bashPatterns[grant.pattern.replace(/:\*$/, ' *')] = 'allow';
      continue;
    }
    const names =
      grant.type === 'tool' && grant.pattern === undefined ? OPENCODE_PERMISSIONS[grant.tool] : undefined;
    // A tool a category stands for that opencode lacks (NotebookEdit in no-shell) is simply not granted.
    if (!names && grant.type !== 'category' && grant.fromCategory) continue;
    if (!names) return { unsupported: `opencode cannot enforce the allowed_tools value '${grant.value}'` };
    for (const name of names) permission[name] = 'allow';
  }
  if (bashAll) permission.bash = 'allow';
  else if (Object.keys(bashPatterns).length > 0) permission.bash = { '*': 'deny', ...bashPatterns };
  return { permission };
}

// On start opencode installs @opencode-ai/plugin from the npm registry into every config folder that has
// no node_modules yet (or whose lock file lacks it) — in a fresh state folder that is every run: network
// traffic and seconds of delay. A fresh folder has no plugins to build, so an empty node_modules and a
// lock file that already lists the package make opencode skip the install.
function pluginInstallGuard(stateDir: string): { path: string; content: string }[] {
  const configDir = join(stateDir, '.config', 'opencode');
  if (existsSync(join(configDir, 'node_modules'))) return [];
  const lock = { lockfileVersion: 3, packages: { '': { dependencies: { '@opencode-ai/plugin': '*' } } } };
  return [
    { path: join(configDir, 'node_modules', '.maestro-empty'), content: '' },
    { path: join(configDir, 'package-lock.json'), content: `${JSON.stringify(lock)}\n` },
  ];
}
