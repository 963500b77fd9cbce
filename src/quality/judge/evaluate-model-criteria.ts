// Has a model judge the criteria that need one, by the judge's `method`:
// - direct: one call, a 0-1 score per criterion (rubric criteria by level);
// - g_eval: G-Eval — one call that writes evaluation steps first, then a 1-5 score per criterion,
//   normalised to 0-1 ((s-1)/4). Without token probabilities (not every engine gives them) the stated
//   score is used as it is, not probability-weighted;
// - reflection: a direct evaluation, then a second call that re-examines it and gives the final one;
// - debate: `debate_rounds` rounds of an advocate and a critic (each sees the turns so far), then a
//   verdict call that weighs them (2·rounds + 1 calls).
// An unreadable verdict reply is asked for once more before the evaluation counts as an error.
import type { ModelCriterion } from './judge-criteria.ts';
import {
  type DebateTurn,
  debateTurnPrompt,
  debateVerdictPrompt,
  directPrompt,
  gEvalPrompt,
  type JudgeSeat,
  type JudgeSubject,
  reflectionPrompt,
  repairPrompt,
} from './judge-prompts.ts';
import { type ParsedCriterionScore, parseJudgeReply, type ScoreScale } from './parse-judge-reply.ts';
import type { ResolvedJudge } from './resolve-judge.ts';

export interface JudgeCall {
  /** `judge`, `judge-reflection`, `judge-debate`: the purpose of the model call in logs and events. */
  purpose: string;
  prompt: string;
  /** 1-based seat of the judge in a quorum. */
  seat: number;
}

export interface JudgeReply {
  ok: boolean;
  text: string;
  error?: string;
}

/** Makes one judge model call (the kernel charges and records it). */
export type AskJudge = (call: JudgeCall) => Promise<JudgeReply>;

export type ModelEvaluation =
  | { ok: true; scores: Map<string, ParsedCriterionScore>; reasoning: string; evalSteps: string[] }
  | { ok: false; error: string };

export async function evaluateModelCriteria(
  judge: ResolvedJudge,
  subject: JudgeSubject,
  criteria: readonly ModelCriterion[],
  seat: JudgeSeat,
  ask: AskJudge,
): Promise<ModelEvaluation> {
  const verdict = (purpose: string, prompt: string, scale: ScoreScale) =>
    askForVerdict({
      ask,
      purpose,
      prompt,
      scale,
      criteria,
      seat: seat.index,
      threshold: judge.passThreshold,
    });
  switch (judge.method) {
    case 'g_eval':
      return verdict('judge', gEvalPrompt(subject, criteria, seat), 'likert');
    case 'reflection': {
      const first = await askForVerdict({
        ask,
        purpose: 'judge',
        prompt: directPrompt(subject, criteria, seat),
        scale: 'unit',
        criteria,
        seat: seat.index,
        threshold: judge.passThreshold,
      });
      if (!first.ok) return first;
      const second = await verdict(
        'judge-reflection',
        reflectionPrompt(subject, criteria, seat, first.replyText),
        'unit',
      );
      if (!second.ok) {
        return {
          ...first,
          evalSteps: [
            `initial evaluation: ${first.reasoning}`,
            `reflection failed (${second.error}); the initial evaluation stands`,
          ],
        };
      }
      return {
        ...second,
        evalSteps: [`initial evaluation: ${first.reasoning}`, `after reflection: ${second.reasoning}`],
      };
    }
    case 'debate':
      return debate(judge, subject, criteria, seat, ask);
    default:
      return verdict('judge', directPrompt(subject, criteria, seat), 'unit');
  }
}

async function debate(
  judge: ResolvedJudge,
  subject: JudgeSubject,
  criteria: readonly ModelCriterion[],
  seat: JudgeSeat,
  ask: AskJudge,
): Promise<ModelEvaluation> {
  const transcript: DebateTurn[] = [];
  for (let round = 1; round <= judge.debateRounds; round += 1) {
    for (const role of ['advocate', 'critic'] as const) {
      const prompt = debateTurnPrompt(subject, criteria, role, round, judge.debateRounds, transcript);
      const reply = await ask({ purpose: 'judge-debate', prompt, seat: seat.index });
      if (!reply.ok)
        return { ok: false, error: `the ${role} of round ${round} failed: ${reply.error ?? 'no reply'}` };
      transcript.push({ role, round, text: reply.text.trim() });
    }
  }
  const result = await askForVerdict({
    ask,
    purpose: 'judge',
    prompt: debateVerdictPrompt(subject, criteria, seat, transcript),
    scale: 'unit',
    criteria,
    seat: seat.index,
    threshold: judge.passThreshold,
  });
  if (!result.ok) return result;
  return {
    ...result,
    evalSteps: transcript.map((turn) => `[${turn.role} ${turn.round}] ${oneLine(turn.text, 300)}`),
  };
}

interface VerdictRequest {
  ask: AskJudge;
  purpose: string;
  prompt: string;
  scale: ScoreScale;
  criteria: readonly ModelCriterion[];
  seat: number;
  threshold: number;
}

async function askForVerdict(
  request: VerdictRequest,
): Promise<(Extract<ModelEvaluation, { ok: true }> & { replyText: string }) | { ok: false; error: string }> {
  let prompt = request.prompt;
  let lastError = '';
  for (let tries = 0; tries < 2; tries += 1) {
    const reply = await request.ask({ purpose: request.purpose, prompt, seat: request.seat });
    if (!reply.ok) return { ok: false, error: `the judge call failed: ${reply.error ?? 'no reply'}` };
    const parsed = parseJudgeReply(reply.text, request.criteria, {
      scale: request.scale,
      passThreshold: request.threshold,
    });
    if (parsed.ok) {
      return {
        ok: true,
        scores: parsed.scores,
        reasoning: parsed.reasoning,
        evalSteps: parsed.evalSteps,
        replyText: reply.text,
      };
    }
    lastError = parsed.error;
    prompt = repairPrompt(request.prompt);
  }
  return { ok: false, error: `unparsable judge reply: ${lastError}` };
}

function oneLine(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit)}…` : flat;
}
