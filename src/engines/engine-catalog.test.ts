import { describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE_CAPABILITIES, NETWORK_ONLY_ENGINES } from './engine-catalog.ts';
import { createEngineRegistry } from './registry.ts';

describe('the engine catalog', () => {
  it('lists exactly the default engines, with the capabilities each engine declares', () => {
    const registry = createEngineRegistry();
    expect(Object.keys(DEFAULT_ENGINE_CAPABILITIES).sort()).toEqual(registry.names());
    for (const name of registry.names()) {
      expect([name, DEFAULT_ENGINE_CAPABILITIES[name]]).toEqual([name, registry.get(name).capabilities]);
    }
  });

  it('names only default engines as network-only, never the shell or an agent CLI', () => {
    const names = createEngineRegistry().names();
    for (const name of NETWORK_ONLY_ENGINES) expect(names).toContain(name);
    for (const spawning of ['shell', 'claude', 'codex', 'gemini', 'qwen', 'copilot', 'opencode', 'llama'])
      expect(NETWORK_ONLY_ENGINES.has(spawning)).toBe(false);
  });
});
