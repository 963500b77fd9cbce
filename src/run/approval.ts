// Gates a person answers: `requires_approval` before a task, and a circuit breaker with `action: pause`
// before dispatch goes on. A person answers on a terminal, or --auto-approve answers yes. With neither,
// the answer is no, so an unattended run never slips past a gate (maestro-cli failed open here).
import type { Task } from '../plan/types.ts';
import type { RunContext } from './run-context.ts';

interface GateAnswer {
  approved: boolean;
  /** `flag` (--auto-approve), `terminal` (a person), `none` (nobody could answer: no). */
  by: 'flag' | 'terminal' | 'none';
}

export async function askForApproval(context: RunContext, task: Task): Promise<boolean> {
  const message = task.approval_message ?? `Run task '${task.id}'?`;
  context.events.append('approval_required', { task_id: task.id, message });
  const answer = await answerGate(context, task, message);
  context.events.append('approval_response', { task_id: task.id, ...answer });
  return answer.approved;
}

/**
 * Asks whether the run may go on past a run-level gate (`circuit_breaker` with `action: pause`).
 * Answers at once (a boolean) when no person is asked: yes with --auto-approve, no without a terminal.
 */
export function askToContinue(
  context: RunContext,
  gate: { name: string; message: string },
): boolean | Promise<boolean> {
  context.events.append('approval_required', { task_id: null, gate: gate.name, message: gate.message });
  const respond = (answer: GateAnswer) => {
    context.events.append('approval_response', { task_id: null, gate: gate.name, ...answer });
    return answer.approved;
  };
  // The terminal prompt names what it asks about by id; a run-level gate has no task, so it lends its name.
  const subject = { id: gate.name } as Task;
  const answer = answerGate(context, subject, gate.message);
  return answer instanceof Promise ? answer.then(respond) : respond(answer);
}

function answerGate(context: RunContext, subject: Task, message: string): GateAnswer | Promise<GateAnswer> {
  const { autoApprove, askApproval } = context.options;
  if (autoApprove) return { approved: true, by: 'flag' };
  if (!askApproval || context.signal.aborted) return { approved: false, by: 'none' };
  // One question at a time: tasks (and the breaker) waiting for an answer queue up. The question is
  // shown on the terminal, so it is masked like everything else the run shows.
  const answer = context.approvalQueue.then(() => askApproval(subject, context.mask(message)));
  context.approvalQueue = answer.catch(() => false);
  return answer.then(
    (approved): GateAnswer => ({ approved, by: 'terminal' }),
    (): GateAnswer => ({ approved: false, by: 'terminal' }),
  );
}
