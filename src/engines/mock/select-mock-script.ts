// Decides what the mock engine does for one call, from the plan's MockSpec:
// 1. the `sequence` step for this attempt (1-based, the last step repeats): a string is a reply, an
//    object may carry a reply and/or a failure;
// 2. else the first `replies` entry whose `match` (a JavaScript regular expression, no flags) matches
//    the prompt;
// 3. else `reply`; else no reply (the engine then writes its default one).
// The failure is the step's `fail`, else the top-level `fail`, when its `attempts` include this one.
// A failing call has no text, except for a step that scripts both a reply and a failure.
import type { MockFailure, MockSpec, MockStep } from '../../plan/types.ts';

export interface MockScript {
  /** Reply template (may contain `{{ prompt }}`); undefined means the default reply. */
  reply?: string;
  failure?: MockFailure;
  /** A step with both `reply` and `fail`: the failing call still produced this text (e.g. bad_output). */
  isReplyWithFailure?: boolean;
}

/** A spec the engine cannot follow, e.g. an invalid regular expression. */
export interface MockScriptProblem {
  problem: string;
}

export function selectMockScript(
  spec: MockSpec,
  attempt: number,
  prompt: string,
): MockScript | MockScriptProblem {
  const step = sequenceStep(spec.sequence, attempt);
  const script: MockScript = {};
  const failure = step?.fail ?? spec.fail;
  if (failure && (failure.attempts === undefined || failure.attempts.includes(attempt))) {
    script.failure = failure;
  }
  let reply = step?.reply;
  for (const entry of reply === undefined ? (spec.replies ?? []) : []) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(entry.match);
    } catch (error) {
      return { problem: `Invalid mock \`replies\` pattern ${JSON.stringify(entry.match)}: ${String(error)}` };
    }
    if (pattern.test(prompt)) {
      reply = entry.reply;
      break;
    }
  }
  reply ??= spec.reply;
  if (reply !== undefined) script.reply = reply;
  if (script.failure && step?.fail && step.reply !== undefined) script.isReplyWithFailure = true;
  return script;
}

function sequenceStep(sequence: MockSpec['sequence'], attempt: number): MockStep | undefined {
  if (!sequence || sequence.length === 0) return undefined;
  const index = Math.min(Math.max(attempt, 1), sequence.length) - 1;
  const step = sequence[index]!;
  return typeof step === 'string' ? { reply: step } : step;
}
