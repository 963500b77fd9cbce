// `context_mode: council`: before a task's engine runs, its council deliberates on the task's prompt in a
// run nested at `<run>/<task_id>/`, and the outcome (answer, standing, minority report) becomes the
// context of the engine call, as in maestro-cli. `council_start` and `council_complete` go to this run's
// events; every member call is a task of the nested run.
import { join } from 'node:path';
import type { Task } from '../plan/types.ts';
import type { RunContext } from './run-context.ts';
import type { CouncilContext } from './run-options.ts';
import type { TaskLog } from './task-log.ts';

export async function deliberateBeforeTask(
  context: RunContext,
  task: Task,
  question: string,
  log: TaskLog,
): Promise<CouncilContext> {
  const runCouncil = context.options.runCouncil;
  if (!runCouncil) throw new Error(`task '${task.id}' has a council block but no council runner was given`);
  const block = task.council as { participants?: unknown[]; rounds?: number; topology?: string };
  context.events.append('council_start', {
    task_id: task.id,
    participants: block.participants?.length ?? 0,
    rounds: block.rounds ?? null,
    topology: block.topology ?? 'star',
  });
  let council: CouncilContext;
  try {
    council = await runCouncil({
      task,
      question,
      runPath: join(context.runPath, task.id),
      signal: context.signal,
      defaults: context.plan.defaults,
      mask: context.mask,
    });
  } catch (error) {
    // A council that cannot start or finish (an empty question, an unwritable history) fails its task
    // with the reason, and the run goes on.
    const reason = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown }).code;
    council = {
      sessionId: '',
      status: 'failed',
      ok: false,
      context: '',
      message: `council could not run: ${typeof code === 'string' && !reason.startsWith(`[${code}]`) ? `[${code}] ` : ''}${reason}`,
      costUsd: null,
      tokens: null,
    };
  }
  context.events.append('council_complete', {
    task_id: task.id,
    session_id: council.sessionId,
    status: council.status,
    cost_usd: council.costUsd,
    tokens: council.tokens,
  });
  log.write(`[council ${council.sessionId || '-'}: ${council.message}]\n${council.context}\n\n`);
  return council;
}
