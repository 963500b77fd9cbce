// maestro-cli's model aliases for qwen (`model: coder`); any other name goes to `-m` unchanged.
export const QWEN_MODEL_ALIASES: Readonly<Record<string, string>> = {
  coder: 'qwen-coder-plus',
  'coder-turbo': 'qwen-coder-turbo',
  max: 'qwen-max',
  plus: 'qwen-plus',
  qwq: 'qwq-plus',
};

export function resolveQwenModel(model: string): string {
  return QWEN_MODEL_ALIASES[model] ?? model;
}
