// Sends each protocol event to the port (progress, kernel audit) and to the history journal (which
// writes it to history_log.jsonl as it happens, so a SIGKILL keeps what was said). Neither listener can
// break a session: a failure is recorded once as a warning and the council carries on. An event the
// journal failed to take (the log's lock timed out) is kept and written, in order, before the next one,
// so a slow moment does not cost the session its `session_start` and with it replay.

/** Where sessions' events are made durable; a CouncilHistoryLog is one. */
export interface CouncilJournal {
  append(sessionId: string, event: string, data: Record<string, unknown>): unknown;
}

type EventListener = ((name: string, data: Record<string, unknown>) => void) | undefined;

export class SessionEvents {
  readonly #sessionId: string;
  readonly #port: EventListener;
  readonly #journal: CouncilJournal | undefined;
  readonly #warnings: string[];
  // Events not yet in the journal, oldest first.
  readonly #pending: { name: string; data: Record<string, unknown> }[] = [];
  // One warning per listener is enough; a full disk would otherwise add one per event.
  #portFailed = false;
  #journalFailed = false;

  constructor(
    sessionId: string,
    port: EventListener,
    journal: CouncilJournal | undefined,
    warnings: string[],
  ) {
    this.#sessionId = sessionId;
    this.#port = port;
    this.#journal = journal;
    this.#warnings = warnings;
  }

  emit(name: string, data: Record<string, unknown>): void {
    if (this.#journal) {
      this.#pending.push({ name, data });
      this.#flush(this.#journal);
    }
    try {
      this.#port?.(name, data);
    } catch (error) {
      if (!this.#portFailed) this.#warnings.push(`port event listener: ${describe(error)} (at ${name})`);
      this.#portFailed = true;
    }
  }

  /** Events the journal has not taken yet (written before the next event when it can). */
  get unwritten(): number {
    return this.#pending.length;
  }

  #flush(journal: CouncilJournal): void {
    while (this.#pending.length > 0) {
      const event = this.#pending[0] as { name: string; data: Record<string, unknown> };
      try {
        journal.append(this.#sessionId, event.name, event.data);
      } catch (error) {
        if (!this.#journalFailed) {
          this.#warnings.push(
            `history log: ${describe(error)} (at ${event.name}; kept to write before the next event)`,
          );
        }
        this.#journalFailed = true;
        return;
      }
      this.#pending.shift();
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
