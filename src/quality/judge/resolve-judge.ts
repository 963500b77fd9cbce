// Resolves a task's `judge:` block once: preset criteria and settings, defaults, which engine and model
// judge (the block's `engine`/`model`, else the task's own engine and model — so a judge works on every
// engine; a shell task's judge defaults to claude/haiku as in maestro-cli), and the time each judge call
// may take. Code past this point sees only ResolvedJudge.
import type { MockSpec } from '../../plan/types.ts';
import { isModelCriterion, type JudgeCriterion, normalizeCriteria } from './judge-criteria.ts';
import { JUDGE_PRESETS } from './judge-presets.ts';

export type JudgeMethod = 'direct' | 'g_eval' | 'debate' | 'reflection';
export type JudgeAggregation = 'mean' | 'min' | 'weighted_mean';
export type JudgeOnFail = 'fail' | 'warn' | 'retry';
export type QuorumStrategy = 'majority' | 'unanimous' | 'any';

export interface ResolvedJudge {
  criteria: JudgeCriterion[];
  /** @default 0.7 (or the preset's) */
  passThreshold: number;
  /** @default 'direct' */
  method: JudgeMethod;
  /** @default 'mean' (or the preset's) */
  aggregation: JudgeAggregation;
  /** @default 'fail' */
  onFail: JudgeOnFail;
  engine: string;
  model: string | undefined;
  /** Scripted replies when the judge engine is `mock`: `judge.mock`, else the task's `mock`. */
  mock: MockSpec | undefined;
  /** Time for one judge model call. */
  callTimeoutMs: number;
  /** Number of independent judges; 1 without `quorum`. */
  quorum: number;
  /** @default 'majority' */
  quorumStrategy: QuorumStrategy;
  /** Each judge of a quorum looks from its own angle. */
  quorumDiversity: boolean;
  /** @default 2 */
  debateRounds: number;
  preset: string | undefined;
}

export interface JudgeDefaults {
  /** The task's engine (undefined for a shell task). */
  taskEngine: string | undefined;
  taskModel: string | undefined;
  taskMock: MockSpec | undefined;
}

export function resolveJudge(block: Record<string, unknown>, defaults: JudgeDefaults): ResolvedJudge {
  const preset = typeof block.preset === 'string' ? JUDGE_PRESETS[block.preset] : undefined;
  const entries = [...(preset?.criteria ?? []), ...(Array.isArray(block.criteria) ? block.criteria : [])];
  const criteria = normalizeCriteria(entries);
  const method = (block.method as JudgeMethod | undefined) ?? 'direct';
  const debateRounds = typeof block.debate_rounds === 'number' ? block.debate_rounds : 2;
  const quorum = typeof block.quorum === 'number' && block.quorum > 1 ? block.quorum : 1;
  const ownEngine = typeof block.engine === 'string' ? block.engine : undefined;
  const engine = ownEngine ?? defaults.taskEngine ?? 'claude';
  const model =
    typeof block.model === 'string'
      ? block.model
      : ownEngine !== undefined
        ? undefined
        : defaults.taskEngine !== undefined
          ? defaults.taskModel
          : 'haiku';
  const modelCriteria = criteria.filter(isModelCriterion).length;
  return {
    criteria,
    passThreshold:
      typeof block.pass_threshold === 'number' ? block.pass_threshold : (preset?.passThreshold ?? 0.7),
    method,
    aggregation: (block.aggregation as JudgeAggregation | undefined) ?? preset?.aggregation ?? 'mean',
    onFail: (block.on_fail as JudgeOnFail | undefined) ?? 'fail',
    engine,
    model,
    mock: (block.mock as MockSpec | undefined) ?? defaults.taskMock,
    callTimeoutMs: callTimeoutSec(block.timeout_sec, method, modelCriteria) * 1000,
    quorum,
    quorumStrategy: (block.quorum_strategy as QuorumStrategy | undefined) ?? 'majority',
    quorumDiversity: block.quorum_diversity === true,
    debateRounds,
    preset: typeof block.preset === 'string' ? block.preset : undefined,
  };
}

// maestro-cli: direct 60 s, g_eval and reflection 120 s, plus 15 s per criterion beyond 4. Here the time
// is per model call (a debate makes 2·rounds+1 calls of 60 s each), and `timeout_sec` sets it directly.
function callTimeoutSec(timeoutSec: unknown, method: JudgeMethod, modelCriteria: number): number {
  if (typeof timeoutSec === 'number' && timeoutSec > 0) return timeoutSec;
  const base = method === 'g_eval' || method === 'reflection' ? 120 : 60;
  return base + 15 * Math.max(0, modelCriteria - 4);
}
