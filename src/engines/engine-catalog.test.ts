import { describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE_CAPABILITIES } from './engine-catalog.ts';
import { createEngineRegistry } from './registry.ts';

describe('the engine catalog', () => {
  it('lists exactly the default engines, with the capabilities each engine declares', () => {
    const registry = createEngineRegistry();
    expect(Object.keys(DEFAULT_ENGINE_CAPABILITIES).sort()).toEqual(registry.names());
    for (const name of registry.names()) {
      expect([name, DEFAULT_ENGINE_CAPABILITIES[name]]).toEqual([name, registry.get(name).capabilities]);
    }
  });
});
