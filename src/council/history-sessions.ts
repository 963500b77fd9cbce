// Rebuilds session records from history_log.jsonl for `council replay` and for statistics. A session
// whose process died before `session_complete` comes back as `incomplete` with every call, round and
// verdict that was written before the end.
import { computeDissent } from './dissent.ts';
import type { HistoryRecord } from './history-log.ts';
import { emptySession, roundPositions, totalsOf } from './session-record.ts';
import type {
  CallRecord,
  ChairRecord,
  ConsensusResult,
  CouncilConfig,
  CouncilSession,
  DissentRecord,
  EarlyStop,
  FinalAnswer,
  MinorityReport,
  RankingStage,
  RoundSummary,
  SessionStatus,
  SessionTotals,
} from './types.ts';

/** Sessions in the order they started; events of a session without `session_start` are ignored. */
export function sessionsFromHistory(records: readonly HistoryRecord[]): CouncilSession[] {
  const sessions = new Map<string, CouncilSession>();
  const complete = new Set<string>();
  for (const record of records) {
    const id = record.session_id;
    if (record.event === 'session_start') {
      const session = emptySession(
        record.config as CouncilConfig,
        id,
        String(record.started_at ?? record.ts),
      );
      session.labels = (record.labels as Record<string, string>) ?? session.labels;
      sessions.set(id, session);
      continue;
    }
    const session = sessions.get(id);
    if (!session) continue;
    applyEvent(session, record);
    if (record.event === 'session_complete') complete.add(id);
  }
  for (const [id, session] of sessions) {
    if (complete.has(id)) continue;
    session.totals = totalsOf(session.calls);
    session.dissent = computeDissent({ rounds: roundPositions(session), finalPosition: null });
  }
  return [...sessions.values()];
}

/** The session with this id (or the only one starting with it), or undefined. */
export function findSession(sessions: readonly CouncilSession[], id: string): CouncilSession | undefined {
  const exact = sessions.find((session) => session.id === id);
  if (exact) return exact;
  const matches = sessions.filter((session) => session.id.startsWith(id));
  return matches.length === 1 ? matches[0] : undefined;
}

function applyEvent(session: CouncilSession, record: HistoryRecord): void {
  switch (record.event) {
    case 'member_reply':
      session.calls.push(record.call as CallRecord);
      break;
    case 'round_complete':
      session.rounds.push(record.summary as RoundSummary);
      break;
    case 'early_stop':
      session.earlyStop = record.early_stop as EarlyStop;
      break;
    case 'ranking':
      session.ranking = record.ranking as RankingStage;
      break;
    case 'consensus':
      session.consensus = record.consensus as ConsensusResult;
      break;
    case 'chair':
      session.chair = record.chair as ChairRecord;
      break;
    case 'session_complete':
      session.status = record.status as SessionStatus;
      session.final = record.final as FinalAnswer;
      session.minorityReport = record.minority_report as MinorityReport;
      session.dissent = (record.dissent as DissentRecord[]) ?? [];
      session.earlyStop = (record.early_stop as EarlyStop | null) ?? session.earlyStop;
      session.totals = record.totals as SessionTotals;
      session.warnings = (record.warnings as string[]) ?? [];
      session.finishedAt = typeof record.finished_at === 'string' ? record.finished_at : null;
      break;
    default:
      break;
  }
}
