// Builds what a task sends to its engine: the rendered command or prompt; for an engine prompt, the plan
// goal and the context blocks in front of it and the output_schema note after it; failure feedback on
// retries.
import { renderTemplate } from '../plan/runtime.ts';
import type { Task } from '../plan/types.ts';
import type { TemplateLookup } from './template-scope.ts';

export function renderCommand(
  command: string | string[] | undefined,
  lookup: TemplateLookup,
): string | string[] | undefined {
  if (command === undefined) return undefined;
  if (Array.isArray(command)) return command.map((part) => renderTemplate(part, lookup));
  return renderTemplate(command, lookup);
}

export interface EnginePromptParts {
  goal: string;
  /** Context blocks (upstream outputs, summaries, a synthesis), already formatted. */
  context: readonly string[];
  /** The task's prompt, rendered. */
  prompt: string;
  /** Said after the prompt when the engine cannot be held to the schema itself. */
  outputSchema?: Record<string, unknown>;
}

export function composeEnginePrompt(parts: EnginePromptParts): string {
  const sections: string[] = [];
  if (parts.goal) sections.push(`Goal: ${parts.goal}`);
  sections.push(...parts.context, parts.prompt);
  if (parts.outputSchema) sections.push(outputSchemaNote(parts.outputSchema));
  return sections.join('\n\n');
}

export function outputSchemaNote(schema: Record<string, unknown>): string {
  return `Answer with JSON only, matching this JSON Schema:\n\`\`\`json\n${JSON.stringify(schema, null, 2)}\n\`\`\``;
}

/** The upstream ids whose output a task receives: its `context_from`, or all dependencies for "*". */
export function contextSources(task: Task): string[] {
  if (task.context_from.includes('*')) return task.depends_on;
  return task.context_from;
}

/** Appended to an engine prompt on a retry, so the model sees why the last attempt failed. */
export function retryFeedback(attempt: number, reason: string, detail: string): string {
  const trimmed = detail.length > 4000 ? `...${detail.slice(-4000)}` : detail;
  return `[Previous attempt ${attempt} failed: ${reason}]${trimmed ? `\n${trimmed}` : ''}`;
}
