// The council history's row types, and their mapping between camelCase TypeScript and snake_case SQL
// (booleans are stored as 0/1, the member list as a JSON array).

export interface CouncilSessionRow {
  sessionId: string;
  /** ISO 8601 (UTC). */
  startedAt: string;
  finishedAt: string | null;
  question: string;
  status: string;
  basis: string | null;
  answer: string | null;
  /** `engine:model` of each seat, in seat order. */
  members: string[];
  rounds: number;
  costUsd: number;
  tokens: number;
  /** First and last `seq` of this session's events in the history JSONL; null when not indexed from it. */
  historySeqStart: number | null;
  historySeqEnd: number | null;
  lastHash: string | null;
}

export interface CouncilMemberRow {
  /** The seat's id within its session, e.g. `m1`. */
  memberId: string;
  /** `engine:model`; statistics are grouped by it. */
  member: string;
  finalPosition: string | null;
  agreedWithFinal: boolean;
  loneDissenter: boolean;
  changedMind: boolean;
  failed: boolean;
  meanRank: number | null;
}

export interface CouncilSessionDetail {
  session: CouncilSessionRow;
  members: CouncilMemberRow[];
}

export interface CouncilSessionRecord {
  session_id: string;
  started_at: string;
  finished_at: string | null;
  question: string;
  status: string;
  basis: string | null;
  answer: string | null;
  members: string;
  rounds: number;
  cost_usd: number;
  tokens: number;
  history_seq_start: number | null;
  history_seq_end: number | null;
  last_hash: string | null;
}

export interface CouncilMemberRecord {
  member_id: string;
  member: string;
  final_position: string | null;
  agreed_with_final: number;
  lone_dissenter: number;
  changed_mind: number;
  failed: number;
  mean_rank: number | null;
}

export function toSessionRecord(session: CouncilSessionRow): CouncilSessionRecord {
  return {
    session_id: session.sessionId,
    started_at: session.startedAt,
    finished_at: session.finishedAt,
    question: session.question,
    status: session.status,
    basis: session.basis,
    answer: session.answer,
    members: JSON.stringify(session.members),
    rounds: session.rounds,
    cost_usd: session.costUsd,
    tokens: session.tokens,
    history_seq_start: session.historySeqStart,
    history_seq_end: session.historySeqEnd,
    last_hash: session.lastHash,
  };
}

export function toSessionRow(record: CouncilSessionRecord): CouncilSessionRow {
  return {
    sessionId: record.session_id,
    startedAt: record.started_at,
    finishedAt: record.finished_at,
    question: record.question,
    status: record.status,
    basis: record.basis,
    answer: record.answer,
    members: JSON.parse(record.members) as string[],
    rounds: record.rounds,
    costUsd: record.cost_usd,
    tokens: record.tokens,
    historySeqStart: record.history_seq_start,
    historySeqEnd: record.history_seq_end,
    lastHash: record.last_hash,
  };
}

export function toMemberRecord(member: CouncilMemberRow): CouncilMemberRecord {
  return {
    member_id: member.memberId,
    member: member.member,
    final_position: member.finalPosition,
    agreed_with_final: Number(member.agreedWithFinal),
    lone_dissenter: Number(member.loneDissenter),
    changed_mind: Number(member.changedMind),
    failed: Number(member.failed),
    mean_rank: member.meanRank,
  };
}

export function toMemberRow(record: CouncilMemberRecord): CouncilMemberRow {
  return {
    memberId: record.member_id,
    member: record.member,
    finalPosition: record.final_position,
    agreedWithFinal: record.agreed_with_final !== 0,
    loneDissenter: record.lone_dissenter !== 0,
    changedMind: record.changed_mind !== 0,
    failed: record.failed !== 0,
    meanRank: record.mean_rank,
  };
}
