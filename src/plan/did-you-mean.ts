// "did you mean ...?" for typos in keys, engine names and enum values. The edit distance is computed here
// (the lists are short) so loading a plan imports no library for it.

/** The closest candidate when it is near enough to be a plausible typo, else undefined. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || word.length === 0) return undefined;
  const lower = word.toLowerCase();
  const exactIgnoringCase = candidates.find((candidate) => candidate.toLowerCase() === lower);
  if (exactIgnoringCase) return exactIgnoringCase;
  const best = closest(lower, candidates);
  // A third of the word may be wrong, at least two edits: `depend_on` -> `depends_on`, `promt` -> `prompt`.
  const allowed = Math.max(2, Math.floor(word.length / 3));
  return editDistance(lower, best.toLowerCase()) <= allowed ? best : undefined;
}

/** ` (did you mean 'x'?)` or an empty string. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closestMatch(word, candidates);
  return match ? ` (did you mean '${match}'?)` : '';
}

/** Levenshtein distance over UTF-16 code units. */
export function editDistance(left: string, right: string): number {
  if (left === right) return 0;
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row += 1) {
    const current = [row];
    const code = left.charCodeAt(row - 1);
    for (let column = 1; column <= right.length; column += 1) {
      const substitution = (previous[column - 1] as number) + (code === right.charCodeAt(column - 1) ? 0 : 1);
      current.push(
        Math.min(substitution, (previous[column] as number) + 1, (current[column - 1] as number) + 1),
      );
    }
    previous = current;
  }
  return previous[right.length] as number;
}

// The first candidate at the smallest distance.
function closest(word: string, candidates: readonly string[]): string {
  let best = candidates[0] as string;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
