// Settings of the shell engine that are not part of an EngineCall.
export interface ShellEngineOptions {
  /**
   * Time between SIGTERM and SIGKILL when a command times out or is cancelled.
   * @default 2000
   */
  killGraceMs?: number;
  /**
   * Bytes of stdout and of stderr kept in the outcome (the last ones); the stream callbacks see all.
   * @default 1048576 (1 MiB)
   */
  maxCapturedBytes?: number;
}
