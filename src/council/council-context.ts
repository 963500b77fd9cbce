// The state one session's stages share: the resolved config, the port, the abort signal, the session
// record being filled in, and the label map. Stages append to the record as they go, so whatever
// happened before an interruption is already in it.
import type { CouncilMember, CouncilPort, MemberCall, MemberReply } from './council-port.ts';
import { extractPosition } from './extract-answer.ts';
import { labelsByMember } from './labels.ts';
import { memberKey } from './member-spec.ts';
import type { SessionEvents } from './session-events.ts';
import { runStage, toCallRecord } from './stage-calls.ts';
import type { CallRecord, CouncilConfig, CouncilSession } from './types.ts';

export interface CouncilContext {
  readonly config: CouncilConfig;
  readonly port: CouncilPort;
  readonly signal: AbortSignal;
  readonly session: CouncilSession;
  readonly events: SessionEvents;
  /** Member id → label letter. */
  readonly labelOf: ReadonlyMap<string, string>;
}

export function createContext(fields: Omit<CouncilContext, 'labelOf'>): CouncilContext {
  return { ...fields, labelOf: labelsByMember(fields.session.labels) };
}

/** Runs one stage and records every call (answer and deliberation replies get a position). */
export async function runRecordedStage(
  context: CouncilContext,
  calls: readonly MemberCall[],
): Promise<{ records: CallRecord[]; interrupted: boolean }> {
  const outcome = await runStage(context.port, calls, context.signal);
  const records = calls.map((call, index) => record(context, call, outcome.replies[index] as MemberReply));
  return { records, interrupted: outcome.interrupted };
}

function record(context: CouncilContext, call: MemberCall, reply: MemberReply): CallRecord {
  const votes = call.stage === 'answer' || call.stage === 'deliberate';
  const position =
    votes && reply.ok ? (extractPosition(reply.text, context.config.answerKind) ?? null) : null;
  const callRecord = toCallRecord(call, reply, position);
  context.session.calls.push(callRecord);
  context.events.emit('member_reply', { call: callRecord });
  return callRecord;
}

export function memberOf(context: CouncilContext, memberId: string): CouncilMember {
  const member = context.config.members.find((candidate) => candidate.id === memberId);
  if (!member) throw new Error(`Unknown council member '${memberId}'`);
  return member;
}

/** `Response B (m2, ollama:qwen2.5:7b)`: how reports for the user name a member. */
export function describeMember(
  context: Pick<CouncilContext, 'config' | 'labelOf'>,
  memberId: string,
): string {
  const member = context.config.members.find((candidate) => candidate.id === memberId);
  const label = context.labelOf.get(memberId);
  const identity = member ? `${memberId}, ${memberKey(member)}` : memberId;
  return label ? `Response ${label} (${identity})` : identity;
}
