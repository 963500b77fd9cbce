// BM25 relevance of text chunks to a query, through MiniSearch (its scoring is BM25+), with English stop
// words dropped and a light suffix stemmer so that "failed", "fails" and "failing" meet. MiniSearch is
// loaded on first use.

const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have he her his how i if in ' +
    'into is it its me my no not of on or our she so than that the their them then there these they this ' +
    'those to too up us was we were what when where which while who why will with would you your'
  ).split(' '),
);

export function normalizeTerm(term: string): string | null {
  const word = term.toLowerCase();
  if (STOP_WORDS.has(word)) return null;
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** One BM25 score per text (0 when it shares no term with the query), in the order given. */
export async function rankTexts(query: string, texts: readonly string[]): Promise<number[]> {
  const { default: MiniSearch } = await import('minisearch');
  const index = new MiniSearch<{ id: number; text: string }>({
    fields: ['text'],
    storeFields: [],
    processTerm: normalizeTerm,
  });
  index.addAll(texts.map((text, id) => ({ id, text })));
  const scores = texts.map(() => 0);
  for (const hit of index.search(query, { combineWith: 'OR' })) scores[hit.id as number] = hit.score;
  return scores;
}
