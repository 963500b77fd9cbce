// The default engines' names and capabilities as plain data. A kernel whose attempts run in another
// process (the attempt host) needs only these two facts to plan a run, and loading every engine module
// to learn them costs ~80 ms of start-up here. A test keeps this table equal to the engines themselves.
import type { EngineCapabilities } from './engine.ts';

const agentCli: EngineCapabilities = { toolGrants: true, structuredOutput: false };
const httpModel: EngineCapabilities = { toolGrants: false, structuredOutput: true };

/** Engine name → its capabilities (`undefined`: the engine declares none, as `shell`). */
export const DEFAULT_ENGINE_CAPABILITIES: Readonly<Record<string, EngineCapabilities | undefined>> = {
  shell: undefined,
  mock: { toolGrants: true, structuredOutput: true },
  claude: agentCli,
  codex: { toolGrants: true, structuredOutput: true },
  gemini: agentCli,
  qwen: agentCli,
  copilot: agentCli,
  opencode: agentCli,
  ollama: httpModel,
  openai: httpModel,
  anthropic: httpModel,
  google: httpModel,
  llama: { toolGrants: true, structuredOutput: true },
};

/**
 * Engines whose attempts start no process: they only wait on a socket or a timer. (`llama` starts none
 * either, but keeps a core busy, so it counts with the engines that need one.)
 */
export const NETWORK_ONLY_ENGINES: ReadonlySet<string> = new Set([
  'mock',
  'ollama',
  'openai',
  'anthropic',
  'google',
]);
