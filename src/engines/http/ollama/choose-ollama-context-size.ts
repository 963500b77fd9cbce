// Ollama silently drops whatever does not fit its context window (2k–4k tokens by default), so the engine
// always sends `num_ctx`. Without one in the options: 8192, doubled until an estimate of the prompt
// (3 characters per token, on the safe side) plus the reply budget fits. A fixed default keeps the
// value stable between calls, since a new num_ctx makes Ollama reload the model.
export const DEFAULT_OLLAMA_CONTEXT_TOKENS = 8192;
export const MAX_OLLAMA_CONTEXT_TOKENS = 262_144;
const REPLY_RESERVE_TOKENS = 2048;
const CHARACTERS_PER_TOKEN = 3;

export function chooseOllamaContextSize(promptCharacters: number, maxTokens: number | undefined): number {
  const needed = Math.ceil(promptCharacters / CHARACTERS_PER_TOKEN) + (maxTokens ?? REPLY_RESERVE_TOKENS);
  let size = DEFAULT_OLLAMA_CONTEXT_TOKENS;
  while (size < needed && size < MAX_OLLAMA_CONTEXT_TOKENS) size *= 2;
  return size;
}
