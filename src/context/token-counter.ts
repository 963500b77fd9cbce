// Token counts with a real tokenizer: o200k_base (the GPT-4o/GPT-5 encoding), a close stand-in for every
// provider's own count. It takes a few hundred milliseconds to load, so it is loaded on first use only:
// plans that pass no budgeted context never pay for it.

export interface TokenCounter {
  count(text: string): number;
  /** The start of `text` within `tokens` tokens. */
  head(text: string, tokens: number): string;
  /** The end of `text` within `tokens` tokens. */
  tail(text: string, tokens: number): string;
}

// Special-token text (`<|endoftext|>`) inside an output is ordinary text here, never a control token.
const plainText = { disallowedSpecial: new Set<string>() };

let loading: Promise<TokenCounter> | undefined;

// A token is rarely longer than this many characters, so the head of a long text is tokenized from a
// prefix of it (and the tail from a suffix) instead of the whole text.
const charsPerTokenBound = 16;
// Counts of long texts are remembered: one assembly counts the same output several times.
const rememberedCounts = new Map<string, number>();
const rememberAbove = 10_000;
const rememberAtMost = 16;

/** The shared o200k_base counter, loaded on the first call. */
export function loadTokenCounter(): Promise<TokenCounter> {
  loading ??= import('gpt-tokenizer/encoding/o200k_base').then((tokenizer): TokenCounter => {
    const encode = (text: string) => tokenizer.encode(text, plainText);
    const count = (text: string): number => {
      if (!text) return 0;
      if (text.length < rememberAbove) return tokenizer.countTokens(text, plainText);
      const known = rememberedCounts.get(text);
      if (known !== undefined) return known;
      const counted = tokenizer.countTokens(text, plainText);
      if (rememberedCounts.size >= rememberAtMost)
        rememberedCounts.delete(rememberedCounts.keys().next().value ?? '');
      rememberedCounts.set(text, counted);
      return counted;
    };
    return {
      count,
      head: (text, tokens) => {
        const limit = Math.max(0, tokens);
        const window = (tokens + 1) * charsPerTokenBound;
        let encoded = encode(text.length > window ? text.slice(0, window) : text);
        if (encoded.length <= limit && text.length > window) encoded = encode(text);
        if (encoded.length <= limit) return text;
        return dropBrokenCharacters(tokenizer.decode(encoded.slice(0, limit)));
      },
      tail: (text, tokens) => {
        const limit = Math.max(0, tokens);
        const window = (tokens + 1) * charsPerTokenBound;
        let encoded = encode(text.length > window ? text.slice(-window) : text);
        if (encoded.length <= limit && text.length > window) encoded = encode(text);
        if (encoded.length <= limit) return text;
        return dropBrokenCharacters(tokenizer.decode(encoded.slice(encoded.length - limit)));
      },
    };
  });
  return loading;
}

// A cut inside a multi-byte character decodes to U+FFFD at the edge; drop it rather than show noise.
function dropBrokenCharacters(text: string): string {
  return text.replace(/^\uFFFD+|\uFFFD+$/g, '');
}

/**
 * A counter of whitespace-separated words, for unit tests that need exact, readable numbers.
 * Never used by a run.
 */
export const wordCounter: TokenCounter = {
  count: (text) => (text.match(/\S+/g) ?? []).length,
  head: (text, tokens) => {
    const words = text.match(/\S+\s*/g) ?? [];
    return words.length <= tokens ? text : words.slice(0, Math.max(0, tokens)).join('').trimEnd();
  },
  tail: (text, tokens) => {
    const words = text.match(/\S+\s*/g) ?? [];
    return words.length <= tokens
      ? text
      : words
          .slice(words.length - Math.max(0, tokens))
          .join('')
          .trimEnd();
  },
};
