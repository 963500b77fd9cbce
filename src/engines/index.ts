/**
 * @module
 * Engines turn one EngineCall into one EngineOutcome: `shell` runs a command, `mock` plays a scripted
 * stand-in for a model. The registry maps engine names to instances.
 */
export {
  createEngineError,
  ENGINE_ERROR_KINDS,
  isEngineErrorKind,
  isRetryableErrorKind,
} from './create-engine-error.ts';
export type {
  Engine,
  EngineCall,
  EngineCapabilities,
  EngineError,
  EngineErrorKind,
  EngineIo,
  EngineOutcome,
  TokenUsage,
} from './engine.ts';
export { MockEngine } from './mock/mock-engine.ts';
export {
  createDefaultEngines,
  createEngineRegistry,
  DEFAULT_ENGINE_FACTORIES,
  type EngineFactory,
  type EngineRegistry,
} from './registry.ts';
export { ShellEngine } from './shell/shell-engine.ts';
export type { ShellEngineOptions } from './shell/shell-engine-options.ts';
