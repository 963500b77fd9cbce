// The one seam between the council protocol and the kernel. The protocol decides what to ask whom and
// what the answers mean; the port decides how a call runs (a kernel task attempt in a real run
// directory, or a scripted fake in tests). Keeping it this small lets the protocol stay pure.

/** One seat of the council: an engine, optionally a model, and engine options passed through untouched. */
export interface CouncilMember {
  /** `m1`..`mN` in the order given, `chair` for a chair that is not also a member. */
  id: string;
  engine: string;
  model?: string;
  options?: Record<string, unknown>;
}

export type CouncilStage = 'answer' | 'deliberate' | 'rank' | 'chair';

/** One model call. `callId` is a stable, filesystem-safe task id: `r0-m1-answer`, `rank-m2`, `chair`. */
export interface MemberCall {
  callId: string;
  memberId: string;
  round: number;
  stage: CouncilStage;
  role?: string;
  prompt: string;
  member: CouncilMember;
}

/** The outcome of one call. A failure has the same shape as a success, with `ok: false` and `error`. */
export interface MemberReply {
  callId: string;
  memberId: string;
  ok: boolean;
  text: string;
  error?: string;
  costUsd: number | null;
  tokens: number | null;
  durationSec: number;
}

export interface CouncilPort {
  /** Runs the calls of one stage concurrently; resolves with one reply per call (never rejects for a member failure). */
  runCalls(calls: MemberCall[], signal: AbortSignal): Promise<MemberReply[]>;
  /** Optional: progress/audit events (round_start, member_reply, consensus, ...). */
  event?(name: string, data: Record<string, unknown>): void;
}
