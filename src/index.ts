/**
 * @module maestro — the TypeScript SDK. Everything the CLI does is available here.
 *
 * @example
 * import { loadPlan, runPlan } from 'maestro';
 * const plan = await loadPlan('examples/demo.yaml');
 * const outcome = await runPlan(plan);
 * console.log(outcome.success, outcome.runPath);
 */
import { LocalExecutor } from './executors/local/local-executor.ts';
import type { Plan } from './plan/types.ts';
import { type RunOutcome, type RunPlanOptions, runPlan as runPlanWithExecutor } from './run/index.ts';

export {
  type CouncilOptions,
  type CouncilSession,
  type CouncilSessionRun,
  type CouncilSessionRunOptions,
  parseMemberSpecs,
  renderSession,
  resolveCouncilConfig,
  runCouncilSession,
} from './council/index.ts';
export {
  type DoctorEngineReport,
  type DoctorOptions,
  type DoctorReport,
  formatDoctorReport,
  runDoctor,
} from './doctor/index.ts';
export type { Engine, EngineCall, EngineIo, EngineOutcome, TokenUsage } from './engines/engine.ts';
export { createEngineRegistry } from './engines/index.ts';
export { priceUsage } from './engines/pricing/index.ts';
export { MaestroError } from './errors/index.ts';
export { LocalExecutor } from './executors/local/local-executor.ts';
export { loadPlan, planJsonSchema } from './plan/index.ts';
export type { Plan, PlanWarning, Task } from './plan/types.ts';
export type {
  Executor,
  RunListener,
  RunOutcome,
  RunPlanOptions,
  TaskRecord,
  TaskStatus,
} from './run/index.ts';
export { verifyRunDirectory } from './store/index.ts';

/** Runs a loaded plan; the local in-process executor is used unless another one is given. */
export function runPlan(plan: Plan, options: Partial<RunPlanOptions> = {}): Promise<RunOutcome> {
  return runPlanWithExecutor(plan, { ...options, executor: options.executor ?? new LocalExecutor() });
}
