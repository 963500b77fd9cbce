// "did you mean ...?" for typos in keys, engine names and enum values.
import { closest, distance } from 'fastest-levenshtein';

/** The closest candidate when it is near enough to be a plausible typo, else undefined. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || word.length === 0) return undefined;
  const lower = word.toLowerCase();
  const exactIgnoringCase = candidates.find((candidate) => candidate.toLowerCase() === lower);
  if (exactIgnoringCase) return exactIgnoringCase;
  const best = closest(lower, candidates as string[]);
  // A third of the word may be wrong, at least two edits: `depend_on` -> `depends_on`, `promt` -> `prompt`.
  const allowed = Math.max(2, Math.floor(word.length / 3));
  return distance(lower, best.toLowerCase()) <= allowed ? best : undefined;
}

/** ` (did you mean 'x'?)` or an empty string. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closestMatch(word, candidates);
  return match ? ` (did you mean '${match}'?)` : '';
}
