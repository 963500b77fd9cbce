// Reading what a run left on disk: its directory, events and per-task results.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function runDirectories(runsDir: string): string[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{8}_\d{6}_\d{6}_[0-9a-f]{6}_/.test(entry.name))
    .map((entry) => join(runsDir, entry.name))
    .sort();
}

export function onlyRunDirectory(runsDir: string): string {
  const all = runDirectories(runsDir);
  if (all.length !== 1) throw new Error(`expected one run directory in ${runsDir}, found ${all.length}`);
  return all[0]!;
}

export type EventRecord = Record<string, unknown> & { event: string; seq: number; hash: string };

export function readEvents(runPath: string): EventRecord[] {
  return readFileSync(join(runPath, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EventRecord);
}

export function readResult(runPath: string, taskId: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(runPath, `${taskId}.result.json`), 'utf8')) as Record<string, unknown>;
}

export function readManifest(
  runPath: string,
): Record<string, unknown> & { task_results: Record<string, Record<string, unknown>> } {
  return JSON.parse(readFileSync(join(runPath, 'run_manifest.json'), 'utf8'));
}
