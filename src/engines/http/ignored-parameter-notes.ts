// Notes for settings a provider has no place for: reported on stderr, never thrown (STYLE habit 2).
import type { ModelParameters } from './resolve-model-call.ts';

const OPTION_NAMES: Record<keyof ModelParameters, string> = {
  temperature: 'temperature',
  topP: 'top_p',
  topK: 'top_k',
  seed: 'seed',
  maxTokens: 'max_tokens',
  stop: 'stop',
  numCtx: 'num_ctx',
  keepAlive: 'keep_alive',
};

export function ignoredParameterNotes(
  parameters: ModelParameters,
  ignored: (keyof ModelParameters)[],
  api: string,
): string[] {
  return ignored
    .filter((key) => parameters[key] !== undefined)
    .map((key) => `option \`${OPTION_NAMES[key]}\` is ignored: ${api} has no such setting`);
}
