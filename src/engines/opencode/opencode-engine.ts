// The `opencode` engine: opencode (`opencode-ai`) run as `opencode run --format json`, configured through
// OPENCODE_CONFIG_CONTENT. Tool grants become opencode permissions ("*": "deny" plus what is granted).
import type { AgentCliDefinition } from '../agent-cli/agent-cli-definition.ts';
import { AgentCliEngine, type AgentCliEngineOptions } from '../agent-cli/agent-cli-engine.ts';
import { buildOpencodeInvocation } from './opencode-command.ts';
import { OpencodeStreamParser } from './opencode-stream-parser.ts';

export const opencodeDefinition: AgentCliDefinition = {
  name: 'opencode',
  capabilities: { toolGrants: true, structuredOutput: false },
  defaultBinary: 'opencode',
  installHint: 'install it with `npm install -g opencode-ai`',
  passthroughEnv: ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'OPENROUTER_API_KEY', 'OPENCODE_CONFIG'],
  // opencode keeps state in ~/.local/share, ~/.config and ~/.cache (XDG folders win over HOME).
  stateEnv: (stateDir) => ({
    HOME: stateDir,
    XDG_DATA_HOME: `${stateDir}/.local/share`,
    XDG_CONFIG_HOME: `${stateDir}/.config`,
    XDG_CACHE_HOME: `${stateDir}/.cache`,
    XDG_STATE_HOME: `${stateDir}/.local/state`,
  }),
  buildInvocation: buildOpencodeInvocation,
  createParser: () => new OpencodeStreamParser(),
  // The run ends with the process; there is no closing event to wait for.
  requiresResultEvent: false,
};

export class OpencodeEngine extends AgentCliEngine {
  constructor(options: AgentCliEngineOptions = {}) {
    super(opencodeDefinition, options);
  }
}
