// maestro-cli's model aliases for codex (`model: "5.5"`); any other name goes to `-m` unchanged.
export const CODEX_MODEL_ALIASES: Readonly<Record<string, string>> = {
  '5.5': 'gpt-5.5',
  '5.4': 'gpt-5.4-codex',
  '5.4-mini': 'gpt-5.4-mini',
  '5.3': 'gpt-5.3-codex',
  '5.2': 'gpt-5.2-codex',
  '5.1': 'gpt-5.1-codex',
  '5.1-mini': 'gpt-5.1-codex-mini',
  '5': 'gpt-5-codex',
  '5-mini': 'gpt-5-codex-mini',
};

export function resolveCodexModel(model: string): string {
  return CODEX_MODEL_ALIASES[model] ?? model;
}
