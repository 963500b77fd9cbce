// `json_path` for `json_path_exists`: `$.a.b[0].c`, `a.b.0.c`, `$['a key'].b` — keys and list indexes,
// no filters or wildcards.

export type JsonPathParse = { ok: true; keys: (string | number)[] } | { ok: false; reason: string };

export function parseJsonPath(path: string): JsonPathParse {
  let rest = path.trim();
  if (rest.startsWith('$')) rest = rest.slice(1);
  const keys: (string | number)[] = [];
  const token = /^(?:\.?([^.[\]]+)|\[(\d+)\]|\[\s*(['"])(.*?)\3\s*\])/;
  while (rest.length > 0) {
    const match = token.exec(rest);
    if (!match || match[0].length === 0) {
      return { ok: false, reason: `json_path '${path}' cannot be read near '${rest.slice(0, 20)}'` };
    }
    if (match[1] !== undefined) keys.push(/^\d+$/.test(match[1]) ? Number(match[1]) : match[1]);
    else if (match[2] !== undefined) keys.push(Number(match[2]));
    else keys.push(match[4] ?? '');
    rest = rest.slice(match[0].length);
  }
  return { ok: true, keys };
}

/** Whether the value has something (even `null`) at the path. */
export function hasJsonPath(value: unknown, keys: readonly (string | number)[]): boolean {
  let current = value;
  for (const key of keys) {
    if (Array.isArray(current)) {
      const index = typeof key === 'number' ? key : /^\d+$/.test(key) ? Number(key) : Number.NaN;
      if (!(index >= 0 && index < current.length)) return false;
      current = current[index];
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, String(key))) {
      current = (current as Record<string, unknown>)[String(key)];
    } else {
      return false;
    }
  }
  return true;
}
