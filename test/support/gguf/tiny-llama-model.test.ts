// The GGUF generator alone: deterministic bytes and a well-formed header. That the file loads and runs
// in llama.cpp is tested in test/llama/llama-engine.test.ts.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildTinyLlamaGguf, buildTinyLoraGguf, TINY_MODEL_SHAPE } from './tiny-llama-model.ts';
import { buildTinyVocabulary } from './tiny-vocabulary.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

// Reads the fixed header and the metadata keys (values are skipped by type).
function readHeader(bytes: Buffer) {
  let offset = 0;
  const u32 = () => {
    const value = bytes.readUInt32LE(offset);
    offset += 4;
    return value;
  };
  const u64 = () => {
    const value = Number(bytes.readBigUInt64LE(offset));
    offset += 8;
    return value;
  };
  const string = () => {
    const length = u64();
    const value = bytes.toString('utf8', offset, offset + length);
    offset += length;
    return value;
  };
  const sizes: Record<number, number> = { 4: 4, 5: 4, 6: 4, 7: 1 };
  const skip = (type: number): unknown => {
    if (type === 8) return string();
    if (type === 9) {
      const itemType = u32();
      const count = u64();
      for (let index = 0; index < count; index += 1) skip(itemType);
      return count;
    }
    const value = type === 4 ? bytes.readUInt32LE(offset) : undefined;
    offset += sizes[type]!;
    return value;
  };
  const magic = bytes.toString('ascii', 0, 4);
  offset = 4;
  const version = u32();
  const tensorCount = u64();
  const keyCount = u64();
  const metadata: Record<string, unknown> = {};
  for (let index = 0; index < keyCount; index += 1) {
    const key = string();
    metadata[key] = skip(u32());
  }
  return { magic, version, tensorCount, metadata };
}

describe('tiny GGUF generator', () => {
  it('writes the same bytes for the same seed and different weights for another seed', () => {
    const first = buildTinyLlamaGguf({ seed: 1 });
    expect(sha256(buildTinyLlamaGguf({ seed: 1 }))).toBe(sha256(first));
    const other = buildTinyLlamaGguf({ seed: 2 });
    expect(other.length).toBe(first.length);
    expect(sha256(other)).not.toBe(sha256(first));
  });

  it('writes a GGUF v3 llama model of about half a megabyte', () => {
    const bytes = buildTinyLlamaGguf();
    const header = readHeader(bytes);
    expect(header.magic).toBe('GGUF');
    expect(header.version).toBe(3);
    // token_embd, output_norm, output, and 9 tensors per layer
    expect(header.tensorCount).toBe(3 + 9 * TINY_MODEL_SHAPE.layers);
    expect(header.metadata['general.architecture']).toBe('llama');
    expect(header.metadata['llama.context_length']).toBe(2048);
    expect(header.metadata['llama.embedding_length']).toBe(64);
    expect(header.metadata['tokenizer.ggml.model']).toBe('llama');
    expect(header.metadata['tokenizer.ggml.tokens']).toBe(360);
    expect(bytes.length).toBeGreaterThan(400_000);
    expect(bytes.length).toBeLessThan(600_000);
    expect(bytes.length % 32).toBe(0);
  });

  it('has an SPM vocabulary with byte fallback for any text', () => {
    const vocabulary = buildTinyVocabulary();
    expect(vocabulary.tokens.slice(0, 3)).toEqual(['<unk>', '<s>', '</s>']);
    expect(vocabulary.tokens[3]).toBe('<0x00>');
    expect(vocabulary.tokens[258]).toBe('<0xFF>');
    expect(vocabulary.tokens).toContain('\u2581a');
    expect(new Set(vocabulary.tokens).size).toBe(vocabulary.tokens.length);
    expect(vocabulary.scores).toHaveLength(vocabulary.tokens.length);
    expect(vocabulary.types).toHaveLength(vocabulary.tokens.length);
  });

  it('writes a LoRA adapter for the model', () => {
    const header = readHeader(buildTinyLoraGguf());
    expect(header.metadata['general.type']).toBe('adapter');
    expect(header.metadata['adapter.type']).toBe('lora');
    expect(header.tensorCount).toBe(2 * 2 * TINY_MODEL_SHAPE.layers);
  });
});
