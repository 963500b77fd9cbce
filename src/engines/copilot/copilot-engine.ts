// The `copilot` engine: GitHub Copilot CLI (`@github/copilot`) run headless with `--output-format json`.
// Tool grants become `--allow-tool` permissions (everything else is denied in prompt mode);
// `--allow-all-tools` is used only in the yolo profile. No usage or cost is reported for BYOK.
import type { AgentCliDefinition } from '../agent-cli/agent-cli-definition.ts';
import { AgentCliEngine, type AgentCliEngineOptions } from '../agent-cli/agent-cli-engine.ts';
import { buildCopilotInvocation } from './copilot-command.ts';
import { CopilotStreamParser } from './copilot-stream-parser.ts';

export const copilotDefinition: AgentCliDefinition = {
  name: 'copilot',
  capabilities: { toolGrants: true, structuredOutput: false },
  defaultBinary: 'copilot',
  installHint: 'install it with `npm install -g @github/copilot`',
  passthroughEnv: ['GH_TOKEN', 'GITHUB_TOKEN', 'COPILOT_GITHUB_TOKEN', 'COPILOT_HOME'],
  // COPILOT_HOME, not HOME: copilot unpacks ~235 MB into $HOME/.cache/copilot on first run, which a
  // fresh HOME per call would repeat every time.
  stateEnv: (stateDir) => ({ COPILOT_HOME: stateDir }),
  buildInvocation: buildCopilotInvocation,
  createParser: () => new CopilotStreamParser(),
};

export class CopilotEngine extends AgentCliEngine {
  constructor(options: AgentCliEngineOptions = {}) {
    super(copilotDefinition, options);
  }
}
