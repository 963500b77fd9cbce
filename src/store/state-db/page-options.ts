// `limit` / `offset` for the list methods, checked once and turned into SQLite's LIMIT / OFFSET values.

export interface PageOptions {
  /** @default no limit */
  limit?: number;
  /** Rows to skip. @default 0 */
  offset?: number;
}

export interface ResolvedPage {
  /** -1 when there is no limit: SQLite reads a negative LIMIT as "all rows". */
  limit: number;
  offset: number;
}

export function resolvePage(options: PageOptions): ResolvedPage {
  return {
    limit: checkCount('limit', options.limit) ?? -1,
    offset: checkCount('offset', options.offset) ?? 0,
  };
}

function checkCount(name: string, value: number | undefined): number | undefined {
  if (value === undefined || (Number.isInteger(value) && value >= 0)) return value;
  throw new TypeError(`Expected \`${name}\` to be an integer ≥ 0, got \`${value}\` (${typeof value})`);
}
