// Ctrl-C (and SIGTERM, SIGHUP) for a command that runs work: the first aborts the signal it hands out (the run
// stops dispatching and ends what runs, closed as interrupted); a second kills every process group at
// once and exits 130.
import { killAllProcessGroups } from '../process/index.ts';

export async function withInterrupts<T>(
  note: (text: string) => void,
  what: string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts += 1;
    if (interrupts === 1) {
      note(`[maestro] interrupt: ${what} (again to force)`);
      controller.abort();
    } else {
      killAllProcessGroups('SIGKILL');
      process.exit(130);
    }
  };
  // A closed terminal (SIGHUP) stops the run as Ctrl-C does, instead of killing this process outright.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.on(signal, onInterrupt);
  try {
    return await work(controller.signal);
  } finally {
    for (const signal of signals) process.off(signal, onInterrupt);
  }
}
