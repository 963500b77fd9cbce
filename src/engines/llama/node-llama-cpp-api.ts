// The part of node-llama-cpp's API (3.x) that the embedded engine uses, declared here because the
// package is an optional dependency: Maestro must type-check and run without it installed.

export type LlamaGpuSetting = false | 'auto' | 'cuda' | 'vulkan' | 'metal';

export interface NodeLlamaCppModule {
  getLlama(options: {
    gpu?: LlamaGpuSetting;
    build?: 'never';
    logLevel?: 'disabled' | 'fatal' | 'error' | 'warn' | 'info' | 'log' | 'debug';
    maxThreads?: number;
    progressLogs?: boolean;
    skipDownload?: boolean;
    dryRun?: boolean;
  }): Promise<LlamaRuntime>;
  LlamaChatSession: new (options: {
    contextSequence: LlamaSequence;
    systemPrompt?: string;
    autoDisposeSequence?: boolean;
  }) => LlamaChatSession;
}

export interface LlamaRuntime {
  loadModel(options: {
    modelPath: string;
    gpuLayers?: number | 'auto';
    loadSignal?: AbortSignal;
  }): Promise<LlamaModel>;
  createGrammarForJsonSchema(schema: unknown): Promise<LlamaGrammar>;
  dispose(): Promise<void>;
}

export interface LlamaModel {
  readonly trainContextSize: number;
  tokenize(text: string): readonly unknown[];
  createContext(options: {
    contextSize?: number;
    sequences?: number;
    threads?: number;
    lora?: { adapters: { filePath: string; scale?: number }[] };
  }): Promise<LlamaContext>;
  dispose(): Promise<void>;
}

export interface LlamaContext {
  getSequence(): LlamaSequence;
  dispose(): Promise<void>;
}

export interface LlamaSequence {
  readonly tokenMeter: { readonly usedInputTokens: number; readonly usedOutputTokens: number };
  dispose(): void;
}

export interface LlamaGrammar {
  /** JSON-schema grammars only: parses the generated text and checks it against the schema. */
  parse?(json: string): unknown;
}

export interface LlamaChatSession {
  prompt(
    text: string,
    options: {
      maxTokens?: number;
      temperature?: number;
      topK?: number;
      topP?: number;
      seed?: number;
      grammar?: LlamaGrammar;
      signal?: AbortSignal;
      stopOnAbortSignal?: boolean;
      onTextChunk?: (text: string) => void;
    },
  ): Promise<string>;
  dispose(options?: { disposeSequence?: boolean }): void;
}
