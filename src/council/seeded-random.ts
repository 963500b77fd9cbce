// A small seeded PRNG so that labels, presentation order and role rotation are reproducible from the
// seed recorded in the session: replaying a session, or re-running it with the same seed, shows every
// model the same prompt. Math.random is never used by the council.

/** mulberry32: a 32-bit generator, good enough for shuffles; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Fisher–Yates shuffled copy of `items`. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const random = mulberry32(seed);
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

/** FNV-1a of the text: a stable 32-bit seed, e.g. the default seed from the question. */
export function seedFromText(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** A seed for one purpose (`labels`, `rank-m2`, ...) derived from the session seed. */
export function deriveSeed(seed: number, purpose: string): number {
  return seedFromText(`${seed >>> 0}:${purpose}`);
}
