// What the council finally says. The chair's answer when it gave one; when the chair fails, the text of
// the leading answer (largest group, else top-ranked), marked as a fallback so that no one mistakes it
// for a synthesis. A chair that contradicts a consensus the council reached does not overrule it: the
// leading answer stands and the divergence is recorded. The minority report is the chair's own section,
// or else built from the recorded dissent, so a session always explains who disagreed.
import { positionKey } from './extract-answer.ts';
import type {
  ChairRecord,
  ConsensusResult,
  DissentRecord,
  FinalAnswer,
  MinorityReport,
  Position,
  RankingAggregate,
} from './types.ts';

export interface FinalAnswerInput {
  consensus: ConsensusResult;
  chair: ChairRecord | null;
  /** Position extracted from the chair's answer. */
  chairPosition: Position | null;
  /** Member id → final reply text of every valid member. */
  finalTexts: ReadonlyMap<string, string>;
  ranking: RankingAggregate | null;
}

export function chooseFinalAnswer(input: FinalAnswerInput): FinalAnswer {
  const { consensus, chair, ranking } = input;
  const chairFailed = chair !== null && (!chair.ok || chair.answer === null);
  const none: FinalAnswer = {
    text: null,
    position: null,
    source: 'none',
    chairFailed,
    divergesFromConsensus: false,
  };
  const rankOf = new Map(ranking?.entries.map((entry, index) => [entry.memberId, index]) ?? []);
  const byRank = (left: string, right: string) =>
    (rankOf.get(left) ?? Number.MAX_SAFE_INTEGER) - (rankOf.get(right) ?? Number.MAX_SAFE_INTEGER) ||
    (left < right ? -1 : 1);
  const majority = (): FinalAnswer | undefined => {
    if (consensus.basis !== 'vote' || consensus.leadingPosition === null) return undefined;
    const leading = positionKey(consensus.leadingPosition);
    const group = consensus.groups.find((candidate) => positionKey(candidate.position) === leading);
    const representative = [...(group?.memberIds ?? [])].sort(byRank)[0];
    const text = representative === undefined ? undefined : input.finalTexts.get(representative);
    if (text === undefined) return undefined;
    return { ...none, text, position: consensus.leadingPosition, source: 'majority_fallback' };
  };
  if (chair?.ok && chair.answer !== null) {
    const diverges =
      consensus.status === 'consensus' &&
      consensus.leadingPosition !== null &&
      input.chairPosition !== null &&
      positionKey(input.chairPosition) !== positionKey(consensus.leadingPosition);
    // The council decided; the chair writes its answer up, it does not get to overrule it.
    const kept = diverges ? majority() : undefined;
    if (kept) return { ...kept, divergesFromConsensus: true };
    const position = input.chairPosition ?? consensus.leadingPosition;
    return { text: chair.answer, position, source: 'chair', chairFailed, divergesFromConsensus: diverges };
  }
  if (consensus.status === 'no_quorum') return none;
  const fallback = majority();
  if (fallback) return fallback;
  const top = ranking?.entries.find((entry) => input.finalTexts.has(entry.memberId));
  if (top && ranking && ranking.validBallots > 0) {
    const position =
      consensus.groups.find((group) => group.memberIds.includes(top.memberId))?.position ?? null;
    return {
      ...none,
      text: input.finalTexts.get(top.memberId) ?? null,
      position,
      source: 'ranking_fallback',
    };
  }
  return none;
}

export interface MinorityReportInput {
  chair: ChairRecord | null;
  dissent: readonly DissentRecord[];
  dissenterIds: readonly string[];
  /** Member id → how to name it in the report, e.g. `Response B (m2, ollama:qwen2.5:7b)`. */
  describeMember: (memberId: string) => string;
  hasAnswers: boolean;
  /** The chair answered against the consensus, so its report speaks for the wrong side. */
  chairDiverged?: boolean;
  /** How the council decided: on a vote, a dissenter without a position answered without one. */
  basis?: 'vote' | 'ranking';
}

// "None", "none.", "**None**", "": a chair saying there is no minority.
const NO_REPORT = /^[^\p{L}\p{N}]*(?:none)?[^\p{L}\p{N}]*$/iu;

export function buildMinorityReport(input: MinorityReportInput): MinorityReport {
  const dissenterIds = [...input.dissenterIds];
  const chairReport = input.chair?.ok && !input.chairDiverged ? input.chair.minorityReport : null;
  // A chair that reports no minority while members dissented would erase the recorded dissent.
  if (chairReport && !(dissenterIds.length > 0 && NO_REPORT.test(chairReport))) {
    return { text: chairReport, source: 'chair', dissenterIds };
  }
  if (!input.hasAnswers) return { text: '', source: 'none', dissenterIds };
  if (dissenterIds.length === 0) {
    const judged = input.dissent.some((record) => record.agreesWithFinal !== null);
    return {
      text: judged
        ? 'None: every valid member agreed with the final answer.'
        : 'Not determined: the answers have no comparable positions.',
      source: 'derived',
      dissenterIds,
    };
  }
  const lastRecord = new Map<string, DissentRecord>();
  for (const record of input.dissent) lastRecord.set(record.memberId, record);
  const lines = dissenterIds.map((memberId) => {
    const record = lastRecord.get(memberId);
    const position = record?.position
      ? `held "${record.position.value}"`
      : input.basis === 'vote'
        ? 'answered without a comparable position'
        : 'did not endorse the final answer';
    const flags = [record?.loneDissenter ? 'lone dissenter' : '', record?.outlier ? 'outlier' : ''].filter(
      Boolean,
    );
    return `- ${input.describeMember(memberId)} ${position}${flags.length > 0 ? ` (${flags.join(', ')})` : ''}.`;
  });
  return { text: lines.join('\n'), source: 'derived', dissenterIds };
}

/** Lines describing the aggregated ranking for the chair, best first. */
export function rankingLines(ranking: RankingAggregate | null): string[] {
  if (!ranking || ranking.validBallots === 0) return [];
  return ranking.entries.map(
    (entry, index) =>
      `${index + 1}. Response ${entry.label}: Borda ${round(entry.bordaPoints)}, mean rank ${round(entry.meanRank)}, ` +
      `first place ${entry.firstPlaceVotes} of ${ranking.validBallots}`,
  );
}

/** Lines describing the vote for the chair, members named only by label. */
export function consensusLines(consensus: ConsensusResult, labelOf: ReadonlyMap<string, string>): string[] {
  const lines = [`Status: ${consensus.status.replace('_', ' ')} (${consensus.basis}): ${consensus.reason}.`];
  const grouped = new Set<string>();
  const named = (memberIds: readonly string[]) =>
    memberIds.map((memberId) => `Response ${labelOf.get(memberId) ?? '?'}`).sort();
  for (const group of consensus.groups) {
    lines.push(`Position "${group.position.value}": ${named(group.memberIds).join(', ')}`);
    for (const memberId of group.memberIds) grouped.add(memberId);
  }
  const positionless = consensus.validMemberIds.filter((memberId) => !grouped.has(memberId));
  if (consensus.basis === 'vote' && positionless.length > 0)
    lines.push(`No comparable answer: ${named(positionless).join(', ')}`);
  return lines;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
