// Which `context_mode` values this build carries out, and the words used about the others.

/** Modes assembled by src/context (council's answer is added by the council itself, the rest as raw). */
export const SUPPORTED_CONTEXT_MODES = [
  'raw',
  'council',
  'selective',
  'summarized',
  'map_reduce',
  'layered',
] as const;

export function isSupportedContextMode(mode: string): boolean {
  return (SUPPORTED_CONTEXT_MODES as readonly string[]).includes(mode);
}

/** The budget of modes that need one when neither the task nor `defaults` sets context_budget_tokens. */
export const DEFAULT_CONTEXT_BUDGET_TOKENS = 8000;
