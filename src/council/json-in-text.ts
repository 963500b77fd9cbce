// Models wrap JSON in prose and code fences. This finds the JSON objects in a reply, the most likely
// one first (a fenced block near the end, then any balanced `{...}` from the end), without throwing.

const FENCE = /```[ \t]*(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)```/g;
// Scanning every `{` of a huge reply would be quadratic; real answers put the object near the end.
const MAX_OBJECT_STARTS = 200;

/** Parsed JSON objects found in `text`, most likely first. */
export function jsonObjectsInText(text: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const fenced = [...text.matchAll(FENCE)].map((match) => match[1] ?? '').reverse();
  for (const block of fenced) pushObject(found, block.trim());
  for (const candidate of balancedObjects(text)) pushObject(found, candidate);
  return found;
}

function pushObject(found: Record<string, unknown>[], candidate: string): void {
  try {
    const value: unknown = JSON.parse(candidate);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      found.push(value as Record<string, unknown>);
    }
  } catch {
    // Not JSON: prose that happens to contain braces.
  }
}

// Substrings from each `{` to its matching `}` (braces inside strings skipped), the one ending last
// first: that is the object nearest the end of the reply, and an outer object before those nested in it.
function balancedObjects(text: string): string[] {
  const spans: { start: number; end: number }[] = [];
  for (let index = text.lastIndexOf('{'); index >= 0 && spans.length < MAX_OBJECT_STARTS; ) {
    const end = matchingBrace(text, index);
    if (end > index) spans.push({ start: index, end });
    index = index === 0 ? -1 : text.lastIndexOf('{', index - 1);
  }
  spans.sort((left, right) => right.end - left.end || left.start - right.start);
  return spans.map(({ start, end }) => text.slice(start, end + 1));
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index += 1;
      else if (character === '"') inString = false;
    } else if (character === '"') {
      inString = true;
    } else if (character === '{') {
      depth += 1;
    } else if (character === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

/** The value at a dotted path (`verdict.label`), or undefined. */
export function valueAtPath(object: Record<string, unknown>, path: string): unknown {
  let value: unknown = object;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    if (!Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** JSON with object keys sorted, so equal values compare equal as text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
