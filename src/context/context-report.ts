// What a context assembly tells the run: events (`context_budget_trim`, `context_compaction`,
// `context_summarize`) and task-log lines, collected first so that a pass that is redone to fit the
// budget reports only its final result.

export interface ContextNote {
  event: string;
  data: Record<string, unknown>;
  line: string;
}

export class ContextReport {
  readonly notes: ContextNote[] = [];

  add(event: string, data: Record<string, unknown>, line: string): void {
    this.notes.push({ event, data, line });
  }

  flush(
    taskId: string,
    sink: { event(name: string, data: Record<string, unknown>): void; log(line: string): void },
  ): void {
    for (const note of this.notes) {
      sink.event(note.event, { task_id: taskId, ...note.data });
      sink.log(`[context] ${note.line}`);
    }
    this.notes.length = 0;
  }
}
