// Finds the price row for a model: the exact id, else an alias, else the longest row id that the model
// id extends with only a date or release tag (`claude-sonnet-4-5-20250929`, `gpt-4o-2024-08-06`,
// `gemini-3-pro-preview`). A different model that merely shares a prefix (`claude-opus-4-9` against the
// `claude-opus-4` row) matches nothing: an unknown model is never priced by a guess.

// One or more `-tag` / `@tag` segments: a date or number of 2+ digits, latest, preview, exp, or v2:0.
const VERSION_SUFFIX = /^(?:[-@](?:\d{2,}|latest|preview|exp|v\d+(?::\d+)?))+$/;

export interface PriceRows<T> {
  rows: ReadonlyMap<string, T>;
  aliases?: Readonly<Record<string, string>>;
}

/** Lower-cased, without a `provider/` or `models/` prefix; Claude's dotted versions (`4.6`) as `4-6`. */
export function normalizeModelId(model: string): string {
  let id = model.trim().toLowerCase();
  const slash = id.lastIndexOf('/');
  if (slash >= 0) id = id.slice(slash + 1);
  if (id.startsWith('claude-')) id = id.replace(/(\d)\.(\d)/g, '$1-$2');
  return id;
}

export function findModelPrice<T>(table: PriceRows<T>, model: string): T | undefined {
  const id = normalizeModelId(model);
  const alias = table.aliases?.[id];
  for (const candidate of alias === undefined ? [id] : [normalizeModelId(alias), id]) {
    const exact = table.rows.get(candidate);
    if (exact !== undefined) return exact;
    let best: { length: number; row: T } | undefined;
    for (const [key, row] of table.rows) {
      if (key.length <= (best?.length ?? 0) || !candidate.startsWith(key)) continue;
      if (VERSION_SUFFIX.test(candidate.slice(key.length))) best = { length: key.length, row };
    }
    if (best) return best.row;
  }
  return table.rows.get('*');
}
