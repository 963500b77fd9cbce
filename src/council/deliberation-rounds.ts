// Round 0 and the deliberation rounds (Du et al.'s debate): every member answers alone, then in each
// round sees its peers' latest answers as anonymous "Response X" and keeps, refines or changes its own
// under its role. A member whose call fails is recorded and sits out every later stage. The loop ends
// after the last round, when fewer than `quorum` members remain, on an early stop, or on abort.
import { type CouncilContext, memberOf, runRecordedStage } from './council-context.ts';
import type { MemberCall } from './council-port.ts';
import { checkEarlyStop, type RoundState } from './early-stop.ts';
import { answerPrompt, deliberationPrompt } from './prompts.ts';
import { assignRoles } from './roles.ts';
import { shownResponses } from './shown-responses.ts';
import type { CallRecord, RoundSummary } from './types.ts';

export interface RoundsOutcome {
  /** Members whose every call so far succeeded. */
  validMemberIds: string[];
  /** Member id → its latest successful answer or deliberation call. */
  latest: Map<string, CallRecord>;
  interrupted: boolean;
}

export async function runRounds(context: CouncilContext): Promise<RoundsOutcome> {
  const { config, session, events } = context;
  const memberIds = config.members.map((member) => member.id);
  const roleOptions = { memberIds, roles: config.roles, mode: config.rolesMode, seed: config.seed };
  let valid = memberIds;
  const latest = new Map<string, CallRecord>();
  let previous: RoundState | undefined;
  for (let round = 0; round < config.rounds; round += 1) {
    const stage = round === 0 ? 'answer' : 'deliberate';
    const allRoles = assignRoles(roleOptions, round);
    const roles = Object.fromEntries(valid.map((memberId) => [memberId, allRoles[memberId] as string]));
    const calls = valid.map((memberId) =>
      roundCall(context, round, memberId, roles[memberId], valid, latest),
    );
    events.emit('round_start', { round, stage, member_ids: valid });
    const { records, interrupted } = await runRecordedStage(context, calls);
    const summary: RoundSummary = {
      round,
      stage,
      roles: round === 0 ? {} : roles,
      calledMemberIds: valid,
      validMemberIds: records.filter((record) => record.ok).map((record) => record.memberId),
      failedMemberIds: records.filter((record) => !record.ok).map((record) => record.memberId),
    };
    session.rounds.push(summary);
    events.emit('round_complete', { round, summary });
    for (const record of records) if (record.ok) latest.set(record.memberId, record);
    valid = summary.validMemberIds;
    if (interrupted) return { validMemberIds: valid, latest, interrupted };
    if (valid.length < config.quorum) break;
    const state: RoundState = {
      round,
      positions: new Map(valid.map((memberId) => [memberId, latest.get(memberId)?.position ?? null])),
    };
    if (config.earlyStop && round < config.rounds - 1) {
      const stop = checkEarlyStop(previous, state);
      if (stop) {
        session.earlyStop = stop;
        events.emit('early_stop', { early_stop: stop });
        break;
      }
    }
    previous = state;
  }
  return { validMemberIds: valid, latest, interrupted: false };
}

function roundCall(
  context: CouncilContext,
  round: number,
  memberId: string,
  role: string | undefined,
  valid: readonly string[],
  latest: ReadonlyMap<string, CallRecord>,
): MemberCall {
  const { config } = context;
  const member = memberOf(context, memberId);
  if (round === 0) {
    return {
      callId: `r0-${memberId}-answer`,
      memberId,
      round,
      stage: 'answer',
      prompt: answerPrompt(config.question, config.answerKind),
      member,
    };
  }
  // Star (the default): every valid peer. A chain or graph topology narrows it per member.
  const visible = config.visibility?.[memberId];
  const peers = valid.filter(
    (peer) => peer !== memberId && (visible === undefined || visible.includes(peer)),
  );
  const prompt = deliberationPrompt({
    question: config.question,
    round,
    role: role ?? 'member',
    previousAnswer: latest.get(memberId)?.text ?? '',
    peers: shownResponses(context, peers, latest, `r${round}-${memberId}`),
    kind: config.answerKind,
  });
  return {
    callId: `r${round}-${memberId}-deliberate`,
    memberId,
    round,
    stage: 'deliberate',
    role,
    prompt,
    member,
  };
}
