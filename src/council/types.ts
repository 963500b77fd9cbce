// The council's data: what a caller asks for (CouncilOptions), what the protocol runs on once defaults
// are applied (CouncilConfig), and the session record it returns, writes to history_log.jsonl and
// replays. Declarations only, so every other file can share one vocabulary.
import type { CouncilMember, CouncilStage } from './council-port.ts';

export type RolesMode = 'fixed' | 'rotating';

/**
 * How a comparable position is read from an answer. `auto` tries number, yes/no, option letter, then a
 * short text; `free` never extracts (the ranking decides); `json_field:<path>` reads a field of a JSON
 * object in the answer (dots walk nested objects).
 */
export type AnswerKind = 'auto' | 'number' | 'option' | 'yes_no' | 'free' | `json_field:${string}`;

export type RankingMethod = 'borda' | 'mean';

export type PositionKind = 'number' | 'option' | 'yes_no' | 'json_field' | 'text';

/** A normalized answer: two members agree when kind and value are equal. */
export interface Position {
  kind: PositionKind;
  /** Canonical form: `42`, `B`, `yes`, `paris`, a JSON literal for json_field. */
  value: string;
}

/** What a caller may set; `resolveCouncilConfig` fills the rest. */
export interface CouncilOptions {
  question: string;
  /** At least 2 and at most 26 (one label letter each). */
  members: CouncilMember[];
  /** Total rounds, round 0 included: 2 = independent answers + one deliberation round. 1..5. @default 2 */
  rounds?: number;
  /** @default 'fixed' */
  rolesMode?: RolesMode;
  /** @default DEFAULT_ROLES */
  roles?: string[];
  /** Seeds labels, presentation order and rotation. @default a number derived from the question */
  seed?: number;
  /** @default the first member */
  chair?: CouncilMember;
  /** Minimum number of members with a valid final answer. @default min(3, members) */
  quorum?: number;
  /** Share of valid members the largest agreeing group needs, in (0, 1]. @default 2/3 */
  threshold?: number;
  /**
   * The threshold as the user wrote it (`2/3`, `0.67`, `67%`), for messages. A decimal or percent
   * rounds a fraction, so it is read with a tolerance of 0.005; a fraction is compared exactly.
   */
  thresholdText?: string;
  /** @default true */
  anonymize?: boolean;
  /** @default false */
  earlyStop?: boolean;
  /** @default 'auto' */
  answerKind?: AnswerKind;
  /** @default 'borda' */
  rankingMethod?: RankingMethod;
  /**
   * Whose answers each member sees when deliberating (member id → peer ids); members not listed see
   * every peer. Plans' `council.topology` (chain, graph) is expressed with it. @default everyone
   */
  visibility?: Record<string, string[]>;
}

/** CouncilOptions with every default applied and every value checked. */
export interface CouncilConfig {
  question: string;
  members: CouncilMember[];
  rounds: number;
  rolesMode: RolesMode;
  roles: string[];
  seed: number;
  chair: CouncilMember;
  quorum: number;
  threshold: number;
  thresholdText?: string;
  anonymize: boolean;
  earlyStop: boolean;
  answerKind: AnswerKind;
  rankingMethod: RankingMethod;
  visibility?: Record<string, string[]>;
}

/** How the session ended. `incomplete` only comes from history: the process died before the end. */
export type SessionStatus = 'consensus' | 'no_consensus' | 'no_quorum' | 'interrupted' | 'incomplete';

/** One call as it happened, in the order the calls were made. */
export interface CallRecord {
  callId: string;
  memberId: string;
  engine: string;
  model: string | null;
  round: number;
  stage: CouncilStage;
  role: string | null;
  promptSha256: string;
  ok: boolean;
  text: string;
  textSha256: string;
  error: string | null;
  /** Extracted position (answer and deliberate stages only). */
  position: Position | null;
  costUsd: number | null;
  tokens: number | null;
  durationSec: number;
}

export interface RoundSummary {
  round: number;
  stage: 'answer' | 'deliberate';
  /** Role per member id (deliberation rounds only; round 0 answers are role-free). */
  roles: Record<string, string>;
  calledMemberIds: string[];
  validMemberIds: string[];
  failedMemberIds: string[];
}

export interface EarlyStop {
  afterRound: number;
  reason: 'unanimous' | 'unchanged';
}

export interface Ballot {
  rankerId: string;
  callId: string;
  /** Labels best first; empty when the call failed or named no known response. */
  order: string[];
  valid: boolean;
}

export interface RankingEntry {
  label: string;
  memberId: string;
  bordaPoints: number;
  meanRank: number;
  firstPlaceVotes: number;
}

export interface RankingAggregate {
  method: RankingMethod;
  validBallots: number;
  /** Best first. */
  entries: RankingEntry[];
}

export interface RankingStage {
  ballots: Ballot[];
  aggregate: RankingAggregate;
}

export type ConsensusStatus = 'consensus' | 'no_consensus' | 'no_quorum';

export interface PositionGroup {
  position: Position;
  memberIds: string[];
}

export interface ConsensusResult {
  status: ConsensusStatus;
  /** `vote` on extracted positions, or `ranking` when answers are free-form. */
  basis: 'vote' | 'ranking';
  quorum: number;
  threshold: number;
  validMemberIds: string[];
  /** Largest first (vote basis; empty for ranking). */
  groups: PositionGroup[];
  /** The winning position (vote) or top-ranked label (ranking); set even without consensus when unique. */
  leadingPosition: Position | null;
  leadingLabel: string | null;
  /** Share of valid members (vote) or valid ballots (ranking) behind the leader. */
  support: number;
  /** Votes (or first places) between the leader and the runner-up. */
  margin: number;
  /** One sentence saying why this status. */
  reason: string;
}

export interface DissentRecord {
  memberId: string;
  round: number;
  position: Position | null;
  /** The position differs from this member's position in the previous round. */
  changed: boolean;
  /**
   * null when the final answer has no position, or this member neither has one nor ranked. A member
   * that answered without a comparable position does not agree with a final answer that has one.
   */
  agreesWithFinal: boolean | null;
  outlier: boolean;
  loneDissenter: boolean;
}

export interface ChairRecord {
  callId: string;
  memberId: string;
  ok: boolean;
  answer: string | null;
  /** Labels the chair says it used. */
  sources: string[];
  minorityReport: string | null;
  error: string | null;
}

export interface FinalAnswer {
  text: string | null;
  position: Position | null;
  source: 'chair' | 'majority_fallback' | 'ranking_fallback' | 'none';
  chairFailed: boolean;
  /**
   * The chair's position differs from a consensus the council reached. The consensus stands: the final
   * answer is then the leading group's (source `majority_fallback`) and the chair's own answer stays in
   * the session's `chair` record. (Sessions recorded before this rule kept the chair's answer, source
   * `chair`.)
   */
  divergesFromConsensus: boolean;
}

export interface MinorityReport {
  text: string;
  source: 'chair' | 'derived' | 'none';
  dissenterIds: string[];
}

export interface SessionTotals {
  calls: number;
  failedCalls: number;
  /** Sum over calls that reported a cost; null when none did. */
  costUsd: number | null;
  tokens: number | null;
}

export interface CouncilSession {
  id: string;
  question: string;
  config: CouncilConfig;
  status: SessionStatus;
  startedAt: string;
  finishedAt: string | null;
  /** Label letter → member id, for audit of every anonymized prompt. */
  labels: Record<string, string>;
  calls: CallRecord[];
  rounds: RoundSummary[];
  earlyStop: EarlyStop | null;
  ranking: RankingStage | null;
  consensus: ConsensusResult | null;
  dissent: DissentRecord[];
  chair: ChairRecord | null;
  final: FinalAnswer;
  minorityReport: MinorityReport;
  totals: SessionTotals;
  warnings: string[];
}
