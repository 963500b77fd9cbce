// Engines by name. The kernel looks an engine up here for every task attempt; plans name engines with
// the `engine:` key (`shell` for command tasks).
import { MaestroError } from '../errors/index.ts';
import { ClaudeEngine } from './claude/claude-engine.ts';
import { CodexEngine } from './codex/codex-engine.ts';
import { CopilotEngine } from './copilot/copilot-engine.ts';
import type { Engine } from './engine.ts';
import { GeminiEngine } from './gemini/gemini-engine.ts';
import { AnthropicEngine } from './http/anthropic/anthropic-engine.ts';
import { GoogleEngine } from './http/google/google-engine.ts';
import { OllamaEngine } from './http/ollama/ollama-engine.ts';
import { OpenAIEngine } from './http/openai/openai-engine.ts';
import { LlamaEngine } from './llama/llama-engine.ts';
import { MockEngine } from './mock/mock-engine.ts';
import { OpencodeEngine } from './opencode/opencode-engine.ts';
import { QwenEngine } from './qwen/qwen-engine.ts';
import { ShellEngine } from './shell/shell-engine.ts';

export type EngineFactory = () => Engine;

/**
 * The engines a default registry holds, by name: processes, the scripted stand-in, the agent CLIs, the
 * HTTP model APIs and the embedded llama.cpp engine (its native package is loaded on first use only).
 */
export const DEFAULT_ENGINE_FACTORIES: Readonly<Record<string, EngineFactory>> = {
  shell: () => new ShellEngine(),
  mock: () => new MockEngine(),
  claude: () => new ClaudeEngine(),
  codex: () => new CodexEngine(),
  gemini: () => new GeminiEngine(),
  qwen: () => new QwenEngine(),
  copilot: () => new CopilotEngine(),
  opencode: () => new OpencodeEngine(),
  ollama: () => new OllamaEngine(),
  openai: () => new OpenAIEngine(),
  anthropic: () => new AnthropicEngine(),
  google: () => new GoogleEngine(),
  llama: () => new LlamaEngine(),
};

export interface EngineRegistry {
  /** Throws E006 for an unknown name; check with `has()` first where that is an expected case. */
  get(name: string): Engine;
  has(name: string): boolean;
  /** Sorted engine names. */
  names(): string[];
}

/**
 * A registry of the given engines (a later engine replaces an earlier one of the same name), or of
 * every default engine when none are given.
 * @example createEngineRegistry([...createDefaultEngines(), new MyEngine()])
 */
export function createEngineRegistry(engines: Iterable<Engine> = createDefaultEngines()): EngineRegistry {
  const byName = new Map<string, Engine>();
  for (const engine of engines) byName.set(engine.name, engine);
  const names = () => [...byName.keys()].sort();
  return {
    get(name) {
      const engine = byName.get(name);
      if (engine) return engine;
      throw new MaestroError({
        code: 'E006',
        message: `Unknown engine '${name}'. Available: ${names().join(', ') || '(none)'}.`,
      });
    },
    has: (name) => byName.has(name),
    names,
  };
}

export function createDefaultEngines(): Engine[] {
  return Object.values(DEFAULT_ENGINE_FACTORIES).map((factory) => factory());
}
