// An Executor that carries out attempts in a separate, lean Node process (see attempt-host.ts for why).
// Requests and outcomes are the Executor port's plain data; output chunks stream back as they arrive.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EngineCapabilities } from '../../engines/engine.ts';
import { DEFAULT_ENGINE_CAPABILITIES } from '../../engines/engine-catalog.ts';
import type { EngineRegistry } from '../../engines/registry.ts';
import type { AttemptIo, AttemptOutcome, AttemptRequest, Executor } from '../../run/executor.ts';
import type { HostMessage, KernelMessage } from './host-protocol.ts';

interface Pending {
  io: AttemptIo;
  resolve: (outcome: AttemptOutcome) => void;
  onAbort: () => void;
}

export interface ProcessHostExecutorOptions {
  /**
   * Used to answer supportsEngine/engineCapabilities in this process; the host builds its own. Without
   * it the default engines' catalog answers, and no engine module is loaded in this process.
   */
  engines?: EngineRegistry;
}

export class ProcessHostExecutor implements Executor {
  readonly name = 'process-host';
  readonly #engines: EngineRegistry | undefined;
  readonly #pending = new Map<number, Pending>();
  #host: ChildProcess | undefined;
  #nextId = 1;

  constructor(options: ProcessHostExecutorOptions = {}) {
    this.#engines = options.engines;
  }

  supportsEngine(engine: string): boolean {
    return this.#engines ? this.#engines.has(engine) : Object.hasOwn(DEFAULT_ENGINE_CAPABILITIES, engine);
  }

  engineCapabilities(engine: string): EngineCapabilities | undefined {
    if (this.#engines) return this.#engines.has(engine) ? this.#engines.get(engine).capabilities : undefined;
    return DEFAULT_ENGINE_CAPABILITIES[engine];
  }

  executeAttempt(request: AttemptRequest, io: AttemptIo): Promise<AttemptOutcome> {
    const host = this.#ensureHost();
    const id = this.#nextId++;
    return new Promise<AttemptOutcome>((resolve) => {
      const onAbort = () => this.#send(host, { type: 'cancel', id });
      this.#pending.set(id, { io, resolve, onAbort });
      io.signal.addEventListener('abort', onAbort, { once: true });
      this.#send(host, { type: 'attempt', id, request });
      if (io.signal.aborted) onAbort();
    });
  }

  /** Starts the host now, so its start-up overlaps the kernel's own (plan loading). */
  warmUp(): void {
    this.#ensureHost();
  }

  /** Stops the host (its IPC channel keeps this process alive until then). */
  async close(): Promise<void> {
    const host = this.#host;
    this.#host = undefined;
    if (!host || host.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      host.once('exit', () => resolve());
      host.disconnect();
    });
  }

  #ensureHost(): ChildProcess {
    if (this.#host?.connected) return this.#host;
    const fromSource = import.meta.url.endsWith('.ts');
    const entry = fileURLToPath(new URL(`./attempt-host.${fromSource ? 'ts' : 'js'}`, import.meta.url));
    const host = fork(entry, [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // Node flags carry over as with any fork; from TypeScript sources (tests) the host needs tsx too.
      execArgv: fromSource ? [...process.execArgv, '--import', 'tsx'] : process.execArgv,
      serialization: 'json',
    });
    host.on('message', (message: HostMessage) => this.#receive(message));
    host.on('exit', (code, signal) => this.#onHostExit(host, code, signal));
    this.#host = host;
    return host;
  }

  #send(host: ChildProcess, message: KernelMessage): void {
    if (host.connected) host.send(message);
  }

  #receive(message: HostMessage): void {
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    if (message.type === 'output') {
      pending.io.onOutput?.(message.stream, message.chunk);
      return;
    }
    this.#settle(message.id, message.outcome);
  }

  #settle(id: number, outcome: AttemptOutcome): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    pending.io.signal.removeEventListener('abort', pending.onAbort);
    pending.resolve(outcome);
  }

  // A host that dies takes its attempts with it; each ends as a retryable crash instead of hanging.
  #onHostExit(host: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#host === host) this.#host = undefined;
    for (const id of [...this.#pending.keys()]) {
      this.#settle(id, {
        durationMs: 0,
        engine: {
          ok: false,
          text: '',
          durationMs: 0,
          error: {
            kind: 'crashed',
            message: `attempt host exited (${signal ?? `code ${code}`})`,
            retryable: true,
          },
        },
      });
    }
  }
}
