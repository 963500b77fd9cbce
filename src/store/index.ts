/**
 * @module store
 * The run directory on disk, byte-compatible with maestro-cli: events.jsonl (hash-chained),
 * `<task>.log` / `<task>.result.json`, run_manifest.json and run_summary.md, plus `verify`.
 * Python's `json.dumps` is reproduced exactly so both tools compute the same hashes.
 */

export { ArtifactWriter } from './artifact-writer.ts';
export { CHAIN_KEYS, computeEventHash, eventPayload, GENESIS_HASH } from './event-hash.ts';
export { EventLog, type EventLogOptions, type EventRecord } from './event-log.ts';
export { type ChainTail, recoverChainTail } from './event-log-tail.ts';
export { makeFolders } from './make-folders.ts';
export { formatFixed, formatPythonDuration, formatThousands, pythonRound } from './python-format.ts';
export {
  compareCodePoints,
  formatPythonFloat,
  type PythonDumpsOptions,
  parseJsonPreservingNumbers,
  pythonDumps,
  pythonFloat,
  quotePythonString,
  RawNumber,
} from './python-json.ts';
export {
  currentEpochMicroseconds,
  dateToEpochMicroseconds,
  formatEventTimestamp,
  formatPythonIsoTime,
  formatRunIdTime,
} from './python-time.ts';
export {
  assertSafeTaskId,
  type CreateRunDirectoryOptions,
  createRunDirectory,
  findRunDirectories,
  latestRunDirectory,
  type RunDirectory,
  sanitizePlanName,
  type TaskArtifactPaths,
  taskArtifactPaths,
} from './run-directory.ts';
export { type RunManifestInput, type TaskGraphNode, writeRunManifest } from './run-manifest.ts';
export {
  formatEngineLabel,
  type RunSummaryInput,
  renderRunSummary,
  type SummaryTask,
  type SummaryTaskResult,
  writeRunSummary,
} from './run-summary.ts';
export { computeRunTotals, type RunTotals } from './run-totals.ts';
export { artifactHash, shortHex, shortSha256 } from './short-hash.ts';
export { computeWaves, type WaveTask } from './summary-waves.ts';
export {
  buildTaskResult,
  buildTokenUsage,
  type FailureRecordInput,
  type StructuredContextInput,
  type TaskResultInput,
  type TokenUsageInput,
} from './task-result.ts';
export {
  serializeTaskResult,
  type WrittenArtifact,
  withPythonFloats,
  writeTaskResult,
} from './task-result-file.ts';
export type {
  FailureRecord,
  StructuredContextRecord,
  TaskResultRecord,
  TaskResultStatus,
  TokenUsageRecord,
} from './task-result-record.ts';
export { type RunVerification, verifyRunDirectory } from './verify-run.ts';
export { startFileWorker } from './worker-jobs.ts';
