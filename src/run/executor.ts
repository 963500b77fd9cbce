// The Executor port: how the kernel gets one task attempt carried out. The request and outcome are plain,
// JSON-serialisable data so that an attempt can run in another process or on another machine (a queue
// worker) exactly as it runs in-process. The kernel defines the port; adapters live in src/executors/.
import type { EngineCall, EngineCapabilities, EngineOutcome } from '../engines/engine.ts';

export interface GateCommand {
  command: string | string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs?: number;
}

export interface AttemptRequest {
  runId: string;
  taskId: string;
  /** 1-based. */
  attempt: number;
  /** Engine name: `shell` for command tasks. */
  engine: string;
  call: EngineCall;
  /** Runs once before the engine call (the runner sends it on the first attempt only). */
  pre?: GateCommand;
  /** Runs after a successful engine call, in the same place; its failure fails the attempt. */
  verify?: GateCommand;
}

export interface GateOutcome {
  ok: boolean;
  exitCode: number | null;
  timedOut: boolean;
  /** Combined stdout and stderr, capped. */
  output: string;
  durationMs: number;
}

export interface AttemptOutcome {
  /** Absent when a `pre` gate failed and the engine was never called. */
  engine?: EngineOutcome;
  pre?: GateOutcome;
  verify?: GateOutcome;
  durationMs: number;
}

export type AttemptStream = 'stdout' | 'stderr' | 'pre' | 'verify';

export interface AttemptIo {
  signal: AbortSignal;
  onOutput?: (stream: AttemptStream, chunk: string) => void;
}

export interface Executor {
  readonly name: string;
  /** Never rejects for a failing task: failures are data in the outcome. */
  executeAttempt(request: AttemptRequest, io: AttemptIo): Promise<AttemptOutcome>;
  /** Engine names this executor can run. */
  supportsEngine(engine: string): boolean;
  /** What the named engine can enforce (tool grants, structured output). */
  engineCapabilities?(engine: string): EngineCapabilities | undefined;
  close?(): Promise<void>;
}
