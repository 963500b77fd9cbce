import { describe, expect, it } from 'vitest';
import { chooseOllamaContextSize } from './choose-ollama-context-size.ts';
import { normalizeOllamaHost } from './normalize-ollama-host.ts';

describe('normalizeOllamaHost', () => {
  it('adds http and the default port the way Ollama reads OLLAMA_HOST', () => {
    expect(normalizeOllamaHost('0.0.0.0')).toBe('http://0.0.0.0:11434');
    expect(normalizeOllamaHost('gpu-box:8080')).toBe('http://gpu-box:8080');
    expect(normalizeOllamaHost('https://ollama.example.com')).toBe('https://ollama.example.com');
  });
});

describe('chooseOllamaContextSize', () => {
  it('starts at 8192 and doubles until prompt estimate plus reply budget fit', () => {
    expect(chooseOllamaContextSize(100, undefined)).toBe(8192);
    expect(chooseOllamaContextSize(18_000, undefined)).toBe(8192);
    expect(chooseOllamaContextSize(18_000, 4096)).toBe(16_384);
    expect(chooseOllamaContextSize(10_000_000, undefined)).toBe(262_144);
  });
});
