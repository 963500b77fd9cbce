// Writes a GGUF v3 file (ggml's docs/gguf.md): header, metadata key/values, tensor infos, then the
// tensor data, each tensor aligned to `general.alignment` (32 bytes). Only the value types a tiny test
// model needs are supported; every tensor is F32.

const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
const GGUF_VERSION = 3;
const ALIGNMENT = 32;
const GGML_TYPE_F32 = 0;

// GGUF metadata value types (gguf_metadata_value_type).
const TYPE = { uint32: 4, int32: 5, float32: 6, bool: 7, string: 8, array: 9 } as const;

export type GgufValue =
  | { type: 'uint32' | 'int32' | 'float32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'array'; itemType: 'int32' | 'float32' | 'string'; value: readonly (number | string)[] };

export interface GgufTensor {
  name: string;
  /** ggml order: the first dimension is the innermost (contiguous) one. */
  shape: readonly number[];
  data: Float32Array;
}

// Collects byte chunks and tracks the running length, so that alignment padding can be computed.
class ByteSink {
  readonly chunks: Buffer[] = [];
  length = 0;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  u32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeUInt32LE(value);
    this.push(chunk);
  }

  i32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeInt32LE(value);
    this.push(chunk);
  }

  f32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeFloatLE(value);
    this.push(chunk);
  }

  u64(value: number): void {
    const chunk = Buffer.alloc(8);
    chunk.writeBigUInt64LE(BigInt(value));
    this.push(chunk);
  }

  string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }

  padTo(alignment: number): void {
    const padding = (alignment - (this.length % alignment)) % alignment;
    if (padding > 0) this.push(Buffer.alloc(padding));
  }
}

export function encodeGguf(metadata: Record<string, GgufValue>, tensors: readonly GgufTensor[]): Buffer {
  const sink = new ByteSink();
  sink.u32(GGUF_MAGIC);
  sink.u32(GGUF_VERSION);
  sink.u64(tensors.length);
  sink.u64(Object.keys(metadata).length);
  for (const [key, value] of Object.entries(metadata)) {
    sink.string(key);
    writeValue(sink, value);
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const tensor of tensors) {
    const elements = tensor.shape.reduce((product, size) => product * size, 1);
    if (elements !== tensor.data.length) {
      throw new RangeError(
        `Tensor ${tensor.name}: shape ${tensor.shape} holds ${elements}, got ${tensor.data.length}`,
      );
    }
    sink.string(tensor.name);
    sink.u32(tensor.shape.length);
    for (const size of tensor.shape) sink.u64(size);
    sink.u32(GGML_TYPE_F32);
    sink.u64(offset);
    offsets.push(offset);
    offset += alignUp(tensor.data.byteLength);
  }
  sink.padTo(ALIGNMENT);
  for (const tensor of tensors) {
    sink.push(Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
    sink.padTo(ALIGNMENT);
  }
  return Buffer.concat(sink.chunks, sink.length);
}

function writeValue(sink: ByteSink, value: GgufValue): void {
  sink.u32(TYPE[value.type]);
  switch (value.type) {
    case 'uint32':
      sink.u32(value.value);
      return;
    case 'int32':
      sink.i32(value.value);
      return;
    case 'float32':
      sink.f32(value.value);
      return;
    case 'bool':
      sink.push(Buffer.from([value.value ? 1 : 0]));
      return;
    case 'string':
      sink.string(value.value);
      return;
    case 'array':
      sink.u32(TYPE[value.itemType]);
      sink.u64(value.value.length);
      for (const item of value.value) {
        if (value.itemType === 'string') sink.string(String(item));
        else if (value.itemType === 'int32') sink.i32(Number(item));
        else sink.f32(Number(item));
      }
      return;
  }
}

function alignUp(size: number): number {
  return Math.ceil(size / ALIGNMENT) * ALIGNMENT;
}
