// The council's calls made through the kernel: each member call of a stage becomes an engine task of one
// run session, so council calls get the run directory, event chain, retries, budget, secret masking and
// the executor (another process) exactly as plan tasks do. One batch per stage keeps members parallel.
import type { MockSpec } from '../plan/types.ts';
import { engineTask, type RunSession, type TaskRecord } from '../run/index.ts';
import type { CouncilPort, MemberCall, MemberReply } from './council-port.ts';

export interface KernelPortOptions {
  /** Per-call timeout. @default 300 */
  timeoutSec?: number;
  /** Retries of a failed call (rate limits, 5xx) before the member counts as failed. @default 0 */
  maxRetries?: number;
}

export function createKernelCouncilPort(session: RunSession, options: KernelPortOptions = {}): CouncilPort {
  return {
    async runCalls(calls) {
      const tasks = calls.map((call) => {
        const { mock, ...engineOptions } = call.member.options ?? {};
        return engineTask({
          id: call.callId,
          engine: call.member.engine,
          model: call.member.model,
          prompt: call.prompt,
          description: `council ${call.stage} (round ${call.round}) by ${call.memberId}${call.role ? ` as ${call.role}` : ''}`,
          tags: ['council', call.stage],
          timeout_sec: options.timeoutSec ?? 300,
          max_retries: options.maxRetries ?? 0,
          // A member that fails is recorded and excluded by the protocol; it is not a failed run.
          allow_failure: true,
          engine_options: Object.keys(engineOptions).length > 0 ? engineOptions : undefined,
          mock: mock as MockSpec | undefined,
        });
      });
      const records = await session.runTasks(tasks);
      return records.map((record, index) => toReply(calls[index]!, record));
    },
    // Protocol events join the run's hash chain under a `council_` prefix, beside the task events. A
    // reply's text is already in its task's log and result.json; the event keeps its sha256.
    event(name, data) {
      session.event(`council_${name}`, name === 'member_reply' ? withoutReplyText(data) : data);
    },
  };
}

function toReply(call: MemberCall, record: TaskRecord): MemberReply {
  const ok = record.status === 'success';
  return {
    callId: call.callId,
    memberId: call.memberId,
    ok,
    text: ok ? record.output : '',
    ...(ok ? {} : { error: `${record.status}: ${record.message}` }),
    costUsd: record.costUsd,
    tokens: record.tokenUsage?.total_tokens ?? null,
    durationSec: record.durationSec,
  };
}

function withoutReplyText(data: Record<string, unknown>): Record<string, unknown> {
  const call = data.call;
  if (typeof call !== 'object' || call === null) return data;
  const { text: _text, ...rest } = call as Record<string, unknown>;
  return { ...data, call: rest };
}
