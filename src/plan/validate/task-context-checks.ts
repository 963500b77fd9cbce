// context_mode rules that need only the task itself (E001). The workspace check (E021) needs the file
// system and lives in file-checks.ts.
import { type LoadedTask, taskError } from '../load/task-entry.ts';
import { CONTEXT_MODES_NEEDING_SOURCES } from '../plan-vocabulary.ts';

export function checkTaskContext(loaded: LoadedTask, subject: string): void {
  const { task } = loaded;
  const mode = task.context_mode ?? 'raw';
  if (
    (CONTEXT_MODES_NEEDING_SOURCES as readonly string[]).includes(mode) &&
    (task.context_from ?? []).length === 0
  ) {
    throw taskError(loaded, 'E001', `${subject}: context_mode '${mode}' requires non-empty context_from`, [
      'context_mode',
    ]);
  }
  if (mode === 'council' && task.council === undefined) {
    throw taskError(
      loaded,
      'E001',
      `${subject}: context_mode 'council' requires a 'council' block with participants`,
      ['context_mode'],
    );
  }
  if (task.council !== undefined && mode !== 'council') {
    throw taskError(loaded, 'E001', `${subject}: 'council' block requires context_mode: council`, [
      'council',
    ]);
  }
  const council = task.council;
  if (council?.connections) checkCouncilGraph(loaded, subject);
  else if (council?.topology === 'graph') {
    throw taskError(
      loaded,
      'E072',
      `${subject}: council topology 'graph' requires a non-empty 'connections' map`,
      ['council'],
    );
  }
}

// E072: graph connections must name participant roles, and graph participants need roles.
function checkCouncilGraph(loaded: LoadedTask, subject: string): void {
  const council = loaded.task.council;
  if (!council?.connections) return;
  const roles = new Set(council.participants.map((participant) => participant.role ?? ''));
  for (const [role, targets] of Object.entries(council.connections)) {
    if (!roles.has(role)) {
      throw taskError(
        loaded,
        'E072',
        `${subject}: council.connections key '${role}' does not match any participant role`,
        ['council', 'connections', role],
      );
    }
    for (const target of targets) {
      if (!roles.has(target)) {
        throw taskError(
          loaded,
          'E072',
          `${subject}: council.connections['${role}'] references unknown role '${target}'`,
          ['council', 'connections', role],
        );
      }
    }
  }
  if (council.topology === 'graph') {
    if (Object.keys(council.connections).length === 0) {
      throw taskError(
        loaded,
        'E072',
        `${subject}: council topology 'graph' requires a non-empty 'connections' map`,
        ['council', 'connections'],
      );
    }
    council.participants.forEach((participant, index) => {
      if (!participant.role) {
        throw taskError(
          loaded,
          'E072',
          `${subject}: council.participants[${index}] needs a role for topology 'graph'`,
          ['council', 'participants', index],
        );
      }
    });
  }
}
