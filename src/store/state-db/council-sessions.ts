// The council history, queryable: one row per session and one per seat, so `council history` and
// `council stats` are SQL queries rather than a replay of the JSONL log. The log stays the source of
// truth; `maxHistorySeq()` tells the indexer where to pick it up again.
import { MaestroError } from '../../errors/index.ts';
import {
  type CouncilMemberRecord,
  type CouncilMemberRow,
  type CouncilSessionDetail,
  type CouncilSessionRecord,
  type CouncilSessionRow,
  toMemberRecord,
  toMemberRow,
  toSessionRecord,
  toSessionRow,
} from './council-rows.ts';
import type { Db } from './db.ts';
import { type PageOptions, resolvePage } from './page-options.ts';

/** How one `engine:model` has fared across every indexed session. */
export interface CouncilMemberStats {
  member: string;
  sessions: number;
  /** Share of its non-failed seats that agreed with the final answer; null when every seat failed. */
  agreementRate: number | null;
  loneDissenterCount: number;
  changedMindCount: number;
  failures: number;
  /** Mean of the seats' `meanRank` (seats without one are left out); null when none has one. */
  meanRank: number | null;
}

// How many candidates an ambiguous-prefix error lists before it says "and more".
const MAX_LISTED_CANDIDATES = 10;

const SESSION_COLUMNS =
  'session_id, started_at, finished_at, question, status, basis, answer, members, rounds, cost_usd, ' +
  'tokens, history_seq_start, history_seq_end, last_hash';
const MEMBER_COLUMNS =
  'member_id, member, final_position, agreed_with_final, lone_dissenter, changed_mind, failed, mean_rank';
const placeholders = (columns: string): string => columns.replace(/(\w+)/g, '@$1');

const MEMBER_STATS_SQL = `
  SELECT member,
    COUNT(DISTINCT session_id) AS sessions,
    CAST(SUM(CASE WHEN failed = 0 THEN agreed_with_final ELSE 0 END) AS REAL)
      / NULLIF(SUM(failed = 0), 0) AS agreementRate,
    SUM(lone_dissenter) AS loneDissenterCount,
    SUM(changed_mind) AS changedMindCount,
    SUM(failed) AS failures,
    AVG(mean_rank) AS meanRank
  FROM council_members GROUP BY member ORDER BY member`;

// Prepared once per StateDb: every query this repository runs.
function prepareStatements(db: Db) {
  const updates = SESSION_COLUMNS.split(', ')
    .slice(1)
    .map((column) => `${column} = excluded.${column}`);
  return {
    upsertSession: db.prepare(
      `INSERT INTO council_sessions (${SESSION_COLUMNS}) VALUES (${placeholders(SESSION_COLUMNS)})
       ON CONFLICT (session_id) DO UPDATE SET ${updates.join(', ')}`,
    ),
    deleteMembers: db.prepare('DELETE FROM council_members WHERE session_id = ?'),
    insertMember: db.prepare(
      `INSERT INTO council_members (session_id, ${MEMBER_COLUMNS})
       VALUES (@session_id, ${placeholders(MEMBER_COLUMNS)})`,
    ),
    list: db.prepare(
      `SELECT ${SESSION_COLUMNS} FROM council_sessions
       ORDER BY started_at DESC, session_id DESC LIMIT @limit OFFSET @offset`,
    ),
    getExact: db.prepare(`SELECT ${SESSION_COLUMNS} FROM council_sessions WHERE session_id = ?`),
    findByPrefix: db.prepare(
      `SELECT ${SESSION_COLUMNS} FROM council_sessions WHERE substr(session_id, 1, length(@prefix)) = @prefix
       ORDER BY session_id LIMIT ${MAX_LISTED_CANDIDATES + 1}`,
    ),
    membersOf: db.prepare(
      `SELECT ${MEMBER_COLUMNS} FROM council_members WHERE session_id = ? ORDER BY rowid`,
    ),
    memberStats: db.prepare(MEMBER_STATS_SQL),
    maxHistorySeq: db.prepare('SELECT MAX(history_seq_end) AS seq FROM council_sessions'),
  };
}

export class CouncilSessions {
  readonly #db: Db;
  readonly #statements: ReturnType<typeof prepareStatements>;

  constructor(db: Db) {
    this.#db = db;
    this.#statements = prepareStatements(db);
  }

  /** Inserts or replaces the session and its seats, in one transaction; repeating it changes nothing. */
  upsert(session: CouncilSessionRow, members: readonly CouncilMemberRow[]): void {
    const statements = this.#statements;
    this.#db.transaction(() => {
      statements.upsertSession.run({ ...toSessionRecord(session) });
      statements.deleteMembers.run([session.sessionId]);
      for (const member of members) {
        statements.insertMember.run({ session_id: session.sessionId, ...toMemberRecord(member) });
      }
    });
  }

  /** Sessions, newest first. */
  list(options: PageOptions = {}): CouncilSessionRow[] {
    return this.#statements.list.all<CouncilSessionRecord>({ ...resolvePage(options) }).map(toSessionRow);
  }

  /**
   * The session with this id or, failing that, the only one whose id starts with it. Undefined when none
   * matches; throws E131 when several do.
   */
  get(idOrPrefix: string): CouncilSessionDetail | undefined {
    const record = idOrPrefix === '' ? undefined : this.#findOne(idOrPrefix);
    if (record === undefined) return undefined;
    const members = this.#statements.membersOf.all<CouncilMemberRecord>([record.session_id]);
    return { session: toSessionRow(record), members: members.map(toMemberRow) };
  }

  /** Per `engine:model`, ordered by it. */
  memberStats(): CouncilMemberStats[] {
    return this.#statements.memberStats.all<CouncilMemberStats>();
  }

  /** The highest history `seq` indexed so far; null when no indexed session came from the history log. */
  maxHistorySeq(): number | null {
    return this.#statements.maxHistorySeq.get<{ seq: number | null }>()?.seq ?? null;
  }

  /** Forgets every session, e.g. before re-indexing the history log from the start. */
  clear(): void {
    this.#db.transaction(() => {
      this.#db.exec('DELETE FROM council_members; DELETE FROM council_sessions;');
    });
  }

  #findOne(idOrPrefix: string): CouncilSessionRecord | undefined {
    const exact = this.#statements.getExact.get<CouncilSessionRecord>([idOrPrefix]);
    if (exact !== undefined) return exact;
    const candidates = this.#statements.findByPrefix.all<CouncilSessionRecord>({ prefix: idOrPrefix });
    if (candidates.length <= 1) return candidates[0];
    const listed = candidates.slice(0, MAX_LISTED_CANDIDATES).map((candidate) => candidate.session_id);
    const more = candidates.length > MAX_LISTED_CANDIDATES ? ', and more' : '';
    throw new MaestroError({
      code: 'E131',
      message: `Council session id prefix '${idOrPrefix}' is ambiguous. Candidates: ${listed.join(', ')}${more}.`,
      hint: 'Type more characters of the session id.',
    });
  }
}
