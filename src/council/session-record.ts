// Helpers over the CouncilSession record shared by the live run and by replay from history, so both
// build the same record the same way.
import type { RoundPositions } from './dissent.ts';
import { assignLabels } from './labels.ts';
import type { CallRecord, CouncilConfig, CouncilSession, SessionTotals } from './types.ts';

/** A session with nothing recorded yet (status `incomplete` until it finishes). */
export function emptySession(config: CouncilConfig, id: string, startedAt: string): CouncilSession {
  return {
    id,
    question: config.question,
    config,
    status: 'incomplete',
    startedAt,
    finishedAt: null,
    labels: assignLabels(
      config.members.map((member) => member.id),
      config.seed,
    ),
    calls: [],
    rounds: [],
    earlyStop: null,
    ranking: null,
    consensus: null,
    dissent: [],
    chair: null,
    final: { text: null, position: null, source: 'none', chairFailed: false, divergesFromConsensus: false },
    minorityReport: { text: '', source: 'none', dissenterIds: [] },
    totals: totalsOf([]),
    warnings: [],
  };
}

export function totalsOf(calls: readonly CallRecord[]): SessionTotals {
  const costs = calls.map((call) => call.costUsd).filter((cost): cost is number => cost !== null);
  const tokens = calls.map((call) => call.tokens).filter((count): count is number => count !== null);
  return {
    calls: calls.length,
    failedCalls: calls.filter((call) => !call.ok).length,
    costUsd: costs.length === 0 ? null : costs.reduce((sum, cost) => sum + cost, 0),
    tokens: tokens.length === 0 ? null : tokens.reduce((sum, count) => sum + count, 0),
  };
}

/** Each answer/deliberation round's position per called member, for computeDissent. */
export function roundPositions(session: Pick<CouncilSession, 'rounds' | 'calls'>): RoundPositions[] {
  return session.rounds.map((summary) => ({
    round: summary.round,
    entries: summary.calledMemberIds.map((memberId) => {
      const call = roundCall(session.calls, summary.round, memberId);
      return { memberId, position: call?.position ?? null, answered: call?.ok === true };
    }),
  }));
}

/** The answer or deliberation call of `memberId` in `round`. */
export function roundCall(
  calls: readonly CallRecord[],
  round: number,
  memberId: string,
): CallRecord | undefined {
  return calls.find(
    (call) =>
      call.round === round &&
      call.memberId === memberId &&
      (call.stage === 'answer' || call.stage === 'deliberate'),
  );
}
