// The state database's view of council history: one row per session and one per seat, for listing and
// looking sessions up without reading the whole log. history_log.jsonl stays the source of truth; the
// index is brought up to date from it whenever it lags (a session killed before it was indexed, a
// database deleted by hand), so the two can never disagree for long.
import { existsSync } from 'node:fs';
import {
  type CouncilMemberRow,
  type CouncilSessionRow,
  openStateDb,
  type StateDb,
} from '../store/state-db/index.ts';
import { councilHistoryPath, type HistoryRecord } from './history-log.ts';
import { readHistory } from './history-read.ts';
import { sessionsFromHistory } from './history-sessions.ts';
import { memberKey } from './member-spec.ts';
import type { CouncilSession } from './types.ts';

/** Indexes one finished session, given the history lines it wrote. */
export function indexCouncilSession(
  projectDir: string,
  session: CouncilSession,
  written: readonly HistoryRecord[],
  mask: (text: string) => string = (text) => text,
): void {
  const db = openStateDb(projectDir);
  try {
    upsertSession(db, session, written, mask);
  } finally {
    db.close();
  }
}

/**
 * Opens the state database with every session of the history log indexed. The caller closes it.
 * `warn` hears of sessions the log holds but that cannot be read back (see sessionsFromHistory).
 */
export function openIndexedHistory(projectDir: string, warn: (message: string) => void = () => {}): StateDb {
  const db = openStateDb(projectDir);
  const path = councilHistoryPath(projectDir);
  if (!existsSync(path)) return db;
  const records = readHistory(path);
  const bySession = new Map<string, HistoryRecord[]>();
  for (const record of records) {
    if (typeof record.session_id !== 'string') continue;
    const list = bySession.get(record.session_id);
    if (list) list.push(record);
    else bySession.set(record.session_id, [record]);
  }
  // A session is (re)indexed when the index lacks it or has seen fewer of its lines: one killed before it
  // was indexed, or a database deleted by hand.
  const stale = [...bySession].filter(([id, lines]) => {
    const row = db.councilSessions.get(id)?.session;
    return row?.sessionId !== id || (row.historySeqEnd ?? -1) < (lines.at(-1)?.seq ?? -1);
  });
  if (stale.length === 0) return db;
  const staleIds = new Set(stale.map(([id]) => id));
  db.transaction(() => {
    for (const session of sessionsFromHistory(records, warn)) {
      if (staleIds.has(session.id)) upsertSession(db, session, bySession.get(session.id) ?? []);
    }
  });
  return db;
}

// Texts come from the history log (already masked) or from a live session, masked here with the run's
// masker, so no secret reaches the database either way.
function upsertSession(
  db: StateDb,
  session: CouncilSession,
  written: readonly HistoryRecord[],
  mask: (text: string) => string = (text) => text,
): void {
  const first = written[0];
  const last = written.at(-1);
  const row: CouncilSessionRow = {
    sessionId: session.id,
    startedAt: session.startedAt,
    finishedAt: session.finishedAt,
    question: mask(session.config.question),
    status: session.status,
    basis: session.consensus?.basis ?? null,
    answer: session.final.text === null ? null : mask(session.final.text),
    members: session.config.members.map(memberKey),
    rounds: session.rounds.length,
    costUsd: session.totals.costUsd ?? 0,
    tokens: session.totals.tokens ?? 0,
    historySeqStart: first?.seq ?? null,
    historySeqEnd: last?.seq ?? null,
    lastHash: last?.hash ?? null,
  };
  db.councilSessions.upsert(row, memberRows(session, mask));
}

function memberRows(session: CouncilSession, mask: (text: string) => string): CouncilMemberRow[] {
  const finalRound = Math.max(-1, ...session.dissent.map((record) => record.round));
  return session.config.members.map((member) => {
    const records = session.dissent.filter((record) => record.memberId === member.id);
    const final = records.find((record) => record.round === finalRound);
    const failed = session.calls.some((call) => call.memberId === member.id && !call.ok);
    const rank = session.ranking?.aggregate.entries.find((entry) => entry.memberId === member.id);
    return {
      memberId: member.id,
      member: memberKey(member),
      finalPosition: final?.position ? mask(final.position.value) : null,
      agreedWithFinal: final?.agreesWithFinal === true,
      loneDissenter: final?.loneDissenter === true,
      changedMind: records.some((record) => record.changed),
      failed,
      meanRank: rank && session.ranking?.aggregate.validBallots ? rank.meanRank : null,
    };
  });
}
