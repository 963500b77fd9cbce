// `{{ name }}`, `{{ a.b }}`, `{{ a.b.c }}` templates. One regex pass; references the lookup does not know
// are left exactly as written, as maestro-cli does.

/** Resolves a reference split on dots (`{{ a.output.x }}` -> ['a', 'output', 'x']). */
export type TemplateLookup = (parts: string[]) => string | undefined;

// Parts are task-id characters; ids may contain dots, so a lookup decides how to split the parts.
export const TEMPLATE_REFERENCE = /\{\{\s*([A-Za-z0-9_\-/]+(?:\.[A-Za-z0-9_\-/]+)*)\s*\}\}/g;

/**
 * Replace every `{{ reference }}` the lookup knows; leave the others as written.
 *
 * @example
 * renderTemplate('build {{ a.status }}', (parts) => (parts.join('.') === 'a.status' ? 'success' : undefined));
 * // 'build success'
 */
export function renderTemplate(text: string, lookup: TemplateLookup): string {
  if (!text.includes('{{')) return text;
  return text.replace(TEMPLATE_REFERENCE, (whole: string, reference: string) => {
    const value = lookup(reference.split('.'));
    return value === undefined ? whole : value;
  });
}

/** Every reference in `text`, as dot-separated parts, in order of appearance. */
export function templateReferences(text: string): string[][] {
  if (!text.includes('{{')) return [];
  const references: string[][] = [];
  for (const match of text.matchAll(TEMPLATE_REFERENCE)) references.push((match[1] ?? '').split('.'));
  return references;
}

/**
 * Split a reference into a task id and the field path, trying the longest id first because ids may
 * contain dots (`{{ lint.module-a.status }}` for the matrix child `lint.module-a`).
 */
export function splitTaskReference(
  parts: readonly string[],
  isTaskId: (id: string) => boolean,
): { taskId: string; field: string[] } {
  for (let split = parts.length - 1; split >= 1; split -= 1) {
    const candidate = parts.slice(0, split).join('.');
    if (isTaskId(candidate)) return { taskId: candidate, field: parts.slice(split) };
  }
  return { taskId: parts[0] ?? '', field: parts.slice(1) };
}
