// Loaded models and contexts, kept for the life of the process. A model file is loaded once per
// (module, gpu, path); a context once per (model, LoRA adapter, context size, threads). Concurrent first
// calls share one load. A failed load is forgotten so that a later call tries again.
import { availableParallelism } from 'node:os';
import { ExclusiveLock } from './exclusive-lock.ts';
import type { LlamaCallSettings } from './llama-call-settings.ts';
import type { LlamaContext, LlamaModel, LlamaRuntime, NodeLlamaCppModule } from './node-llama-cpp-api.ts';

/** The context size used when none is given (or the model's training size, when that is smaller). */
export const DEFAULT_LLAMA_CONTEXT_SIZE = 2048;

export interface LoadedLlamaContext {
  runtime: LlamaRuntime;
  model: LlamaModel;
  context: LlamaContext;
  contextSize: number;
  /** The context has one sequence: calls take turns. */
  lock: ExclusiveLock;
}

/** Which step of loading failed: the native runtime (binary), the model file, or the context. */
export class LlamaLoadError extends Error {
  readonly stage: 'runtime' | 'model' | 'context';

  constructor(stage: 'runtime' | 'model' | 'context', cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'LlamaLoadError';
    this.stage = stage;
  }
}

const runtimes = new Map<string, Promise<LlamaRuntime>>();
const models = new Map<string, Promise<LlamaModel>>();
const contexts = new Map<string, Promise<LoadedLlamaContext>>();

export function getLlamaContext(
  module: NodeLlamaCppModule,
  moduleKey: string,
  settings: LlamaCallSettings,
): Promise<LoadedLlamaContext> {
  const runtimeKey = JSON.stringify([moduleKey, settings.gpu]);
  const modelKey = JSON.stringify([runtimeKey, settings.modelPath, settings.gpuLayers]);
  const contextKey = JSON.stringify([
    modelKey,
    settings.loraPath,
    settings.loraScale,
    settings.contextSize,
    settings.threads,
  ]);
  return remember(contexts, contextKey, async () => {
    const runtime = await remember(runtimes, runtimeKey, () =>
      stage('runtime', () =>
        module.getLlama({
          gpu: settings.gpu,
          // Never compile llama.cpp on a user's machine: a prebuilt binary package or nothing.
          build: 'never',
          skipDownload: true,
          progressLogs: false,
          logLevel: 'error',
          maxThreads: availableParallelism(),
        }),
      ),
    );
    const model = await remember(models, modelKey, () =>
      stage('model', () =>
        runtime.loadModel({
          modelPath: settings.modelPath,
          ...(settings.gpuLayers === undefined ? {} : { gpuLayers: settings.gpuLayers }),
        }),
      ),
    );
    const contextSize = settings.contextSize ?? Math.min(DEFAULT_LLAMA_CONTEXT_SIZE, model.trainContextSize);
    const context = await stage('context', () =>
      model.createContext({
        contextSize,
        sequences: 1,
        ...(settings.threads === undefined ? {} : { threads: settings.threads }),
        ...(settings.loraPath === undefined
          ? {}
          : { lora: { adapters: [{ filePath: settings.loraPath, scale: settings.loraScale ?? 1 }] } }),
      }),
    );
    return { runtime, model, context, contextSize, lock: new ExclusiveLock() };
  });
}

/** Frees every loaded context, model and runtime (tests, or a long-lived process that is done with them). */
export async function unloadLlamaModels(): Promise<void> {
  const loadedContexts = drain(contexts);
  const loadedModels = drain(models);
  const loadedRuntimes = drain(runtimes);
  await Promise.all(loadedContexts.map((pending) => disposeQuietly(pending, (loaded) => loaded.context)));
  await Promise.all(loadedModels.map((pending) => disposeQuietly(pending, (model) => model)));
  await Promise.all(loadedRuntimes.map((pending) => disposeQuietly(pending, (runtime) => runtime)));
}

function drain<T>(cache: Map<string, Promise<T>>): Promise<T>[] {
  const values = [...cache.values()];
  cache.clear();
  return values;
}

async function disposeQuietly<T>(pending: Promise<T>, target: (value: T) => { dispose(): Promise<void> }) {
  try {
    await target(await pending).dispose();
  } catch {
    // a load that failed holds nothing to free
  }
}

async function stage<T>(name: LlamaLoadError['stage'], load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new LlamaLoadError(name, error);
  }
}

function remember<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let pending = cache.get(key);
  if (!pending) {
    pending = load();
    cache.set(key, pending);
    pending.catch(() => {
      if (cache.get(key) === pending) cache.delete(key);
    });
  }
  return pending;
}
