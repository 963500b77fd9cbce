// Reads prompt_file / prompt_md_file into the prompt text. Priority as in maestro-cli: an inline prompt
// wins over prompt_file, which wins over prompt_md_file. Each file is read once per plan. A file that does
// not exist yet is left for the task to read when it starts (maestro-cli reads prompt files at run time,
// so a plan may have an earlier task write one): the loader warns (W104) instead of failing.
import { resolve } from 'node:path';
import { type LoadedTask, taskError } from '../load/task-entry.ts';
import { type PlanFiles, readFailureReason } from '../plan-files.ts';
import { markdownSection } from './markdown-section.ts';

/** A prompt file that does not exist when the plan loads: the task reads it when it starts. */
export const PROMPT_FILE_PENDING = Symbol('prompt file pending');

export class PromptReader {
  readonly #files: PlanFiles;
  readonly #cache = new Map<string, Promise<string | undefined>>();

  constructor(files: PlanFiles) {
    this.#files = files;
  }

  /** Whether the prompt comes from a file (else `inlinePrompt` gives it without waiting). */
  needsFile({ task }: LoadedTask): boolean {
    return (
      !task.prompt && (Boolean(task.prompt_file) || Boolean(task.prompt_md_file && task.prompt_md_heading))
    );
  }

  /** The prompt of a task that needs no file. */
  inlinePrompt({ task }: LoadedTask): string | undefined {
    return task.prompt ? task.prompt : undefined;
  }

  /**
   * The task's prompt text (undefined for tasks without one, PROMPT_FILE_PENDING for a file that does
   * not exist yet); E100 unreadable file, E101 missing heading.
   */
  async prompt(
    loaded: LoadedTask,
    baseDir: string,
  ): Promise<string | undefined | typeof PROMPT_FILE_PENDING> {
    const { task } = loaded;
    if (task.prompt) return task.prompt;
    if (task.prompt_file) {
      const file = resolve(baseDir, task.prompt_file);
      const text = await this.#read(loaded, 'prompt_file', file);
      return text ?? PROMPT_FILE_PENDING;
    }
    if (task.prompt_md_file && task.prompt_md_heading) {
      const file = resolve(baseDir, task.prompt_md_file);
      const text = await this.#read(loaded, 'prompt_md_file', file);
      if (text === undefined) return PROMPT_FILE_PENDING;
      const section = markdownSection(text, task.prompt_md_heading);
      if (section === undefined) {
        throw taskError(
          loaded,
          'E101',
          `Task '${task.id}': heading '## ${task.prompt_md_heading}' not found in ${file}`,
          ['prompt_md_heading'],
        );
      }
      return section;
    }
    return undefined;
  }

  async #read(
    loaded: LoadedTask,
    key: 'prompt_file' | 'prompt_md_file',
    file: string,
  ): Promise<string | undefined> {
    let pending = this.#cache.get(file);
    if (!pending) {
      pending = this.#files.readText(file);
      this.#cache.set(file, pending);
    }
    try {
      return await pending;
    } catch (error) {
      // Worded per task: several tasks may share the file.
      throw taskError(
        loaded,
        'E100',
        `Task '${loaded.task.id}': ${key} cannot be read: ${file} (${readFailureReason(error)})`,
        [key],
      );
    }
  }
}
