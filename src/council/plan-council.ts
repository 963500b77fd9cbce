// maestro-cli's `council:` task block on our protocol. `participants` become members (their `role` the
// fixed role of that seat), `consensus_threshold` the threshold, and `topology` says whose answers a
// member sees when deliberating: `star` everyone (the default), `chain` the previous participant (the
// first sees the last, so the chain closes), `graph` the roles named in `connections[its role]`.
// The runner given to runPlan turns each council into a session in a run nested in the task's run.
import type { CouncilContext, CouncilRequest, Executor, PriceInput } from '../run/index.ts';
import { resolveCouncilConfig } from './council-config.ts';
import type { CouncilMember } from './council-port.ts';
import { runCouncilSession } from './council-session-run.ts';
import { memberId } from './member-spec.ts';
import { DEFAULT_ROLES } from './roles.ts';
import type { CouncilOptions, CouncilSession } from './types.ts';

export interface CouncilBlock {
  participants: { engine: string; model?: string; role?: string; mock?: Record<string, unknown> }[];
  rounds?: number;
  topology?: 'star' | 'chain' | 'graph';
  consensus_threshold?: number;
  connections?: Record<string, string[]>;
}

export function councilOptionsFromBlock(block: CouncilBlock, question: string): CouncilOptions {
  const members: CouncilMember[] = block.participants.map((participant, index) => ({
    id: memberId(index),
    engine: participant.engine,
    ...(participant.model ? { model: participant.model } : {}),
    ...(participant.mock ? { options: { mock: participant.mock } } : {}),
  }));
  const roles = block.participants.map(
    (participant, index) => participant.role ?? (DEFAULT_ROLES[index % DEFAULT_ROLES.length] as string),
  );
  return {
    question,
    members,
    rounds: block.rounds,
    rolesMode: 'fixed',
    roles,
    threshold: block.consensus_threshold,
    visibility: visibilityOf(block, members, roles),
  };
}

function visibilityOf(
  block: CouncilBlock,
  members: readonly CouncilMember[],
  roles: readonly string[],
): Record<string, string[]> | undefined {
  const ids = members.map((member) => member.id);
  if (block.topology === 'chain') {
    return Object.fromEntries(ids.map((id, index) => [id, [ids[(index + ids.length - 1) % ids.length]!]]));
  }
  if (block.topology !== 'graph') return undefined;
  // The plan loader has checked that every role named in `connections` belongs to a participant (E072).
  const connections = block.connections ?? {};
  return Object.fromEntries(
    ids.map((id, index) => {
      const sees = connections[roles[index]!] ?? [];
      return [id, ids.filter((_, peer) => peer !== index && sees.includes(roles[peer]!))];
    }),
  );
}

export interface PlanCouncilRunnerOptions {
  executor: Executor;
  projectDir: string;
  priceUsage?: (input: PriceInput) => number | undefined;
  maskSecrets?: boolean;
  parentEnv?: NodeJS.ProcessEnv;
}

/** The `runCouncil` option of runPlan: each council task runs as a council session. */
export function createPlanCouncilRunner(options: PlanCouncilRunnerOptions) {
  return async (request: CouncilRequest): Promise<CouncilContext> => {
    const block = request.task.council as CouncilBlock;
    const council = resolveCouncilConfig(councilOptionsFromBlock(block, request.question));
    const { session } = await runCouncilSession(council, {
      executor: options.executor,
      projectDir: options.projectDir,
      runPath: request.runPath,
      signal: request.signal,
      engineDefaults: request.defaults,
      timeoutSec: request.task.timeout_sec,
      priceUsage: options.priceUsage,
      maskSecrets: options.maskSecrets,
      parentEnv: options.parentEnv,
      outerMask: request.mask,
    });
    return toTaskContext(session);
  };
}

function toTaskContext(session: CouncilSession): CouncilContext {
  const consensus = session.consensus;
  const ok = session.final.text !== null && session.status !== 'interrupted';
  const standing = consensus ? `${session.status}: ${consensus.reason}` : session.status;
  const lines = [`[Council deliberation ${session.id} — ${standing}]`];
  if (session.final.text) lines.push(session.final.text.trim());
  if (session.minorityReport.source !== 'none')
    lines.push(`[Minority report]\n${session.minorityReport.text.trim()}`);
  return {
    sessionId: session.id,
    status: session.status,
    ok,
    context: lines.join('\n'),
    message: ok ? `council ${standing}` : `council ended without an answer (${standing})`,
    costUsd: session.totals.costUsd,
    tokens: session.totals.tokens,
  };
}
