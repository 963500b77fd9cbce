// Runs one stage of calls through the port and turns the replies into call records. This is the
// attempt boundary of the council: a port that rejects, forgets a reply or hangs past an abort never
// crashes the session; every call ends as a record, failed ones with the reason.
import { createHash } from 'node:crypto';
import type { CouncilPort, MemberCall, MemberReply } from './council-port.ts';
import type { CallRecord, Position } from './types.ts';

export interface StageOutcome {
  /** One reply per call, in call order (synthesized failures included). */
  replies: MemberReply[];
  /** The signal was aborted before or while the stage ran. */
  interrupted: boolean;
}

export async function runStage(
  port: CouncilPort,
  calls: readonly MemberCall[],
  signal: AbortSignal,
): Promise<StageOutcome> {
  if (signal.aborted) return { replies: calls.map((call) => failed(call, 'interrupted')), interrupted: true };
  const pending = Promise.resolve()
    .then(() => port.runCalls([...calls], signal))
    .then(
      (replies) => ({ replies }),
      (error: unknown) => ({ error }),
    );
  let onAbort = (): void => undefined;
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const outcome = await Promise.race([pending, aborted]);
  signal.removeEventListener('abort', onAbort);
  if (outcome === 'aborted') {
    return { replies: calls.map((call) => failed(call, 'interrupted')), interrupted: true };
  }
  if ('error' in outcome) {
    const message = `the council port failed: ${describeError(outcome.error)}`;
    return { replies: calls.map((call) => failed(call, message)), interrupted: signal.aborted };
  }
  const byCallId = new Map(
    (Array.isArray(outcome.replies) ? outcome.replies : []).map((reply) => [reply.callId, reply]),
  );
  const replies = calls.map(
    (call) => byCallId.get(call.callId) ?? failed(call, 'the port returned no reply for this call'),
  );
  return { replies, interrupted: signal.aborted };
}

/** The record of one call, as kept in the session and written to history. */
export function toCallRecord(call: MemberCall, reply: MemberReply, position: Position | null): CallRecord {
  const ok = reply.ok === true;
  const text = typeof reply.text === 'string' ? reply.text : '';
  return {
    callId: call.callId,
    memberId: call.memberId,
    engine: call.member.engine,
    model: call.member.model ?? null,
    round: call.round,
    stage: call.stage,
    role: call.role ?? null,
    promptSha256: sha256(call.prompt),
    ok,
    text,
    textSha256: sha256(text),
    error: ok ? null : (reply.error ?? 'failed without an error message'),
    position: ok ? position : null,
    costUsd: finiteOrNull(reply.costUsd),
    tokens: finiteOrNull(reply.tokens),
    durationSec: finiteOrNull(reply.durationSec) ?? 0,
  };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function failed(call: MemberCall, error: string): MemberReply {
  return {
    callId: call.callId,
    memberId: call.memberId,
    ok: false,
    text: '',
    error,
    costUsd: null,
    tokens: null,
    durationSec: 0,
  };
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
