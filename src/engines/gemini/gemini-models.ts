// maestro-cli's model aliases for gemini (`model: pro`); any other name goes to `-m` unchanged. Always
// passing `-m` also skips the CLI's routing request that would pick a model first.
export const GEMINI_MODEL_ALIASES: Readonly<Record<string, string>> = {
  flash: 'gemini-2.5-flash',
  pro: 'gemini-2.5-pro',
  'flash-lite': 'gemini-2.5-flash-lite',
  'flash-3': 'gemini-3-flash-preview',
  'pro-3': 'gemini-3-pro-preview',
  'pro-3.1': 'gemini-3.1-pro-preview',
};

export function resolveGeminiModel(model: string): string {
  return GEMINI_MODEL_ALIASES[model] ?? model;
}
