// API keys come only from the environment of the Maestro process (the kernel gives children a minimal
// env, so EngineCall.env never carries them), never from the plan text. A variable named by
// `api_key_env` must be set; the conventional ones are optional, so that keyless local servers work.
import { ModelCallFailure } from './model-call-failure.ts';

export interface ReadApiKeyInput {
  engine: string;
  explicitVariable?: string;
  conventionalVariables: string[];
  environment: Readonly<Record<string, string | undefined>>;
}

export function readApiKey(input: ReadApiKeyInput): string | undefined {
  const { explicitVariable, environment } = input;
  if (explicitVariable !== undefined) {
    const key = environment[explicitVariable]?.trim();
    if (key) return key;
    throw new ModelCallFailure({
      kind: 'auth',
      message: `The ${input.engine} engine reads its API key from ${explicitVariable} (api_key_env), which is not set`,
    });
  }
  for (const variable of input.conventionalVariables) {
    const key = environment[variable]?.trim();
    if (key) return key;
  }
  return undefined;
}
