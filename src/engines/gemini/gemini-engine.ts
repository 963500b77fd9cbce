// The `gemini` engine: Gemini CLI (`@google/gemini-cli`) run headless with `-o stream-json --skip-trust`.
// Tool grants map onto its approval modes (`read-only`, `no-shell`); finer grants are refused.
import type { AgentCliDefinition } from '../agent-cli/agent-cli-definition.ts';
import { AgentCliEngine, type AgentCliEngineOptions } from '../agent-cli/agent-cli-engine.ts';
import { buildGeminiInvocation } from './gemini-command.ts';
import { GeminiStreamParser } from './gemini-stream-parser.ts';
import { mapGeminiExitCode } from './map-gemini-exit.ts';

export const geminiDefinition: AgentCliDefinition = {
  name: 'gemini',
  capabilities: { toolGrants: true, structuredOutput: false },
  defaultBinary: 'gemini',
  installHint: 'install it with `npm install -g @google/gemini-cli`',
  passthroughEnv: [
    'GEMINI_API_KEY',
    'GOOGLE_API_KEY',
    'GOOGLE_GEMINI_BASE_URL',
    'GOOGLE_CLOUD_PROJECT',
    'GOOGLE_CLOUD_LOCATION',
    'GOOGLE_GENAI_USE_VERTEXAI',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'GEMINI_CLI_HOME',
  ],
  stateEnv: (stateDir) => ({ GEMINI_CLI_HOME: stateDir }),
  buildInvocation: buildGeminiInvocation,
  createParser: () => new GeminiStreamParser(),
  mapExitCode: mapGeminiExitCode,
};

export class GeminiEngine extends AgentCliEngine {
  constructor(options: AgentCliEngineOptions = {}) {
    super(geminiDefinition, options);
  }
}
