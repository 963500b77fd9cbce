/**
 * @module
 * The agent-CLI engines: claude, codex, gemini, qwen, copilot and opencode, each the real CLI run
 * headless in its own process group (stdin /dev/null) and read from its structured output stream.
 * One shared AgentCliEngine does the process, watchdog, state folder and exit mapping; each CLI adds a
 * definition (command line + stream parser) in `src/engines/<cli>/`.
 *
 * @example
 * const registry = createEngineRegistry([...createDefaultEngines(), ...createAgentCliEngines()]);
 */
import { ClaudeEngine } from '../claude/claude-engine.ts';
import { CodexEngine } from '../codex/codex-engine.ts';
import { CopilotEngine } from '../copilot/copilot-engine.ts';
import type { Engine } from '../engine.ts';
import { GeminiEngine } from '../gemini/gemini-engine.ts';
import { OpencodeEngine } from '../opencode/opencode-engine.ts';
import { QwenEngine } from '../qwen/qwen-engine.ts';
import type { AgentCliEngineOptions } from './agent-cli-engine.ts';

export type {
  AgentCliContext,
  AgentCliDefinition,
  AgentCliInvocation,
  AgentCliReport,
  AgentStreamParser,
  AgentStreamSink,
} from './agent-cli-definition.ts';
export { AgentCliEngine, type AgentCliEngineOptions } from './agent-cli-engine.ts';
export type { AgentCliSettings } from './agent-cli-settings.ts';
export { AGENT_CLI_DEFAULT_BINARIES, locateAgentCli } from './locate-agent-cli.ts';
export type { AgentCliOutcome } from './map-agent-cli-exit.ts';
export { ClaudeEngine, CodexEngine, CopilotEngine, GeminiEngine, OpencodeEngine, QwenEngine };

/** Names of the agent-CLI engines, in the order of DESIGN.md. */
export const AGENT_CLI_ENGINE_NAMES = ['claude', 'codex', 'gemini', 'copilot', 'qwen', 'opencode'] as const;

/** One instance of every agent-CLI engine, sharing the same options. */
export function createAgentCliEngines(options: AgentCliEngineOptions = {}): Engine[] {
  return [
    new ClaudeEngine(options),
    new CodexEngine(options),
    new GeminiEngine(options),
    new CopilotEngine(options),
    new QwenEngine(options),
    new OpencodeEngine(options),
  ];
}
