// requires_approval: a person answers on a terminal, or --auto-approve answers yes. With neither, the
// answer is no, so an unattended run never slips past a gate (maestro-cli failed open here).
import type { Task } from '../plan/types.ts';
import type { RunContext } from './run-context.ts';

export async function askForApproval(context: RunContext, task: Task): Promise<boolean> {
  const message = task.approval_message ?? `Run task '${task.id}'?`;
  context.events.append('approval_required', { task_id: task.id, message });
  const { autoApprove, askApproval } = context.options;
  let approved = false;
  let by = 'none';
  if (autoApprove) {
    approved = true;
    by = 'flag';
  } else if (askApproval && !context.signal.aborted) {
    const answer = context.approvalQueue.then(() => askApproval(task, message));
    context.approvalQueue = answer.catch(() => false);
    approved = await answer.catch(() => false);
    by = 'terminal';
  }
  context.events.append('approval_response', { task_id: task.id, approved, by });
  return approved;
}
