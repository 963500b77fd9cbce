// The reply text of the mock engine. A scripted reply gets `{{ prompt }}` replaced by the prompt; with no
// script the reply is a labelled echo, so that nobody mistakes it for a model's answer.
const PROMPT_PLACEHOLDER = /\{\{\s*prompt\s*\}\}/g;
const MAX_ECHO_CHARS = 120;

export function renderMockReply(template: string, prompt: string): string {
  // A replacer function, so `$&` or `$1` inside the prompt stay literal.
  return template.replace(PROMPT_PLACEHOLDER, () => prompt);
}

/** `[mock <model or "default">] <first line of the prompt, at most 120 characters>` */
export function defaultMockReply(model: string | undefined, prompt: string): string {
  const firstLine = Array.from(prompt.split('\n', 1)[0]!.trimEnd()).slice(0, MAX_ECHO_CHARS).join('');
  return `[mock ${model ?? 'default'}] ${firstLine}`;
}
