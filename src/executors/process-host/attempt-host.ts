// The attempt host: a lean child process that runs task attempts for the kernel. Spawning a process costs
// time in proportion to the memory of the process that spawns it (fork copies its page tables: 1.3 ms per
// spawn from a 56 MB process, 4.2 ms from 138 MB, measured here), and the kernel holds the plan, the
// schema and every result. The host holds only the engines, so its spawns stay cheap.
//
// It exits, killing every process group it started, as soon as its kernel goes away — also when the
// kernel was killed with SIGKILL — so no task outlives the run that started it.
import { killAllProcessGroups } from '../../process/index.ts';
import { LocalExecutor } from '../local/local-executor.ts';
import { crashedOutcome, type HostMessage, type KernelMessage } from './host-protocol.ts';
import { MessageBatch } from './message-batch.ts';

const executor = new LocalExecutor();
const running = new Map<number, AbortController>();

const outbox = new MessageBatch<HostMessage>(
  (batch) => {
    if (process.connected) process.send?.(batch);
  },
  (message, error) => {
    // An outcome JSON cannot carry is reported as a crash; a lost output chunk is only lost.
    if (message.type !== 'done' || !process.connected) return;
    try {
      process.send?.([
        { type: 'done', id: message.id, outcome: crashedOutcome(`attempt host: ${String(error)}`, true) },
      ]);
    } catch {
      // The channel itself failed: the kernel sees the host go and ends its attempts.
    }
  },
  // A streamed reply arrives as many small deltas, mostly in one turn: one message each cost the kernel a
  // log write apiece.
  (last, next) =>
    last.type === 'output' && next.type === 'output' && last.id === next.id && last.stream === next.stream
      ? { ...last, chunk: last.chunk + next.chunk }
      : undefined,
);

function send(message: HostMessage): void {
  outbox.push(message);
}

process.on('message', (batch: KernelMessage[]) => {
  for (const message of batch) receive(message);
});

function receive(message: KernelMessage): void {
  if (message.type === 'cancel') {
    running.get(message.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(message.id, controller);
  const { id, request } = message;
  executor
    .executeAttempt(request, {
      signal: controller.signal,
      onOutput: (stream, chunk) => send({ type: 'output', id, stream, chunk }),
    })
    .then((outcome) => send({ type: 'done', id, outcome }))
    .catch((error: unknown) =>
      send({ type: 'done', id, outcome: crashedOutcome(`attempt host: ${String(error)}`, true) }),
    )
    .finally(() => running.delete(id));
}

// Ctrl-C reaches the whole terminal process group, this host included, and so do a SIGTERM or SIGHUP sent
// to the group (`timeout 60 maestro run`, a closed terminal): the kernel decides what stops, and this host
// stops its tasks when told, or kills them all when the kernel goes away. Dying of the signal would leave
// them running, orphaned, while the kernel recorded them as cancelled.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => {});
process.on('disconnect', () => {
  killAllProcessGroups('SIGKILL');
  process.exit(0);
});
