// The command line and environment of one `codex exec` call.
//
//   codex exec --json --skip-git-repo-check -C <cwd> [-m M] [-c model_reasoning_effort="E"]
//              [one sandbox setting] [-c developer_instructions="..."] [provider -c flags]
//              -c analytics.enabled=false [--disable plugins] <plan args> -- <prompt>
//
// Exactly one sandbox setting, never two (maestro-cli passed `--sandbox workspace-read-only`, which is
// not a codex value, next to `--sandbox workspace-write --full-auto`):
//   allowed_tools [read-only] -> `-s read-only` (the grant wins over the profile)
//   safe                      -> `-s workspace-write -c approval_policy="never"`
//   yolo                      -> `--dangerously-bypass-approvals-and-sandbox`
//   plan                      -> whatever the plan's args say (codex exec defaults to read-only)
// Sandbox flags in the plan's args are dropped (with a note) whenever the engine sets one.
import { join } from 'node:path';
import {
  type AgentCliContext,
  type AgentCliInvocationResult,
  MAX_ARGUMENT_BYTES,
} from '../agent-cli/agent-cli-definition.ts';
import { isRecord } from '../agent-cli/agent-cli-settings.ts';
import { type FlagSpec, removeFlags } from '../agent-cli/remove-flags.ts';
import { systemInstructions } from '../agent-cli/system-instructions.ts';
import { tomlKey, tomlValue } from '../agent-cli/toml-value.ts';
import { parseToolGrants } from '../agent-cli/tool-grants.ts';
import { resolveCodexModel } from './codex-models.ts';

/** The provider id the engine registers for `base_url`. */
export const CODEX_PROVIDER_ID = 'maestro';

const SANDBOX_FLAGS: readonly FlagSpec[] = [
  { names: ['--yolo', '--dangerously-bypass-approvals-and-sandbox', '--full-auto'], takesValue: false },
  { names: ['-s', '--sandbox'], takesValue: true },
  { names: ['-a', '--ask-for-approval'], takesValue: true },
  {
    names: ['-c', '--config'],
    takesValue: true,
    valueMatches: (value) => /^\s*(sandbox_mode|approval_policy)\s*=/.test(value),
  },
];

export function buildCodexInvocation(context: AgentCliContext): AgentCliInvocationResult {
  const { call, settings } = context;
  const args = ['exec', '--json', '--skip-git-repo-check', '-C', call.cwd];
  const env: Record<string, string> = {};
  const notes: string[] = [];
  const files: { path: string; content: string }[] = [];
  if (call.model) args.push('-m', resolveCodexModel(call.model));
  if (call.reasoningEffort) args.push('-c', `model_reasoning_effort=${tomlValue(call.reasoningEffort)}`);

  const sandbox = sandboxArgs(context);
  if ('unsupported' in sandbox) return sandbox;
  let planArgs = call.args ?? [];
  if (sandbox.args.length > 0) {
    const removed = removeFlags(planArgs, SANDBOX_FLAGS);
    planArgs = removed.args;
    if (removed.removed.length > 0) notes.push(`dropped ${removed.removed.join(', ')}: ${sandbox.reason}`);
    args.push(...sandbox.args);
  }

  const instructions = systemInstructions(call);
  if (instructions) args.push('-c', `developer_instructions=${tomlValue(instructions)}`);
  if (call.outputSchema) {
    const path = join(context.scratchDir, 'output-schema.json');
    files.push({ path, content: JSON.stringify(call.outputSchema) });
    args.push('--output-schema', path);
  }
  const provider = providerArgs(context, env);
  if ('unsupported' in provider) return provider;
  args.push(...provider.args);
  const config = settings.values.config;
  if (config !== undefined) {
    if (!isRecord(config))
      return { unsupported: 'Expected engine option `config` to be a mapping of codex config keys' };
    try {
      for (const [key, value] of Object.entries(config)) args.push('-c', `${key}=${tomlValue(value)}`);
    } catch (error) {
      return { unsupported: `engine option \`config\`: ${(error as Error).message}` };
    }
  }
  args.push('-c', 'analytics.enabled=false');
  if (settings.offline) args.push('--disable', 'plugins');
  if (settings.values.ephemeral === true) args.push('--ephemeral');
  const prompt = call.prompt ?? '';
  // A prompt over the one-argument limit goes to stdin: `-` tells codex to read it from there.
  if (Buffer.byteLength(prompt) > MAX_ARGUMENT_BYTES) {
    return { args: [...args, ...planArgs, '--', '-'], env, notes, files, input: prompt };
  }
  args.push(...planArgs, '--', prompt);
  return { args, env, notes, files };
}

function sandboxArgs(context: AgentCliContext): { args: string[]; reason: string } | { unsupported: string } {
  const { call } = context;
  if (call.allowedTools && call.allowedTools.length > 0) {
    const parsed = parseToolGrants(call.allowedTools);
    if ('problem' in parsed) return { unsupported: parsed.problem };
    const other = parsed.grants.find(
      (grant) => !(grant.type === 'category' && grant.category === 'read-only'),
    );
    if (other) {
      return {
        unsupported: `codex can enforce only the allowed_tools category 'read-only' (its read-only sandbox), not '${other.value}'`,
      };
    }
    return { args: ['-s', 'read-only'], reason: 'allowed_tools [read-only] sets the sandbox' };
  }
  if (call.executionProfile === 'safe') {
    return {
      args: ['-s', 'workspace-write', '-c', 'approval_policy="never"'],
      reason: 'execution profile safe',
    };
  }
  if (call.executionProfile === 'yolo') {
    return { args: ['--dangerously-bypass-approvals-and-sandbox'], reason: 'execution profile yolo' };
  }
  return { args: [], reason: '' };
}

// `base_url` registers a Responses-API provider (codex ignores OPENAI_BASE_URL); `api_key_env` names the
// variable codex sends as the bearer token (its value is copied from Maestro's environment).
function providerArgs(
  context: AgentCliContext,
  env: Record<string, string>,
): { args: string[] } | { unsupported: string } {
  const { settings, parentEnv } = context;
  const keyValue = settings.apiKeyEnv ? (parentEnv[settings.apiKeyEnv] ?? '') : undefined;
  if (!settings.baseUrl) {
    if (keyValue !== undefined) {
      env.CODEX_API_KEY = keyValue;
      env.OPENAI_API_KEY = keyValue;
    }
    return { args: [] };
  }
  const provider: Record<string, unknown> = {
    name: 'Maestro',
    base_url: settings.baseUrl,
    wire_api: 'responses',
  };
  if (settings.apiKeyEnv && keyValue !== undefined) {
    provider.env_key = settings.apiKeyEnv;
    env[settings.apiKeyEnv] = keyValue;
  }
  for (const key of ['request_max_retries', 'stream_max_retries', 'stream_idle_timeout_ms']) {
    const value = settings.values[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || (value as number) < 0) {
      return {
        unsupported: `Expected engine option \`${key}\` to be an integer ≥ 0, got ${JSON.stringify(value)}`,
      };
    }
    provider[key] = value;
  }
  return {
    args: [
      '-c',
      `model_provider=${tomlValue(CODEX_PROVIDER_ID)}`,
      '-c',
      `model_providers.${tomlKey(CODEX_PROVIDER_ID)}=${tomlValue(provider)}`,
    ],
  };
}
