// Sends each protocol event to the port (progress, kernel audit) and to the history journal (which
// writes it to history_log.jsonl as it happens, so a SIGKILL keeps what was said). Neither listener can
// break a session: a failure is recorded once as a warning and the council carries on.

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
    try {
      this.#journal?.append(this.#sessionId, name, data);
    } catch (error) {
      if (!this.#journalFailed) this.#warnings.push(`history log: ${describe(error)} (at ${name})`);
      this.#journalFailed = true;
    }
    try {
      this.#port?.(name, data);
    } catch (error) {
      if (!this.#portFailed) this.#warnings.push(`port event listener: ${describe(error)} (at ${name})`);
      this.#portFailed = true;
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
