// Which engine and model the next attempt of a task uses. `escalation` moves a retry to the next model of
// its list; `fallback_engine`/`fallback_model` replace the engine once when a failure is the provider's
// (rate limit, quota, credentials, missing CLI, unknown model) rather than the task's, and that switch
// always gets its own attempt. Both read the task first, then `defaults.<engine>`.
import type { Plan, Task } from '../plan/types.ts';

export interface AttemptRoute {
  engine: string;
  model: string | undefined;
}

export interface FailureFacts {
  category: string;
  message: string;
  detail: string;
  exitCode: number | null;
}

export type RouteChange =
  | { kind: 'fallback'; from: AttemptRoute; to: AttemptRoute; reason: string }
  | { kind: 'escalation'; from: AttemptRoute; to: AttemptRoute };

const infrastructureText =
  /rate.?limit|quota exceeded|\b(401|403|429)\b|api key|hit your limit|unsupported model|model not found|insufficient.?credit|overloaded/i;
const infrastructureCategories = new Set(['rate_limited', 'permission_error', 'dependency_missing']);

/** A failure that another provider could avoid: the engine's fault, not the task's. */
export function isInfrastructureFailure(failure: FailureFacts): boolean {
  if (infrastructureCategories.has(failure.category)) return true;
  if (failure.exitCode === 127) return true;
  if (failure.category === 'verification_gap' || failure.category === 'quality_gate') return false;
  return infrastructureText.test(failure.message) || infrastructureText.test(failure.detail.slice(-2000));
}

export class AttemptRouter {
  #route: AttemptRoute;
  #fellBack = false;
  readonly #escalation: string[];
  readonly #fallback: AttemptRoute | undefined;

  constructor(plan: Plan, task: Task, engine: string) {
    this.#route = { engine, model: task.model };
    const engineDefaults = (plan.defaults[engine] as Record<string, unknown> | undefined) ?? {};
    const escalation = task.escalation ?? engineDefaults.escalation;
    this.#escalation = Array.isArray(escalation) ? escalation.map(String) : [];
    const fallbackEngine = (task.fallback_engine ?? engineDefaults.fallback_engine) as string | undefined;
    const fallbackModel = (task.fallback_model ?? engineDefaults.fallback_model) as string | undefined;
    this.#fallback =
      fallbackEngine || fallbackModel
        ? {
            engine: fallbackEngine ?? engine,
            model: fallbackModel ?? (fallbackEngine ? undefined : task.model),
          }
        : undefined;
  }

  get route(): AttemptRoute {
    return this.#route;
  }

  /** Whether a fallback is still available for this failure (it then earns one more attempt). */
  wouldFallBack(failure: FailureFacts): boolean {
    return this.#fallback !== undefined && !this.#fellBack && isInfrastructureFailure(failure);
  }

  /** Decides the route of the attempt after a failed one; undefined when it stays the same. */
  afterFailure(failure: FailureFacts): RouteChange | undefined {
    const from = this.#route;
    if (this.wouldFallBack(failure) && this.#fallback) {
      this.#fellBack = true;
      this.#route = this.#fallback;
      return { kind: 'fallback', from, to: this.#route, reason: failure.message };
    }
    if (this.#escalation.length === 0 || this.#fellBack) return undefined;
    const index = from.model === undefined ? -1 : this.#escalation.indexOf(from.model);
    const next = this.#escalation[index + 1];
    if (next === undefined || next === from.model) return undefined;
    this.#route = { engine: from.engine, model: next };
    return { kind: 'escalation', from, to: this.#route };
  }
}
