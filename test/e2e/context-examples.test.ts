// examples/context/*.yaml run as written with the mock engine and succeed; each one fails when the
// feature it shows is switched off, so the feature is what changes the outcome.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { makeTempDir, projectRoot, runMaestro } from '../support/cli.ts';
import { onlyRunDirectory, readEvents, readResult } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

type Edit = (task: {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): boolean;
}) => void;

/** Runs the example, optionally with `edit` applied to the task `taskId` (or to the plan when null). */
async function runExample(file: string, change?: { taskId: string | null; edit: Edit }) {
  const dir = makeTempDir('maestro-context-example-');
  cleanups.push(dir.remove);
  const document = parseDocument(readFileSync(join(projectRoot, 'examples', 'context', file), 'utf8'));
  if (change) {
    const tasks = document.get('tasks') as { items: Parameters<Edit>[0][] };
    const target =
      change.taskId === null
        ? (document as unknown as Parameters<Edit>[0])
        : tasks.items.find((task) => task.get('id') === change.taskId);
    if (!target) throw new Error(`no task ${change.taskId} in ${file}`);
    change.edit(target);
  }
  const plan = join(dir.path, file);
  writeFileSync(plan, document.toString());
  const result = await runMaestro(['run', plan, '-q', '--run-dir', join(dir.path, 'runs')], {
    cwd: dir.path,
  });
  const runPath = onlyRunDirectory(join(dir.path, 'runs'));
  return { result, runPath, events: readEvents(runPath) };
}

const cases: { file: string; event: string; off: { taskId: string | null; edit: Edit }; failing: string }[] =
  [
    {
      file: 'selective.yaml',
      event: 'context_budget_trim',
      off: { taskId: 'diagnose', edit: (task) => task.set('context_mode', 'raw') },
      failing: 'check',
    },
    {
      file: 'summarized.yaml',
      event: 'context_summarize',
      off: { taskId: 'triage', edit: (task) => task.set('context_mode', 'raw') },
      failing: 'check',
    },
    {
      file: 'map-reduce.yaml',
      event: 'context_summarize',
      off: { taskId: 'brief', edit: (task) => task.set('context_mode', 'raw') },
      failing: 'check',
    },
    {
      file: 'layered.yaml',
      event: 'context_budget_trim',
      off: { taskId: 'fix', edit: (task) => task.set('context_mode', 'raw') },
      failing: 'check',
    },
    {
      file: 'compaction.yaml',
      event: 'context_compaction',
      off: { taskId: 'announce', edit: (task) => task.set('context_compaction', 'none') },
      failing: 'check',
    },
    {
      file: 'structured-output.yaml',
      event: 'output_schema_check',
      off: { taskId: 'release', edit: (task) => task.delete('output_schema') },
      failing: 'publish',
    },
    {
      file: 'untrusted-context.yaml',
      event: 'task_complete',
      off: { taskId: null, edit: (plan) => plan.set('control_flow_integrity', false) },
      failing: 'check',
    },
  ];

describe('examples/context', () => {
  for (const example of cases) {
    it(`${example.file} succeeds as written and fails without its feature`, async () => {
      const asWritten = await runExample(example.file);
      expect(asWritten.result.code, asWritten.result.stderr).toBe(0);
      expect(asWritten.events.some((event) => event.event === example.event)).toBe(true);
      const without = await runExample(example.file, example.off);
      expect(without.result.code).toBe(1);
      expect(readResult(without.runPath, example.failing).status).toBe('failed');
    });
  }
});
