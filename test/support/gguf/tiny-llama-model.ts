// A tiny random-weight model in llama.cpp's `llama` architecture, for tests of the embedded engine: 2
// layers, 64-wide embeddings, 4 heads, a 128-wide feed-forward block, a 2048-token training context and
// a SentencePiece (SPM) vocabulary of 360 tokens. The weights come from a seeded PRNG, so the same seed
// gives the same bytes (and the same gibberish) every time. About 0.5 MB.
import { writeFileSync } from 'node:fs';
import { encodeGguf, type GgufTensor, type GgufValue } from './gguf-writer.ts';
import { buildTinyVocabulary } from './tiny-vocabulary.ts';

export const TINY_MODEL_SHAPE = {
  layers: 2,
  embeddingLength: 64,
  heads: 4,
  feedForwardLength: 128,
  contextLength: 2048,
} as const;

export interface TinyModelOptions {
  /** @default 42 */
  seed?: number;
  /** `general.name` @default 'maestro-tiny-llama' */
  name?: string;
}

export function buildTinyLlamaGguf(options: TinyModelOptions = {}): Buffer {
  const random = mulberry32(options.seed ?? 42);
  const vocabulary = buildTinyVocabulary();
  const { layers, embeddingLength: embed, heads, feedForwardLength: ff, contextLength } = TINY_MODEL_SHAPE;
  const metadata: Record<string, GgufValue> = {
    'general.architecture': { type: 'string', value: 'llama' },
    'general.name': { type: 'string', value: options.name ?? 'maestro-tiny-llama' },
    'general.alignment': { type: 'uint32', value: 32 },
    'general.file_type': { type: 'uint32', value: 0 },
    'llama.context_length': { type: 'uint32', value: contextLength },
    'llama.embedding_length': { type: 'uint32', value: embed },
    'llama.block_count': { type: 'uint32', value: layers },
    'llama.feed_forward_length': { type: 'uint32', value: ff },
    'llama.attention.head_count': { type: 'uint32', value: heads },
    'llama.attention.head_count_kv': { type: 'uint32', value: heads },
    'llama.attention.layer_norm_rms_epsilon': { type: 'float32', value: 1e-5 },
    'llama.rope.dimension_count': { type: 'uint32', value: embed / heads },
    'llama.vocab_size': { type: 'uint32', value: vocabulary.tokens.length },
    'tokenizer.ggml.model': { type: 'string', value: 'llama' },
    'tokenizer.ggml.tokens': { type: 'array', itemType: 'string', value: vocabulary.tokens },
    'tokenizer.ggml.scores': { type: 'array', itemType: 'float32', value: vocabulary.scores },
    'tokenizer.ggml.token_type': { type: 'array', itemType: 'int32', value: vocabulary.types },
    'tokenizer.ggml.unknown_token_id': { type: 'uint32', value: vocabulary.unknownId },
    'tokenizer.ggml.bos_token_id': { type: 'uint32', value: vocabulary.bosId },
    'tokenizer.ggml.eos_token_id': { type: 'uint32', value: vocabulary.eosId },
    'tokenizer.ggml.add_bos_token': { type: 'bool', value: true },
    'tokenizer.ggml.add_eos_token': { type: 'bool', value: false },
  };
  const vocabularySize = vocabulary.tokens.length;
  const matrix = (name: string, inputs: number, outputs: number): GgufTensor => ({
    name,
    shape: [inputs, outputs],
    data: randomValues(random, inputs * outputs, 1 / Math.sqrt(inputs)),
  });
  const norm = (name: string): GgufTensor => ({
    name,
    shape: [embed],
    data: new Float32Array(embed).fill(1),
  });
  const tensors: GgufTensor[] = [
    {
      name: 'token_embd.weight',
      shape: [embed, vocabularySize],
      data: randomValues(random, embed * vocabularySize, 1),
    },
  ];
  for (let layer = 0; layer < layers; layer += 1) {
    const prefix = `blk.${layer}`;
    tensors.push(
      norm(`${prefix}.attn_norm.weight`),
      matrix(`${prefix}.attn_q.weight`, embed, embed),
      matrix(`${prefix}.attn_k.weight`, embed, embed),
      matrix(`${prefix}.attn_v.weight`, embed, embed),
      matrix(`${prefix}.attn_output.weight`, embed, embed),
      norm(`${prefix}.ffn_norm.weight`),
      matrix(`${prefix}.ffn_gate.weight`, embed, ff),
      matrix(`${prefix}.ffn_up.weight`, embed, ff),
      matrix(`${prefix}.ffn_down.weight`, ff, embed),
    );
  }
  tensors.push(norm('output_norm.weight'), matrix('output.weight', embed, vocabularySize));
  return encodeGguf(metadata, tensors);
}

export interface TinyLoraOptions {
  /** @default 7 */
  seed?: number;
  /** @default 4 */
  rank?: number;
}

/**
 * A LoRA adapter for the tiny model (llama.cpp's adapter format: `general.type = adapter`, pairs of
 * `<weight>.lora_a` / `<weight>.lora_b` tensors) that changes the attention query and output weights
 * of every layer strongly enough to change what the model generates.
 */
export function buildTinyLoraGguf(options: TinyLoraOptions = {}): Buffer {
  const random = mulberry32(options.seed ?? 7);
  const rank = options.rank ?? 4;
  const embed = TINY_MODEL_SHAPE.embeddingLength;
  const metadata: Record<string, GgufValue> = {
    'general.architecture': { type: 'string', value: 'llama' },
    'general.type': { type: 'string', value: 'adapter' },
    'general.name': { type: 'string', value: 'maestro-tiny-lora' },
    'general.alignment': { type: 'uint32', value: 32 },
    'adapter.type': { type: 'string', value: 'lora' },
    'adapter.lora.alpha': { type: 'float32', value: rank },
  };
  const tensors: GgufTensor[] = [];
  for (let layer = 0; layer < TINY_MODEL_SHAPE.layers; layer += 1) {
    for (const weight of ['attn_q', 'attn_output']) {
      const name = `blk.${layer}.${weight}.weight`;
      tensors.push(
        { name: `${name}.lora_a`, shape: [embed, rank], data: randomValues(random, embed * rank, 1) },
        { name: `${name}.lora_b`, shape: [rank, embed], data: randomValues(random, rank * embed, 1) },
      );
    }
  }
  return encodeGguf(metadata, tensors);
}

export function writeTinyLlamaGguf(path: string, options: TinyModelOptions = {}): string {
  writeFileSync(path, buildTinyLlamaGguf(options));
  return path;
}

export function writeTinyLoraGguf(path: string, options: TinyLoraOptions = {}): string {
  writeFileSync(path, buildTinyLoraGguf(options));
  return path;
}

function randomValues(random: () => number, count: number, scale: number): Float32Array {
  const values = new Float32Array(count);
  for (let index = 0; index < count; index += 1) values[index] = (random() * 2 - 1) * scale;
  return values;
}

// mulberry32: a small, fast 32-bit PRNG; deterministic for a given seed.
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
