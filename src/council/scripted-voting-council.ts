// A whole council scripted in one line per member: each member gives a value per round, rankers put the
// answers of the largest group first, and the chair answers with that group's value and reports the
// others as the minority. Enough to drive every stage of the protocol in tests and demos.
import { extractPosition } from './extract-answer.ts';
import {
  formatChairReply,
  formatRankingReply,
  responsesInPrompt,
  ScriptedCouncilPort,
  type ScriptedCouncilPortOptions,
  type ScriptedReply,
} from './scripted-council-port.ts';

export interface VotingScript {
  /** Member id → its final answer per round (the last one repeats); `null` makes that call fail. */
  answers: Record<string, readonly (string | null)[]>;
  /** Replies that take precedence, by call id, `<memberId>:<stage>` or member id. */
  replies?: Record<string, ScriptedReply>;
  latencyMs?: ScriptedCouncilPortOptions['latencyMs'];
  /** Cost and tokens reported with each answer. @default 0.001 USD, 100 tokens */
  usage?: { costUsd: number | null; tokens: number | null };
}

/** `Let me work it out carefully.\nFINAL ANSWER: <value>`: the text of a scripted answer. */
export function scriptedAnswer(value: string): string {
  return `Let me work it out carefully.\nFINAL ANSWER: ${value}`;
}

export function votingCouncilPort(script: VotingScript): ScriptedCouncilPort {
  const usage = script.usage ?? { costUsd: 0.001, tokens: 100 };
  return new ScriptedCouncilPort({
    replies: script.replies,
    latencyMs: script.latencyMs,
    respond: (call) => {
      if (call.stage === 'answer' || call.stage === 'deliberate') {
        const values = script.answers[call.memberId] ?? [];
        const value = values[Math.min(call.round, values.length - 1)];
        if (value === null) return { error: `scripted failure of ${call.callId}` };
        return value === undefined ? undefined : { text: scriptedAnswer(value), ...usage };
      }
      const shown = responsesInPrompt(call.prompt).map((response) => ({
        ...response,
        value: positionValue(response.text),
      }));
      const counts = new Map<string, number>();
      for (const { value } of shown) counts.set(value, (counts.get(value) ?? 0) + 1);
      const byGroupSize = [...shown].sort(
        (left, right) =>
          (counts.get(right.value) ?? 0) - (counts.get(left.value) ?? 0) ||
          (left.label < right.label ? -1 : 1),
      );
      if (call.stage === 'rank') return formatRankingReply(byGroupSize.map((response) => response.label));
      const top = byGroupSize[0]?.value ?? '';
      const sources = shown.filter((response) => response.value === top).map((response) => response.label);
      const minority = shown
        .filter((response) => response.value !== top)
        .map((response) => `Response ${response.label} held ${response.value}.`);
      return formatChairReply(top, sources.sort(), minority.length > 0 ? minority.join('\n') : 'None');
    },
  });
}

function positionValue(text: string): string {
  return extractPosition(text, 'auto')?.value ?? '?';
}
