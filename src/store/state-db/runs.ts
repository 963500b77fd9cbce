// An index of every run in the project (plans, councils, code and lane runs), so listing them does not
// mean walking every run folder. The run folder stays the source of truth; this is its table of contents.
import type { Db, DbStatement } from './db.ts';
import { resolvePage } from './page-options.ts';

export type RunKind = 'plan' | 'council' | 'code' | 'lanes';

export interface RunRow {
  runId: string;
  kind: RunKind;
  name: string;
  runPath: string;
  /** ISO 8601 (UTC). */
  startedAt: string;
  finishedAt: string | null;
  status: string;
  costUsd: number;
  tokens: number;
}

export interface RunListOptions {
  /** Only runs of this kind. @default every kind */
  kind?: RunKind;
  /** @default no limit */
  limit?: number;
}

interface RunRecord {
  run_id: string;
  kind: RunKind;
  name: string;
  run_path: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  cost_usd: number;
  tokens: number;
}

export class RunIndex {
  readonly #upsert: DbStatement;
  readonly #list: DbStatement;

  constructor(db: Db) {
    this.#upsert = db.prepare(
      `INSERT INTO runs (run_id, kind, name, run_path, started_at, finished_at, status, cost_usd, tokens)
       VALUES (@runId, @kind, @name, @runPath, @startedAt, @finishedAt, @status, @costUsd, @tokens)
       ON CONFLICT (run_id) DO UPDATE SET kind = excluded.kind, name = excluded.name,
         run_path = excluded.run_path, started_at = excluded.started_at, finished_at = excluded.finished_at,
         status = excluded.status, cost_usd = excluded.cost_usd, tokens = excluded.tokens`,
    );
    this.#list = db.prepare(
      `SELECT * FROM runs WHERE @kind IS NULL OR kind = @kind
       ORDER BY started_at DESC, run_id DESC LIMIT @limit`,
    );
  }

  /** Inserts the run, or replaces the row of the same `runId` (e.g. when it finishes). */
  upsert(run: RunRow): void {
    this.#upsert.run({ ...run });
  }

  /** Newest first. */
  list(options: RunListOptions = {}): RunRow[] {
    const { limit } = resolvePage({ limit: options.limit });
    return this.#list.all<RunRecord>({ kind: options.kind ?? null, limit }).map(toRunRow);
  }
}

function toRunRow(record: RunRecord): RunRow {
  return {
    runId: record.run_id,
    kind: record.kind,
    name: record.name,
    runPath: record.run_path,
    startedAt: record.started_at,
    finishedAt: record.finished_at,
    status: record.status,
    costUsd: record.cost_usd,
    tokens: record.tokens,
  };
}
