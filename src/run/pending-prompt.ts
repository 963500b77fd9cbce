// A prompt file that did not exist when the plan loaded (W104) is read when its task starts, as
// maestro-cli reads every prompt file: an earlier task may have written it. The task then runs as a copy
// holding the prompt (its definition hash stays the loaded task's).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { markdownSection } from '../plan/runtime.ts';
import type { Task } from '../plan/types.ts';

export type PendingPrompt = { task: Task } | { failure: string };

/** Whether the task's prompt is a file left for the task to read when it starts. */
export function hasPendingPrompt(task: Task): boolean {
  return (
    task.engine !== undefined && task.prompt === undefined && Boolean(task.prompt_file || task.prompt_md_file)
  );
}

/** The task with its prompt read, itself when it has nothing to read, or why the prompt cannot be read. */
export function readPendingPrompt(task: Task): PendingPrompt {
  if (!hasPendingPrompt(task)) return { task };
  const baseDir = task.source ? dirname(task.source.file) : process.cwd();
  const key = task.prompt_file ? 'prompt_file' : 'prompt_md_file';
  const file = resolve(baseDir, String(task[key]));
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      failure: `[E100] ${key} ${code === 'ENOENT' ? 'not found' : `cannot be read (${code})`}: ${file}`,
    };
  }
  if (key === 'prompt_file') return { task: { ...task, prompt: text } };
  const heading = String(task.prompt_md_heading ?? '');
  const section = markdownSection(text, heading);
  if (section === undefined) return { failure: `[E101] heading '## ${heading}' not found in ${file}` };
  return { task: { ...task, prompt: section } };
}
