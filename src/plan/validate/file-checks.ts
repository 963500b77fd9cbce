// Rules that look at the file system: workspace_root for context modes that read the workspace (E021),
// audit packs (E018) and the watch program file (E042). Paths are relative to the plan file.
import { dirname, resolve } from 'node:path';
import { type LoadedTask, sourceError, taskError } from '../load/task-entry.ts';
import type { PlanFiles } from '../plan-files.ts';
import { CONTEXT_MODES_NEEDING_WORKSPACE } from '../plan-vocabulary.ts';
import type { PlanHeader } from '../schema/plan-schema.ts';
import type { YamlSource } from '../yaml/yaml-source.ts';

export async function checkFiles(
  header: PlanHeader,
  tasks: readonly LoadedTask[],
  source: YamlSource,
  files: PlanFiles,
): Promise<void> {
  const baseDir = dirname(source.file);
  const needsWorkspace = tasks.find(({ task }) =>
    (CONTEXT_MODES_NEEDING_WORKSPACE as readonly string[]).includes(task.context_mode ?? 'raw'),
  );
  if (needsWorkspace) {
    const root = header.workspace_root;
    if (root === undefined || !(await files.isDirectory(resolve(baseDir, root)))) {
      const mode = needsWorkspace.task.context_mode;
      throw taskError(
        needsWorkspace,
        'E021',
        `Task '${needsWorkspace.task.id}': context_mode '${mode}' requires plan.workspace_root to resolve to an existing directory`,
        ['context_mode'],
      );
    }
  }
  for (const [index, pack] of (header.audit_packs ?? []).entries()) {
    if (!(await files.isFile(resolve(baseDir, pack)))) {
      throw sourceError(source, 'E018', `audit_packs entry does not resolve to an existing file: ${pack}`, [
        'audit_packs',
        index,
      ]);
    }
  }
  const watch = header.watch;
  if (watch?.program_md !== undefined && !(await files.isFile(resolve(baseDir, watch.program_md)))) {
    throw sourceError(
      source,
      'E042',
      `watch.program_md file not found: ${resolve(baseDir, watch.program_md)}`,
      ['watch', 'program_md'],
    );
  }
  if (watch?.mode === 'improve' && !header.workspace_root) {
    throw sourceError(source, 'E047', "watch.mode 'improve' requires a resolvable workspace_root", [
      'watch',
      'mode',
    ]);
  }
  if (watch?.metric_task !== undefined && !tasks.some(({ task }) => task.id === watch.metric_task)) {
    throw sourceError(
      source,
      'E040',
      `watch.metric_task '${watch.metric_task}' does not reference a valid task ID`,
      ['watch', 'metric_task'],
    );
  }
}
