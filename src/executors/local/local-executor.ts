// Runs task attempts in this process: the engine call, then the verify gate in the same working
// directory. Used by every front door unless a distributed executor is injected.
import type { EngineCapabilities, EngineRegistry } from '../../engines/index.ts';
import { createEngineRegistry } from '../../engines/index.ts';
import { runProcessGroup } from '../../process/index.ts';
import type {
  AttemptIo,
  AttemptOutcome,
  AttemptRequest,
  Executor,
  GateCommand,
  GateOutcome,
} from '../../run/executor.ts';

const gateOutputCapBytes = 64 * 1024;

export interface LocalExecutorOptions {
  engines?: EngineRegistry;
}

export class LocalExecutor implements Executor {
  readonly name = 'local';
  readonly #engines: EngineRegistry;

  constructor(options: LocalExecutorOptions = {}) {
    this.#engines = options.engines ?? createEngineRegistry();
  }

  supportsEngine(engine: string): boolean {
    return this.#engines.has(engine);
  }

  engineCapabilities(engine: string): EngineCapabilities | undefined {
    return this.#engines.has(engine) ? this.#engines.get(engine).capabilities : undefined;
  }

  async executeAttempt(request: AttemptRequest, io: AttemptIo): Promise<AttemptOutcome> {
    const started = performance.now();
    let pre: GateOutcome | undefined;
    if (request.pre) {
      pre = await runGateCommand(request.pre, io, 'pre');
      if (!pre.ok) return { pre, durationMs: performance.now() - started };
    }
    const engine = this.#engines.get(request.engine);
    const engineOutcome = await engine.run(request.call, {
      signal: io.signal,
      onStdout: io.onOutput ? (chunk) => io.onOutput?.('stdout', chunk) : undefined,
      onStderr: io.onOutput ? (chunk) => io.onOutput?.('stderr', chunk) : undefined,
    });
    let verify: GateOutcome | undefined;
    if (engineOutcome.ok && request.verify && !io.signal.aborted) {
      verify = await runGateCommand(request.verify, io, 'verify');
    }
    return { engine: engineOutcome, pre, verify, durationMs: performance.now() - started };
  }
}

// A gate command (verify_command, pre_command) runs in its own process group under the same timeout
// rules as the task itself, so a hanging gate is killed on time too.
export async function runGateCommand(
  gate: GateCommand,
  io: AttemptIo,
  stream: 'pre' | 'verify',
): Promise<GateOutcome> {
  const outcome = await runProcessGroup({
    command: gate.command,
    cwd: gate.cwd,
    env: gate.env,
    timeoutMs: gate.timeoutMs,
    signal: io.signal,
    maxCapturedBytes: gateOutputCapBytes,
    onStdout: io.onOutput ? (chunk) => io.onOutput?.(stream, chunk) : undefined,
    onStderr: io.onOutput ? (chunk) => io.onOutput?.(stream, chunk) : undefined,
  });
  const output = [outcome.stdout, outcome.stderr].filter((part) => part.length > 0).join('\n');
  return {
    ok: outcome.exitCode === 0 && !outcome.timedOut && !outcome.cancelled,
    exitCode: outcome.exitCode,
    timedOut: outcome.timedOut,
    output,
    durationMs: outcome.durationMs,
  };
}
