// Stage 3: the chair reads every final answer (anonymized), the aggregated ranking and the vote, and
// writes the council's answer with its sources and a minority report. Seed B concatenated answers
// instead of synthesizing them; here a real synthesis is asked for, and checked against the vote.

import { parseChairReply } from './chair-reply.ts';
import { type CouncilContext, runRecordedStage } from './council-context.ts';
import type { CouncilMember, MemberCall } from './council-port.ts';
import { extractPosition } from './extract-answer.ts';
import { consensusLines, rankingLines } from './final-answer.ts';
import { chairPrompt } from './prompts.ts';
import { shownResponses } from './shown-responses.ts';
import type { CallRecord, ChairRecord, ConsensusResult, Position, RankingStage } from './types.ts';

export interface ChairOutcome {
  chair: ChairRecord;
  /** Position of the chair's answer under the session's answer kind. */
  chairPosition: Position | null;
  interrupted: boolean;
}

export async function runChairStage(
  context: CouncilContext,
  validMemberIds: readonly string[],
  latest: ReadonlyMap<string, CallRecord>,
  consensus: ConsensusResult,
  ranking: RankingStage | null,
): Promise<ChairOutcome> {
  const { config, session, events } = context;
  const chairMember: CouncilMember = config.chair;
  const call: MemberCall = {
    callId: 'chair',
    memberId: chairMember.id,
    round: session.rounds.length,
    stage: 'chair',
    prompt: chairPrompt({
      question: config.question,
      responses: shownResponses(context, validMemberIds, latest, 'chair'),
      rankingLines: rankingLines(ranking?.aggregate ?? null),
      consensusLines: consensusLines(consensus, context.labelOf),
    }),
    member: chairMember,
  };
  events.emit('round_start', { round: call.round, stage: 'chair', member_ids: [chairMember.id] });
  const { records, interrupted } = await runRecordedStage(context, [call]);
  const record = records[0] as CallRecord;
  const known = new Set(validMemberIds.map((memberId) => context.labelOf.get(memberId)));
  const parsed = record.ok
    ? parseChairReply(record.text)
    : { answer: null, sources: [], minorityReport: null };
  const chair: ChairRecord = {
    callId: record.callId,
    memberId: record.memberId,
    ok: record.ok,
    answer: parsed.answer,
    sources: parsed.sources.filter((label) => known.has(label)),
    minorityReport: parsed.minorityReport,
    error: record.ok ? (parsed.answer === null ? 'the chair gave no answer' : null) : record.error,
  };
  session.chair = chair;
  events.emit('chair', { chair });
  // Only the answer section counts: the minority report quotes the positions the chair rejected.
  const chairPosition =
    parsed.answer === null
      ? null
      : (extractPosition(`FINAL ANSWER: ${parsed.answer}`, config.answerKind) ?? null);
  return { chair, chairPosition, interrupted };
}
