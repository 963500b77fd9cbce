/**
 * @module
 * The embedded `llama` engine: GGUF models in-process through node-llama-cpp, an optional dependency
 * loaded at first use (`MAESTRO_LLAMA_MODULE` or the engine option `module_path` say where from).
 */
export {
  DEFAULT_LLAMA_SYSTEM_PROMPT,
  type LlamaCallSettings,
  resolveLlamaCallSettings,
} from './llama-call-settings.ts';
export { LlamaEngine, type LlamaEngineOptions } from './llama-engine.ts';
export { DEFAULT_LLAMA_CONTEXT_SIZE, unloadLlamaModels } from './llama-model-cache.ts';
export {
  llamaInstallCommand,
  llamaInstallPackages,
  loadNodeLlamaCpp,
  NODE_LLAMA_CPP_VERSION,
  type NodeLlamaCppLoad,
} from './load-node-llama-cpp.ts';
