// Stage 2 of Karpathy's llm-council: every valid member ranks all final answers (its own included,
// as there) shown as anonymous "Response X" in its own seeded order. Skipped with fewer than two
// answers: there is nothing to compare.
import { type CouncilContext, memberOf, runRecordedStage } from './council-context.ts';
import { rankingPrompt } from './prompts.ts';
import { aggregateRankings, parseRanking } from './ranking.ts';
import { shownResponses } from './shown-responses.ts';
import type { Ballot, CallRecord, RankingStage } from './types.ts';

export async function runRankingStage(
  context: CouncilContext,
  validMemberIds: readonly string[],
  latest: ReadonlyMap<string, CallRecord>,
): Promise<{ ranking: RankingStage | null; interrupted: boolean }> {
  if (validMemberIds.length < 2) return { ranking: null, interrupted: false };
  const { config, session, events } = context;
  const round = session.rounds.length;
  const labels = Object.fromEntries(
    validMemberIds.map((memberId) => [context.labelOf.get(memberId) as string, memberId]),
  );
  const calls = validMemberIds.map((memberId) => ({
    callId: `rank-${memberId}`,
    memberId,
    round,
    stage: 'rank' as const,
    prompt: rankingPrompt(
      config.question,
      shownResponses(context, validMemberIds, latest, `rank-${memberId}`),
    ),
    member: memberOf(context, memberId),
  }));
  events.emit('round_start', { round, stage: 'rank', member_ids: validMemberIds });
  const { records, interrupted } = await runRecordedStage(context, calls);
  const ballots: Ballot[] = records.map((record) => {
    const order = record.ok ? parseRanking(record.text, Object.keys(labels)) : [];
    return { rankerId: record.memberId, callId: record.callId, order, valid: order.length > 0 };
  });
  const aggregate = aggregateRankings({
    ballots: ballots.filter((ballot) => ballot.valid).map((ballot) => ballot.order),
    labels,
    method: config.rankingMethod,
  });
  const ranking: RankingStage = { ballots, aggregate };
  session.ranking = ranking;
  events.emit('ranking', { ranking });
  return { ranking, interrupted };
}
