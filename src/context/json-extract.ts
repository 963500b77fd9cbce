// Finds the JSON value in a model's answer: the whole answer when it is JSON, else the last fenced
// ```json block (or unlabelled fence) that parses, else the last balanced {...} or [...] span that parses.

export type JsonExtraction =
  | { ok: true; value: unknown; source: 'whole' | 'fenced' | 'span' }
  | { ok: false; error: string };

export function extractJson(text: string): JsonExtraction {
  const whole = text.trim();
  if (!whole) return { ok: false, error: 'the output is empty' };
  const direct = tryParse(whole);
  if (direct.ok) return { ok: true, value: direct.value, source: 'whole' };

  const fences = [...whole.matchAll(/```[ \t]*(json|JSON|jsonc)?[ \t]*\n([\s\S]*?)\n?```/g)];
  for (const fence of fences.reverse()) {
    const parsed = tryParse((fence[2] ?? '').trim());
    if (parsed.ok) return { ok: true, value: parsed.value, source: 'fenced' };
  }
  for (const span of balancedSpans(whole).reverse()) {
    const parsed = tryParse(whole.slice(span.start, span.end));
    if (parsed.ok) return { ok: true, value: parsed.value, source: 'span' };
  }
  return {
    ok: false,
    error: `the output is not JSON (${direct.error}), and holds no fenced or embedded JSON value`,
  };
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Top-level `{...}` / `[...]` spans, brackets inside JSON strings ignored, in order of appearance. */
function balancedSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const stack: string[] = [];
  let start = -1;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (stack.length > 0 && inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"' && stack.length > 0) {
      inString = true;
    } else if (char === '{' || char === '[') {
      if (stack.length === 0) start = index;
      stack.push(char === '{' ? '}' : ']');
    } else if (char === '}' || char === ']') {
      if (stack.length === 0) continue;
      if (stack[stack.length - 1] !== char) {
        // Brackets that do not pair up (prose such as "[see {x]"): start over from here.
        stack.length = 0;
        continue;
      }
      stack.pop();
      if (stack.length === 0) spans.push({ start, end: index + 1 });
    }
  }
  return spans;
}

/** The value at a dotted path (`items.0.name`) of a parsed JSON value; undefined when absent. */
export function valueAtPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
    else if (typeof current === 'object' && current !== null && Object.hasOwn(current, key)) {
      current = (current as Record<string, unknown>)[key];
    } else return undefined;
  }
  return current;
}
