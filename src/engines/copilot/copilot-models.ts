// maestro-cli's model aliases for copilot (`model: sonnet`); any other name goes to `--model` unchanged.
export const COPILOT_MODEL_ALIASES: Readonly<Record<string, string>> = {
  opus: 'claude-opus-4.6',
  sonnet: 'claude-sonnet-4.6',
  haiku: 'claude-haiku-4.5',
};

export function resolveCopilotModel(model: string): string {
  return COPILOT_MODEL_ALIASES[model] ?? model;
}
