// The `qwen` engine: Qwen Code (`@qwen-code/qwen-code`, binary `qwen`) run headless with
// `-o stream-json`, pointed at any OpenAI-compatible endpoint with `base_url`. Tool grants become its
// core-tool allowlist; shell-command patterns are refused.
import type { AgentCliDefinition } from '../agent-cli/agent-cli-definition.ts';
import { AgentCliEngine, type AgentCliEngineOptions } from '../agent-cli/agent-cli-engine.ts';
import { buildQwenInvocation } from './qwen-command.ts';
import { QwenStreamParser } from './qwen-stream-parser.ts';

export const qwenDefinition: AgentCliDefinition = {
  name: 'qwen',
  capabilities: { toolGrants: true, structuredOutput: false },
  defaultBinary: 'qwen',
  installHint: 'install it with `npm install -g @qwen-code/qwen-code` (the binary is `qwen`)',
  passthroughEnv: ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_MODEL', 'DASHSCOPE_API_KEY'],
  // Qwen keeps its state in ~/.qwen.
  stateEnv: (stateDir) => ({ HOME: stateDir }),
  buildInvocation: buildQwenInvocation,
  createParser: () => new QwenStreamParser(),
};

export class QwenEngine extends AgentCliEngine {
  constructor(options: AgentCliEngineOptions = {}) {
    super(qwenDefinition, options);
  }
}
