// Python's str() of a scalar plan value, where maestro-cli turns one into text: env values, matrix
// values and the task ids built from them. `true` is `True`, null is `None` (a plan written for
// maestro-cli that names `t.debug-True` or tests `$CI = True` must see the same text here).
// Numbers are JavaScript's text: YAML's `1.0` reaches us as the number 1, so Python's `1.0` is out of
// reach (written as '1.0', it stays text).

/** The text of a string, number, boolean or null as Python's str() writes it; undefined for anything else. */
export function pythonText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null) return 'None';
  if (typeof value === 'number') return String(value);
  return undefined;
}
