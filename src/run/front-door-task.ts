// Tasks that a front door builds in code rather than loads from YAML (council calls, code turns) need the
// same defaults the plan loader applies; this is the one place that knows them.
import type { MockSpec, Plan, Task } from '../plan/types.ts';

export interface EngineTaskInput {
  id: string;
  engine: string;
  model?: string;
  prompt: string;
  description?: string;
  tags?: string[];
  depends_on?: string[];
  timeout_sec?: number;
  max_retries?: number;
  retry_delay_sec?: number | number[];
  /** A failure is expected and handled by the front door (a council member that errors). */
  allow_failure?: boolean;
  /** `defaults.<engine>`-style settings for this call (base_url, api_key_env, options, pricing, ...). */
  engine_options?: Record<string, unknown>;
  mock?: MockSpec;
}

/** An engine task whose prompt is sent exactly as written (no template rendering, no plan goal). */
export function engineTask(input: EngineTaskInput): Task {
  return {
    id: input.id,
    description: input.description,
    tags: input.tags ?? [],
    depends_on: input.depends_on ?? [],
    engine: input.engine,
    model: input.model,
    prompt: input.prompt,
    literal_prompt: true,
    env: {},
    timeout_sec: input.timeout_sec,
    allow_failure: input.allow_failure ?? false,
    max_retries: input.max_retries ?? 0,
    retry_delay_sec: input.retry_delay_sec,
    requires_approval: false,
    context_from: [],
    stdout_tail_lines: 50,
    cache: true,
    ...(input.engine_options ? { engine_options: input.engine_options } : {}),
    ...(input.mock ? { mock: input.mock } : {}),
  };
}

export interface FrontDoorPlanInput {
  /** Plan name: names the run folder (`<run_id>_<name>`) and every event. */
  name: string;
  /** Runs folder (e.g. `.maestro-runs` in the project). */
  runDir: string;
  /** Folder relative paths are taken from (the project). */
  baseDir: string;
  maxParallel: number;
  goal?: string;
  maxCostUsd?: number;
  /** Per-engine settings (`defaults.<engine>`), as in a plan's `defaults:`. */
  defaults?: Record<string, unknown>;
}

/** An empty plan that a front door fills with tasks batch by batch through a run session. */
export function frontDoorPlan(input: FrontDoorPlanInput) {
  return {
    version: 1 as const,
    name: input.name,
    goal: input.goal ?? '',
    max_parallel: input.maxParallel,
    fail_fast: false,
    run_dir: input.runDir,
    ...(input.maxCostUsd !== undefined ? { max_cost_usd: input.maxCostUsd } : {}),
    defaults: input.defaults ?? {},
    tasks: [] as Task[],
    file: '',
    baseDir: input.baseDir,
    warnings: [],
  } satisfies Plan;
}
