// One child process in its own process group, from spawn to a settled result. The lifecycle:
//
//   running ──timeout / abort / killAll──▶ SIGTERM to the group ──killGraceMs──▶ SIGKILL to the group
//      │                                                                              │
//      ▼ direct child exits                                                           ▼ at most 500 ms
//   settling: wait until both pipes are closed AND no process of the group runs ──▶ settled (result)
//
// While settling, processes the child left behind are strays: they get SIGTERM at once and SIGKILL
// after the grace, so a task never outlives its command. Pipes held open by a process outside the
// group (one that called setsid) are abandoned after the grace instead of being awaited forever;
// that is the maestro-cli bug this design avoids (a timed-out `sh -c` took 11 s and left orphans).
import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { buildChildEnvironment } from './child-environment.ts';
import { describeSpawnError } from './describe-spawn-error.ts';
import { exitCodeFor } from './exit-code.ts';
import { isProcessGroupAlive, strayGroupsOfSession } from './is-process-group-alive.ts';
import { OutputTail } from './output-tail.ts';
import { registerProcessGroup, unregisterProcessGroup } from './process-group-registry.ts';
import { resolveSpawnCommand } from './resolve-spawn-command.ts';
import type {
  ProcessGroupResult,
  ResolvedRunProcessGroupOptions,
  SpawnFailure,
} from './run-process-group-options.ts';
import { signalProcessGroup } from './signal-process-group.ts';

// How often a settling run checks whether the group has died.
const SETTLE_POLL_MS = 25;
// After SIGKILL, the longest wait for the child's exit and the pipes' close before giving up on them.
const AFTER_KILL_WAIT_MS = 500;

export class ProcessGroupRun {
  readonly #options: ResolvedRunProcessGroupOptions;
  readonly #startedAt = performance.now();
  readonly #stdout: OutputTail;
  readonly #stderr: OutputTail;
  readonly #result: Promise<ProcessGroupResult>;
  #resolve!: (result: ProcessGroupResult) => void;
  #child?: ChildProcess;
  #pid?: number;
  #exit?: { code: number | null; signal: NodeJS.Signals | null };
  #openStreams = 0;
  #timedOut = false;
  #cancelled = false;
  #spawnError?: SpawnFailure;
  // SIGTERM went to the group and #killTimer will follow up with SIGKILL after the grace.
  #isTerminating = false;
  #killTimer?: NodeJS.Timeout;
  #timeoutTimer?: NodeJS.Timeout;
  #pollTimer?: NodeJS.Timeout;
  // Ends the wait for pipes and stragglers: after SIGKILL, or after the grace once the group is gone.
  #finalTimer?: NodeJS.Timeout;
  #isFinished = false;
  // Set once the group was seen without running members; its id may then be reused, so no more signals.
  #isGroupGone = false;
  readonly #onAbort = () => this.#terminate('cancel', 'SIGTERM');

  constructor(options: ResolvedRunProcessGroupOptions) {
    this.#options = options;
    this.#stdout = new OutputTail(options.maxCapturedBytes);
    this.#stderr = new OutputTail(options.maxCapturedBytes);
    this.#result = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  start(): Promise<ProcessGroupResult> {
    const { signal, cwd, input } = this.#options;
    if (signal?.aborted) {
      this.#cancelled = true;
      this.#finish();
      return this.#result;
    }
    const { file, args } = resolveSpawnCommand(this.#options.command, this.#options.shell);
    let child: ChildProcess;
    try {
      child = spawn(file, args, {
        cwd,
        env: this.#options.env ?? buildChildEnvironment(),
        // detached: the child calls setsid(), so it leads a new process group whose id is its pid.
        detached: true,
        stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
    } catch (error) {
      this.#spawnError = describeSpawnError(error, { file, cwd });
      this.#finish();
      return this.#result;
    }
    this.#child = child;
    child.on('error', (error) => this.#onChildError(error, file));
    const pid = child.pid;
    // Without a pid the spawn failed; the 'error' event follows with the reason.
    if (pid === undefined) return this.#result;
    this.#pid = pid;
    registerProcessGroup({ pid, terminate: (groupSignal) => this.#terminate('cancel', groupSignal) });
    this.#watchStream(child.stdout!, this.#stdout, this.#options.onStdout);
    this.#watchStream(child.stderr!, this.#stderr, this.#options.onStderr);
    if (input !== undefined) {
      child.stdin!.on('error', () => {}); // EPIPE when the child does not read its input
      child.stdin!.end(input);
    }
    child.on('exit', (code, exitSignal) => this.#onChildExit(code, exitSignal));
    if (this.#options.timeoutMs !== undefined) {
      this.#timeoutTimer = setTimeout(() => this.#terminate('timeout', 'SIGTERM'), this.#options.timeoutMs);
    }
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#options.onSpawn?.(pid);
    return this.#result;
  }

  #watchStream(stream: Readable, tail: OutputTail, callback?: (chunk: string) => void): void {
    this.#openStreams += 1;
    // setEncoding decodes with a StringDecoder, which holds back a multi-byte character split across reads.
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      tail.append(chunk);
      callback?.(chunk);
    });
    stream.on('error', () => {}); // 'close' follows; the exit code tells what happened
    stream.on('close', () => {
      this.#openStreams -= 1;
      this.#checkSettled();
    });
  }

  #onChildError(error: Error, file: string): void {
    if (this.#pid !== undefined) return; // kill() failures after a successful spawn; nothing to report
    this.#spawnError = describeSpawnError(error, { file, cwd: this.#options.cwd });
    this.#finish();
  }

  // timeout, abort or killAllProcessGroups: record why (first reason wins), then take the group down.
  // Returns whether the group was signalled.
  #terminate(reason: 'timeout' | 'cancel', signal: NodeJS.Signals): boolean {
    if (this.#isFinished || this.#isGroupGone) return false;
    const isUndecided = this.#exit === undefined && !this.#timedOut && !this.#cancelled;
    if (isUndecided && reason === 'timeout') this.#timedOut = true;
    if (isUndecided && reason === 'cancel') this.#cancelled = true;
    if (signal === 'SIGKILL') return this.#kill();
    const isSignalled = this.#signalGroup(signal);
    this.#signalStrays(signal);
    this.#scheduleKill();
    return isSignalled;
  }

  #signalGroup(signal: NodeJS.Signals): boolean {
    return !this.#isGroupGone && signalProcessGroup(this.#pid!, signal);
  }

  // Processes of the task that moved to a group of their own (`timeout 60 make` does) are still in its
  // session: a task that is stopped takes them down too. (Only setsid leaves the session, and the reach.)
  // A /proc scan, so only when the task is being stopped, never on its way to a normal end.
  #signalStrays(signal: NodeJS.Signals): void {
    if (this.#pid === undefined) return;
    for (const group of strayGroupsOfSession(this.#pid)) signalProcessGroup(group, signal);
  }

  #scheduleKill(): void {
    if (this.#isTerminating) return;
    this.#isTerminating = true;
    clearTimeout(this.#timeoutTimer);
    clearTimeout(this.#killTimer);
    this.#killTimer = setTimeout(() => this.#kill(), this.#options.killGraceMs);
  }

  #kill(): boolean {
    clearTimeout(this.#killTimer);
    const isSignalled = this.#signalGroup('SIGKILL');
    this.#signalStrays('SIGKILL');
    // Child gone and group gone: whatever still holds the pipes escaped the group; waiting is pointless.
    if (this.#exit !== undefined && this.#isGroupGone) this.#abandon();
    else this.#finalTimer ??= setTimeout(() => this.#abandon(), AFTER_KILL_WAIT_MS);
    return isSignalled;
  }

  #onChildExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#isFinished) return; // reported after we gave up on a child that ignored SIGKILL
    this.#exit = { code, signal };
    clearTimeout(this.#timeoutTimer);
    if (this.#isGroupAlive()) {
      // Strays left behind by the child: they do not outlive the task.
      this.#signalGroup('SIGTERM');
      this.#scheduleKill();
    } else if (this.#finalTimer === undefined) {
      // The group is gone; pipes still open after the grace belong to a process outside it.
      clearTimeout(this.#killTimer);
      this.#finalTimer = setTimeout(() => this.#abandon(), this.#options.killGraceMs);
    }
    this.#pollTimer = setInterval(() => this.#checkSettled(), SETTLE_POLL_MS);
    this.#checkSettled();
  }

  #checkSettled(): void {
    if (this.#isFinished || this.#exit === undefined || this.#openStreams > 0) return;
    if (!this.#isGroupAlive()) this.#finish();
  }

  #isGroupAlive(): boolean {
    if (this.#isGroupGone) return false;
    this.#isGroupGone = !isProcessGroupAlive(this.#pid!);
    return !this.#isGroupGone;
  }

  // Stops waiting: pipes kept open by escaped processes are closed from our side.
  #abandon(): void {
    this.#child?.stdout?.destroy();
    this.#child?.stderr?.destroy();
    this.#finish();
  }

  #finish(): void {
    if (this.#isFinished) return;
    this.#isFinished = true;
    for (const timer of [this.#timeoutTimer, this.#killTimer, this.#finalTimer, this.#pollTimer]) {
      clearTimeout(timer);
    }
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    if (this.#pid !== undefined) unregisterProcessGroup(this.#pid);
    const code = this.#exit?.code ?? null;
    // A child that never reported its exit after SIGKILL (uninterruptible sleep) counts as killed.
    const signal = this.#exit ? this.#exit.signal : this.#pid === undefined ? null : 'SIGKILL';
    const result: ProcessGroupResult = {
      exitCode: exitCodeFor({
        code,
        signal,
        timedOut: this.#timedOut,
        cancelled: this.#cancelled,
        spawnFailed: this.#spawnError !== undefined,
      }),
      signal,
      timedOut: this.#timedOut,
      cancelled: this.#cancelled,
      stdout: this.#stdout.text(),
      stderr: this.#stderr.text(),
      stdoutDroppedBytes: this.#stdout.droppedBytes,
      stderrDroppedBytes: this.#stderr.droppedBytes,
      durationMs: performance.now() - this.#startedAt,
    };
    if (this.#pid !== undefined) result.pid = this.#pid;
    if (this.#spawnError) result.spawnError = this.#spawnError;
    this.#resolve(result);
  }
}
