// Model names for `claude --model`. The CLI resolves its own aliases (`haiku`, `sonnet`, `opus`,
// `opusplan`) to the newest model of that family, so they are passed through as they are, like any
// full model name.
export const CLAUDE_MODEL_ALIASES: Readonly<Record<string, string>> = {
  haiku: 'haiku',
  sonnet: 'sonnet',
  opus: 'opus',
  opusplan: 'opusplan',
};

export function resolveClaudeModel(model: string): string {
  return CLAUDE_MODEL_ALIASES[model] ?? model;
}
