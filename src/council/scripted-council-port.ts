// A CouncilPort that answers from a script instead of models: for tests of the protocol, and for SDK
// users testing code built on the council. It records every call and event, runs each stage's calls
// concurrently with optional latency, and can fail any call.
import type { CouncilPort, CouncilStage, MemberCall, MemberReply } from './council-port.ts';

/** Text (a success), a detailed reply, or a function of the call returning either. */
export type ScriptedReply =
  | string
  | { text?: string; ok?: boolean; error?: string; costUsd?: number | null; tokens?: number | null }
  | ((
      call: MemberCall,
    ) =>
      | string
      | { text?: string; ok?: boolean; error?: string; costUsd?: number | null; tokens?: number | null });

export interface ScriptedCouncilPortOptions {
  /**
   * Replies looked up by call id (`r1-m2-deliberate`), then `<memberId>:<stage>` (`m2:rank`), then
   * member id (`m2`), then `respond`. A call with no reply fails with "no scripted reply".
   */
  replies?: Record<string, ScriptedReply>;
  respond?: (call: MemberCall) => ScriptedReply | undefined;
  /** Delay before a reply, per call. @default 0 */
  latencyMs?: number | ((call: MemberCall) => number);
}

export class ScriptedCouncilPort implements CouncilPort {
  /** Every call, in the order stages were run. */
  readonly calls: MemberCall[] = [];
  /** Calls grouped by `runCalls` invocation. */
  readonly batches: MemberCall[][] = [];
  readonly events: { name: string; data: Record<string, unknown> }[] = [];
  readonly #options: ScriptedCouncilPortOptions;

  constructor(options: ScriptedCouncilPortOptions = {}) {
    this.#options = options;
  }

  /** Calls of one stage, e.g. `callsOf('deliberate')`. */
  callsOf(stage: CouncilStage): MemberCall[] {
    return this.calls.filter((call) => call.stage === stage);
  }

  async runCalls(calls: MemberCall[], signal: AbortSignal): Promise<MemberReply[]> {
    this.batches.push([...calls]);
    this.calls.push(...calls);
    return Promise.all(calls.map((call) => this.#reply(call, signal)));
  }

  event(name: string, data: Record<string, unknown>): void {
    this.events.push({ name, data });
  }

  async #reply(call: MemberCall, signal: AbortSignal): Promise<MemberReply> {
    const latency = this.#options.latencyMs;
    const delayMs = typeof latency === 'function' ? latency(call) : (latency ?? 0);
    const started = performance.now();
    const aborted = delayMs > 0 ? await wait(delayMs, signal) : signal.aborted;
    const durationSec = (performance.now() - started) / 1000;
    const base = { callId: call.callId, memberId: call.memberId, durationSec };
    if (aborted) return { ...base, ok: false, text: '', error: 'aborted', costUsd: null, tokens: null };
    let scripted = this.#lookup(call);
    if (typeof scripted === 'function') scripted = scripted(call);
    if (scripted === undefined) {
      return {
        ...base,
        ok: false,
        text: '',
        error: `no scripted reply for ${call.callId}`,
        costUsd: null,
        tokens: null,
      };
    }
    const reply = typeof scripted === 'string' ? { text: scripted } : scripted;
    const ok = reply.ok ?? reply.error === undefined;
    return {
      ...base,
      ok,
      text: reply.text ?? '',
      ...(ok ? {} : { error: reply.error ?? 'scripted failure' }),
      costUsd: reply.costUsd ?? null,
      tokens: reply.tokens ?? null,
    };
  }

  #lookup(call: MemberCall): ScriptedReply | undefined {
    const replies = this.#options.replies ?? {};
    return (
      replies[call.callId] ??
      replies[`${call.memberId}:${call.stage}`] ??
      replies[call.memberId] ??
      this.#options.respond?.(call)
    );
  }
}

// Resolves true when the signal aborted first.
function wait(delayMs: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(false);
    }, delayMs);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The `Response X` blocks of a deliberation, ranking or chair prompt, for scripts that read them. */
export function responsesInPrompt(prompt: string): { label: string; text: string; name?: string }[] {
  const blocks = [...prompt.matchAll(/^--- Response ([A-Z])(?: \((.*)\))? ---\n([\s\S]*?)\n(?=--- )/gm)];
  return blocks.map((match) => ({
    label: match[1] as string,
    text: (match[3] ?? '').trim(),
    ...(match[2] ? { name: match[2] } : {}),
  }));
}

/** A ranking reply in the format the ranking prompt asks for. */
export function formatRankingReply(labels: readonly string[], reasoning = 'Compared the responses.'): string {
  return `${reasoning}\n\nFINAL RANKING:\n${labels.map((label, index) => `${index + 1}. Response ${label}`).join('\n')}`;
}

/** A chair reply in the format the chair prompt asks for. */
export function formatChairReply(
  answer: string,
  sources: readonly string[],
  minorityReport = 'None',
): string {
  return `FINAL ANSWER:\n${answer}\n\nSOURCES: ${sources.map((label) => `Response ${label}`).join(', ')}\n\nMINORITY REPORT:\n${minorityReport}`;
}
