// The `claude` engine: Claude Code (`@anthropic-ai/claude-code`) run headless with `-p` and read from its
// stream-json output. Tool grants are enforced by the CLI (`--tools`, `--allowedTools`, permission
// mode dontAsk); cost comes from the CLI's own `total_cost_usd`.
import type { AgentCliDefinition } from '../agent-cli/agent-cli-definition.ts';
import { AgentCliEngine, type AgentCliEngineOptions } from '../agent-cli/agent-cli-engine.ts';
import { buildClaudeInvocation } from './claude-command.ts';
import { ClaudeStreamParser } from './claude-stream-parser.ts';

export const claudeDefinition: AgentCliDefinition = {
  name: 'claude',
  capabilities: { toolGrants: true, structuredOutput: false },
  defaultBinary: 'claude',
  installHint: 'install it with `npm install -g @anthropic-ai/claude-code`',
  passthroughEnv: [
    'ANTHROPIC_API_KEY',
    'ANTHROPIC_AUTH_TOKEN',
    'ANTHROPIC_BASE_URL',
    'CLAUDE_CONFIG_DIR',
    'CLAUDE_CODE_USE_BEDROCK',
    'CLAUDE_CODE_USE_VERTEX',
  ],
  stateEnv: (stateDir) => ({ CLAUDE_CONFIG_DIR: stateDir }),
  buildInvocation: buildClaudeInvocation,
  createParser: () => new ClaudeStreamParser(),
};

export class ClaudeEngine extends AgentCliEngine {
  constructor(options: AgentCliEngineOptions = {}) {
    super(claudeDefinition, options);
  }
}
