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

/**
 * Sessions in the order they started; events of a session without `session_start` are ignored. A
 * session whose `session_start` cannot be read (a line edited or written by another tool) is skipped
 * and reported through `warn`, so one damaged line never hides the rest of the history.
 */
export function sessionsFromHistory(
  records: readonly HistoryRecord[],
  warn: (message: string) => void = () => {},
): CouncilSession[] {
  const sessions = new Map<string, CouncilSession>();
  const complete = new Set<string>();
  for (const record of records) {
    const id = record.session_id;
    if (record.event === 'session_start') {
      const problem = typeof id === 'string' ? configProblem(record.config) : 'no session_id';
      if (problem !== undefined) {
        warn(`history log line ${describeLine(record)}: skipped session ${String(id)}: ${problem}`);
        continue;
      }
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
    const missing = (PAYLOAD_KEYS[record.event] ?? []).find((key) => !isObject(record[key]));
    if (missing !== undefined) {
      warn(
        `history log line ${describeLine(record)}: ${record.event} of ${id} without \`${missing}\` ignored`,
      );
      continue;
    }
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

// The records each event carries; a line without them is ignored rather than read as empty.
const PAYLOAD_KEYS: Readonly<Record<string, readonly string[]>> = {
  member_reply: ['call'],
  round_complete: ['summary'],
  ranking: ['ranking'],
  consensus: ['consensus'],
  chair: ['chair'],
  session_complete: ['final', 'minority_report', 'totals'],
};

// What building and rendering a session reads from its config; anything else may be missing.
function configProblem(config: unknown): string | undefined {
  if (!isObject(config)) return 'its session_start has no config';
  if (typeof config.question !== 'string') return 'its config has no question';
  if (!Array.isArray(config.members) || !config.members.every(isMember))
    return 'its config has no valid member list';
  if (!isMember(config.chair)) return 'its config has no valid chair';
  if (!Number.isSafeInteger(config.seed)) return 'its config has no seed';
  return undefined;
}

function isMember(value: unknown): boolean {
  return isObject(value) && typeof value.id === 'string' && typeof value.engine === 'string';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeLine(record: HistoryRecord): string {
  return typeof record.seq === 'number' ? `seq ${record.seq}` : '(no seq)';
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
