// The `codex` engine: OpenAI Codex CLI (`@openai/codex`) run as `codex exec --json`. Tool grants map only
// onto its sandbox (`read-only`); anything finer is refused before codex starts. An `output_schema`
// goes to `--output-schema`, which the Responses API enforces.
import type { AgentCliDefinition } from '../agent-cli/agent-cli-definition.ts';
import { AgentCliEngine, type AgentCliEngineOptions } from '../agent-cli/agent-cli-engine.ts';
import { buildCodexInvocation } from './codex-command.ts';
import { CodexStreamParser } from './codex-stream-parser.ts';

export const codexDefinition: AgentCliDefinition = {
  name: 'codex',
  capabilities: { toolGrants: true, structuredOutput: true },
  defaultBinary: 'codex',
  installHint: 'install it with `npm install -g @openai/codex`',
  passthroughEnv: ['OPENAI_API_KEY', 'CODEX_API_KEY', 'CODEX_HOME'],
  stateEnv: (stateDir) => ({ CODEX_HOME: stateDir }),
  buildInvocation: buildCodexInvocation,
  createParser: () => new CodexStreamParser(),
};

export class CodexEngine extends AgentCliEngine {
  constructor(options: AgentCliEngineOptions = {}) {
    super(codexDefinition, options);
  }
}
