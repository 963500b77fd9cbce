// An Executor that carries out attempts in a separate, lean Node process (see attempt-host.ts for why).
// Requests and outcomes are the Executor port's plain data; output chunks stream back as they arrive.
import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import type { EngineCapabilities } from '../../engines/engine.ts';
import { DEFAULT_ENGINE_CAPABILITIES, NETWORK_ONLY_ENGINES } from '../../engines/engine-catalog.ts';
import type { EngineRegistry } from '../../engines/registry.ts';
import type { AttemptIo, AttemptOutcome, AttemptRequest, Executor } from '../../run/executor.ts';
import { adoptEarlyHost, forkAttemptHost } from './fork-attempt-host.ts';
import { cancelledOutcome, crashedOutcome, type HostMessage, type KernelMessage } from './host-protocol.ts';
import { MessageBatch } from './message-batch.ts';

interface Pending {
  io: AttemptIo;
  resolve: (outcome: AttemptOutcome) => void;
  onAbort: () => void;
  host: HostSlot;
  spawns: boolean;
}

// Attempts that start no process never add a host: a second one would add its start-up (~150 ms of CPU)
// and a second IPC channel, and take nothing off the first one's thread that matters.
/** Whether the attempt starts a process: its engine does (shell, agent CLIs, unknown ones) or a gate does. */
export function startsProcesses(request: AttemptRequest): boolean {
  return (
    !NETWORK_ONLY_ENGINES.has(request.engine) || request.pre !== undefined || request.verify !== undefined
  );
}

interface HostSlot {
  process: ChildProcess;
  /** Attempts sent to it and not yet done. */
  running: number;
  /** Those of them that start processes (see `startsProcesses`). */
  spawning: number;
  /** Messages on their way to it, sent at the end of the turn. */
  outbox: MessageBatch<KernelMessage>;
}

export interface ProcessHostExecutorOptions {
  /**
   * Used to answer supportsEngine/engineCapabilities in this process; the host builds its own. Without
   * it the default engines' catalog answers, and no engine module is loaded in this process.
   */
  engines?: EngineRegistry;
  /**
   * Most hosts to run at once. A host starts processes from one thread, and starting a process (fork and
   * exec) is what bounds a run of short commands; a second host on a second core starts them in
   * parallel (1000 `sh -c true`, 8 at a time: 2.7-3.2 s from one Node process, 1.4-2.4 s from two here).
   * Hosts after the first start only when every running host has `busyAt` attempts that start
   * processes; attempts that only wait on the network (HTTP engines, `mock`) never add a host.
   * @default min(2, available parallelism)
   */
  maxHosts?: number;
  /** @default 2 */
  busyAt?: number;
}

export class ProcessHostExecutor implements Executor {
  readonly name = 'process-host';
  readonly #engines: EngineRegistry | undefined;
  readonly #pending = new Map<number, Pending>();
  readonly #hosts: HostSlot[] = [];
  readonly #maxHosts: number;
  readonly #busyAt: number;
  #nextId = 1;

  constructor(options: ProcessHostExecutorOptions = {}) {
    this.#engines = options.engines;
    this.#maxHosts = Math.max(1, options.maxHosts ?? Math.min(2, availableParallelism()));
    this.#busyAt = Math.max(1, options.busyAt ?? 2);
  }

  supportsEngine(engine: string): boolean {
    return this.#engines ? this.#engines.has(engine) : Object.hasOwn(DEFAULT_ENGINE_CAPABILITIES, engine);
  }

  engineCapabilities(engine: string): EngineCapabilities | undefined {
    if (this.#engines) return this.#engines.has(engine) ? this.#engines.get(engine).capabilities : undefined;
    return DEFAULT_ENGINE_CAPABILITIES[engine];
  }

  /** How many host processes are running now. */
  get hostCount(): number {
    return this.#hosts.length;
  }

  executeAttempt(request: AttemptRequest, io: AttemptIo): Promise<AttemptOutcome> {
    const spawns = startsProcesses(request);
    let host: HostSlot;
    try {
      host = this.#pickHost(spawns);
    } catch (error) {
      // fork() throws at once for some failures (ENOMEM, E2BIG); the attempt ends as a retryable crash.
      const reason = error instanceof Error ? error.message : String(error);
      return Promise.resolve(crashedOutcome(`cannot start the attempt host: ${reason}`, true));
    }
    const id = this.#nextId++;
    host.running += 1;
    if (spawns) host.spawning += 1;
    return new Promise<AttemptOutcome>((resolve) => {
      const onAbort = () => this.#send(host, { type: 'cancel', id });
      this.#pending.set(id, { io, resolve, onAbort, host, spawns });
      io.signal.addEventListener('abort', onAbort, { once: true });
      this.#send(host, { type: 'attempt', id, request });
      if (io.signal.aborted) onAbort();
    });
  }

  /** Starts the first host now, so its start-up overlaps the kernel's own (plan loading). */
  warmUp(): void {
    try {
      if (this.#hosts.length === 0) this.#startHost();
    } catch {
      // the first attempt tries again and reports the failure
    }
  }

  /** Stops the hosts (their IPC channels keep this process alive until then). */
  async close(): Promise<void> {
    const hosts = this.#hosts.splice(0);
    await Promise.all(
      hosts.map(
        ({ process: host, outbox }) =>
          new Promise<void>((resolve) => {
            if (host.exitCode !== null || host.signalCode !== null) {
              resolve();
              return;
            }
            host.once('exit', () => resolve());
            outbox.flush();
            host.disconnect();
          }),
      ),
    );
  }

  // The least busy host; a new one when none runs, or when every host is busy starting processes, this
  // attempt starts one too and the pool may grow.
  #pickHost(spawns: boolean): HostSlot {
    let best: HostSlot | undefined;
    let leastSpawning = Number.POSITIVE_INFINITY;
    for (const host of this.#hosts) {
      if (!host.process.connected) continue;
      if (!best || host.running < best.running) best = host;
      leastSpawning = Math.min(leastSpawning, host.spawning);
    }
    if (!best) return this.#startHost();
    const busy = spawns && leastSpawning >= this.#busyAt;
    return busy && this.#hosts.length < this.#maxHosts ? this.#startHost() : best;
  }

  #startHost(): HostSlot {
    // The host main.js started while the kernel was loading, or a new one.
    const child = adoptEarlyHost() ?? forkAttemptHost();
    const outbox = new MessageBatch<KernelMessage>(
      (batch) => {
        if (!child.connected) return;
        // A host that died since the last turn shows as a failed write (EPIPE) reported later; with a
        // callback it comes here instead of as an 'error' event nothing listens to, which would end the
        // whole run with a stack trace. The host then leaves the pool and its attempts end as crashes.
        child.send(batch, (error) => {
          if (error) this.#onHostExit(host, `unreachable (${error.message})`);
        });
      },
      (message, error) => {
        // An attempt that never reached its host ends as a crash, not a hang.
        const reason = error instanceof Error ? error.message : String(error);
        if (message.type === 'attempt')
          this.#settle(
            message.id,
            crashedOutcome(`could not send the attempt to its host: ${reason}`, false),
          );
      },
    );
    const host: HostSlot = { process: child, running: 0, spawning: 0, outbox };
    child.on('message', (batch: HostMessage[]) => {
      for (const message of batch) this.#receive(message);
    });
    child.on('exit', (code, signal) => this.#onHostExit(host, `exited (${signal ?? `code ${code}`})`));
    // A process that could not be started at all (EAGAIN, EMFILE, ENOENT) is an 'error' with no 'exit' after it.
    child.on('error', (error) => {
      if (child.pid === undefined) this.#onHostExit(host, `could not start: ${error.message}`);
    });
    this.#hosts.push(host);
    return host;
  }

  #send(host: HostSlot, message: KernelMessage): void {
    if (host.process.connected) host.outbox.push(message);
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
    pending.host.running -= 1;
    if (pending.spawns) pending.host.spawning -= 1;
    pending.io.signal.removeEventListener('abort', pending.onAbort);
    pending.resolve(outcome);
  }

  // A host that dies takes its attempts with it; each ends as a retryable crash instead of hanging.
  #onHostExit(host: HostSlot, how: string): void {
    const index = this.#hosts.indexOf(host);
    if (index !== -1) this.#hosts.splice(index, 1);
    for (const [id, pending] of [...this.#pending]) {
      if (pending.host !== host) continue;
      // Ctrl-C reaches the host too; one still booting (not yet ignoring SIGINT) dies of it. An attempt
      // cancelled meanwhile ends as cancelled, as it would have had the host lived.
      const message = `attempt host ${how}`;
      this.#settle(id, pending.io.signal.aborted ? cancelledOutcome(message) : crashedOutcome(message, true));
    }
  }
}
