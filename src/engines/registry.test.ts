import { describe, expect, it } from 'vitest';
import { MaestroError } from '../errors/index.ts';
import type { Engine } from './engine.ts';
import { MockEngine } from './mock/mock-engine.ts';
import { createEngineRegistry, DEFAULT_ENGINE_FACTORIES } from './registry.ts';
import { ShellEngine } from './shell/shell-engine.ts';

describe('createEngineRegistry', () => {
  it('holds every engine of the design table by default', () => {
    const registry = createEngineRegistry();
    expect(registry.names()).toEqual([
      'anthropic',
      'claude',
      'codex',
      'copilot',
      'gemini',
      'google',
      'llama',
      'mock',
      'ollama',
      'openai',
      'opencode',
      'qwen',
      'shell',
    ]);
    expect(registry.get('shell')).toBeInstanceOf(ShellEngine);
    expect(registry.get('mock')).toBeInstanceOf(MockEngine);
    expect(Object.keys(DEFAULT_ENGINE_FACTORIES).sort()).toEqual(registry.names());
  });

  it('holds exactly the given engines, a later one replacing an earlier one of the same name', () => {
    const fake: Engine = { name: 'mock', run: async () => ({ ok: true, text: 'fake', durationMs: 0 }) };
    const registry = createEngineRegistry([new MockEngine(), fake]);
    expect(registry.names()).toEqual(['mock']);
    expect(registry.get('mock')).toBe(fake);
    expect(registry.has('shell')).toBe(false);
  });

  it('throws E006 naming the available engines for an unknown name', () => {
    const registry = createEngineRegistry();
    expect(registry.has('gpt4')).toBe(false);
    let caught: unknown;
    try {
      registry.get('gpt4');
    } catch (error) {
      caught = error;
    }
    expect(MaestroError.isInstance(caught)).toBe(true);
    expect((caught as MaestroError).code).toBe('E006');
    expect((caught as MaestroError).message).toMatch(
      /^Unknown engine 'gpt4'. Available: anthropic, claude, .*, shell.$/,
    );
  });
});
