// A task's `population:` block resolved: its candidates (a model name runs on the task's engine; a
// mapping may name another engine and, for the mock engine, its own scripted replies), the strategy
// (default best) and whether candidates run at the same time (default true).
import type { MockSpec } from '../../plan/types.ts';

export type PopulationStrategy = 'best' | 'first_passing' | 'majority';

export interface PopulationCandidate {
  /** 1-based position in the list. */
  index: number;
  engine: string;
  model: string | undefined;
  mock: MockSpec | undefined;
  /** `engine:model`, for logs and events. */
  label: string;
}

export interface ResolvedPopulation {
  candidates: PopulationCandidate[];
  strategy: PopulationStrategy;
  parallel: boolean;
}

export function resolvePopulation(
  block: Record<string, unknown>,
  task: { engine: string; model: string | undefined; mock: MockSpec | undefined },
): ResolvedPopulation {
  const entries = Array.isArray(block.candidates) ? block.candidates : [];
  const candidates = entries.map((entry, position): PopulationCandidate => {
    const spec: Record<string, unknown> =
      typeof entry === 'object' && entry !== null
        ? (entry as Record<string, unknown>)
        : { model: String(entry) };
    const engine = typeof spec.engine === 'string' ? spec.engine : task.engine;
    const model =
      typeof spec.model === 'string' ? spec.model : engine === task.engine ? task.model : undefined;
    return {
      index: position + 1,
      engine,
      model,
      mock: (spec.mock as MockSpec | undefined) ?? task.mock,
      label: `${engine}:${model ?? 'default'}`,
    };
  });
  return {
    candidates,
    strategy: (block.strategy as PopulationStrategy | undefined) ?? 'best',
    parallel: block.parallel !== false,
  };
}
