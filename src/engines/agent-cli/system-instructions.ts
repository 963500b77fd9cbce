// The instructions a task adds to an agent's system prompt: the call's system prompt, the plan's
// `append_system_prompt` and the text of its `edit_policy`. CLIs with a flag for this get it there;
// the others get it in front of the prompt, marked as instructions (as maestro-cli did).
import type { EngineCall } from '../engine.ts';

export const EDIT_POLICY_TEXT: Readonly<Record<string, string>> = {
  efficient:
    'Edit policy (efficient): make the smallest change that does the job; edit files in place instead of rewriting them and leave unrelated code alone.',
  strict:
    'Edit policy (strict): change existing files only with small, targeted in-place edits; do not create new files or rewrite whole files.',
};

export function systemInstructions(call: EngineCall): string | undefined {
  const parts = [
    call.systemPrompt,
    call.appendSystemPrompt,
    call.editPolicy ? EDIT_POLICY_TEXT[call.editPolicy] : undefined,
  ]
    .map((part) => part?.trim())
    .filter((part): part is string => part !== undefined && part.length > 0);
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

/** The prompt with the instructions in front, for CLIs that have no system-prompt flag. */
export function promptWithInstructions(call: EngineCall): string {
  const instructions = systemInstructions(call);
  const prompt = call.prompt ?? '';
  return instructions ? `[System Instructions]\n${instructions}\n\n[Task]\n${prompt}` : prompt;
}
