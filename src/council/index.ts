/**
 * @module council
 * `maestro council "QUESTION"`: several models answer independently, deliberate in rounds under
 * anonymous labels and roles, rank each other's answers, vote under a quorum and threshold, and a chair
 * writes the final answer with a minority report. Every session is appended to a hash-chained
 * history_log.jsonl that survives SIGKILL, can be verified, replayed and summarised per model.
 * The protocol is pure: model calls go through the CouncilPort the caller provides.
 */
export { type ChairReply, parseChairReply } from './chair-reply.ts';
export { type ConsensusInput, decideConsensus, type FinalReply, groupPositions } from './consensus.ts';
export {
  DEFAULT_QUORUM,
  DEFAULT_ROUNDS,
  DEFAULT_THRESHOLD,
  MAX_MEMBERS,
  MAX_ROUNDS,
  MIN_MEMBERS,
  type ResolvedCouncil,
  resolveCouncilConfig,
} from './council-config.ts';
export {
  type CouncilFileSettings,
  loadCouncilConfigFile,
  parseCouncilConfigText,
} from './council-config-file.ts';
export {
  oneOf,
  parseAnswerKind,
  parseCountFlag,
  parseIntegerFlag,
  parseRankingMethod,
  parseRolesMode,
  parseThreshold,
  RANKING_METHODS,
  ROLES_MODES,
} from './council-flag-values.ts';
export type {
  CouncilMember,
  CouncilPort,
  CouncilStage,
  MemberCall,
  MemberReply,
} from './council-port.ts';
export { openIndexedHistory } from './council-session-index.ts';
export {
  type CouncilSessionRun,
  type CouncilSessionRunOptions,
  runCouncilSession,
} from './council-session-run.ts';
export { computeDissent, type DissentInput, finalDissenters } from './dissent.ts';
export { checkEarlyStop, type RoundState } from './early-stop.ts';
export { canonicalNumber, extractPosition, finalAnswerSegment, positionKey } from './extract-answer.ts';
export { type FileLockOptions, withFileLock } from './file-lock.ts';
export {
  CouncilHistoryLog,
  type CouncilHistoryLogOptions,
  councilHistoryPath,
  type HistoryRecord,
} from './history-log.ts';
export { type HistoryVerification, readHistory, verifyHistory } from './history-read.ts';
export { findSession, sessionsFromHistory } from './history-sessions.ts';
export { type MemberStatistics, memberStatistics } from './history-stats.ts';
export { createKernelCouncilPort, type KernelPortOptions } from './kernel-council-port.ts';
export { assignLabels } from './labels.ts';
export { memberId, memberKey, parseMemberSpec, parseMemberSpecs } from './member-spec.ts';
export {
  type CouncilBlock,
  councilOptionsFromBlock,
  createPlanCouncilRunner,
  type PlanCouncilRunnerOptions,
} from './plan-council.ts';
export {
  answerPrompt,
  chairPrompt,
  deliberationPrompt,
  rankingPrompt,
  type ShownResponse,
} from './prompts.ts';
export { aggregateRankings, parseRanking } from './ranking.ts';
export { RENDER_FORMATS, type RenderFormat, renderSession, stableStringify } from './render-session.ts';
export { renderStatistics } from './render-statistics.ts';
export { assignRoles, DEFAULT_ROLES, roleInstruction } from './roles.ts';
export { newSessionId, type RunCouncilOptions, runCouncil } from './run-council.ts';
export {
  formatChairReply,
  formatRankingReply,
  responsesInPrompt,
  ScriptedCouncilPort,
  type ScriptedCouncilPortOptions,
  type ScriptedReply,
} from './scripted-council-port.ts';
export { scriptedAnswer, type VotingScript, votingCouncilPort } from './scripted-voting-council.ts';
export { mulberry32, seededShuffle, seedFromText } from './seeded-random.ts';
export type { CouncilJournal } from './session-events.ts';
export type * from './types.ts';
