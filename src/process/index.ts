/**
 * @module
 * The process layer: every child process Maestro starts runs in its own process group, with a minimal
 * environment, capped output capture and a timeout that kills the whole tree.
 */
export {
  buildChildEnvironment,
  type ChildEnvironmentOptions,
  INHERITED_ENVIRONMENT_VARIABLES,
} from './child-environment.ts';
export { CANCELLED_EXIT_CODE, NOT_STARTED_EXIT_CODE, TIMEOUT_EXIT_CODE } from './exit-code.ts';
export { isProcessGroupAlive } from './is-process-group-alive.ts';
export { killAllProcessGroups, listProcessGroups } from './process-group-registry.ts';
export { formatCommandLine, quoteShellArgument } from './quote-shell-argument.ts';
export { runProcessGroup } from './run-process-group.ts';
export {
  DEFAULT_KILL_GRACE_MS,
  DEFAULT_MAX_CAPTURED_BYTES,
  type ProcessGroupResult,
  type RunProcessGroupOptions,
  type SpawnFailure,
} from './run-process-group-options.ts';
