// `matrix: {k: [v1, v2]}` turns one task into one child per combination. Unlike maestro-cli, a child is a
// deep copy of its parent, so no field is lost (allowed_tools, judge.timeout_sec, worktree, ...).
// `{{ matrix.k }}` is rendered into every string of the child, and references to the parent id in
// depends_on / context_from of other tasks become references to all children (fan-in).
import type { TaskEntry } from '../load/task-entry.ts';
import { isMapping, taskError } from '../load/task-entry.ts';
import { pythonText } from '../python-text.ts';
import { renderTemplate } from '../template.ts';
import { parseOrThrow } from '../validate/schema-issues.ts';

/** More children than this is almost certainly a mistake (and would exhaust memory). */
export const MAX_MATRIX_CHILDREN = 10_000;

type MatrixSchema = typeof import('../schema/task-blocks-schema.ts').matrixSchema;

export async function expandMatrices(entries: readonly TaskEntry[]): Promise<TaskEntry[]> {
  const childrenOf = new Map<string, string[]>();
  const expanded: TaskEntry[] = [];
  // The zod schemas are loaded only for a plan that has a matrix.
  let matrixSchema: MatrixSchema | undefined;
  for (const entry of entries) {
    const parentId = entry.raw.id;
    if (entry.raw.matrix === undefined || entry.raw.matrix === null || !isIdLike(parentId)) {
      expanded.push(entry);
      continue;
    }
    matrixSchema ??= (await import('../schema/task-blocks-schema.ts')).matrixSchema;
    const children = expandOne(entry, String(parentId), matrixSchema);
    childrenOf.set(
      String(parentId),
      children.map((child) => child.raw.id as string),
    );
    expanded.push(...children);
  }
  if (childrenOf.size === 0) return expanded;
  return expanded.map((entry) => ({ ...entry, raw: rewriteReferences(entry.raw, childrenOf) }));
}

function isIdLike(value: unknown): value is string | number {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

function expandOne(entry: TaskEntry, parentId: string, matrixSchema: MatrixSchema): TaskEntry[] {
  const { raw } = entry;
  const subject = `Task '${parentId}'`;
  // Checked before expansion: afterwards the conflict would be invisible (maestro-cli reports E007).
  if (raw.batch !== undefined && raw.batch !== null) {
    throw taskError(entry, 'E062', `${subject}: batch and matrix are mutually exclusive`, ['matrix']);
  }
  if (raw.dynamic_group === true) {
    throw taskError(entry, 'E064', `${subject}: dynamic_group and matrix are mutually exclusive`, ['matrix']);
  }
  const matrix = parseOrThrow(matrixSchema, raw.matrix, {
    source: entry.origin.source,
    path: [...entry.origin.path, 'matrix'],
    subject: `${subject}: matrix`,
  });
  const keys = Object.keys(matrix);
  const combinations = cartesian(keys.map((key) => (matrix[key] ?? []).map(matrixText)));
  if (combinations.length > MAX_MATRIX_CHILDREN) {
    throw taskError(
      entry,
      'E012',
      `${subject}: matrix expands to ${combinations.length} tasks; the limit is ${MAX_MATRIX_CHILDREN}`,
      ['matrix'],
    );
  }
  return combinations.map((values) => {
    const matrixValues: Record<string, string> = {};
    keys.forEach((key, index) => {
      matrixValues[key] = values[index] as string;
    });
    const suffix = keys.map((key) => `${sanitize(key)}-${sanitize(matrixValues[key] as string)}`).join('.');
    const { matrix: _dropped, ...rest } = raw;
    const child = renderMatrix(structuredClone(rest), matrixValues) as Record<string, unknown>;
    child.id = `${parentId}.${suffix}`;
    child.matrix_values = matrixValues;
    child.matrix_parent = parentId;
    return { raw: child, origin: entry.origin };
  });
}

// Python's str() of a matrix value, near enough: scalars as Python writes them, structures as JSON.
function matrixText(value: unknown): string {
  return pythonText(value ?? null) ?? JSON.stringify(value);
}

function sanitize(part: string): string {
  return part.replace(/[^a-zA-Z0-9_\-.]/g, '_');
}

function cartesian(lists: string[][]): string[][] {
  let combinations: string[][] = [[]];
  for (const list of lists) {
    const next: string[][] = [];
    for (const combination of combinations) {
      for (const value of list) next.push([...combination, value]);
      if (next.length > MAX_MATRIX_CHILDREN) return next;
    }
    combinations = next;
  }
  return combinations;
}

function renderMatrix(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return renderTemplate(value, (parts) =>
      parts.length === 2 && parts[0] === 'matrix' ? values[parts[1] as string] : undefined,
    );
  }
  if (Array.isArray(value)) return value.map((item) => renderMatrix(item, values));
  if (isMapping(value)) {
    for (const key of Object.keys(value)) value[key] = renderMatrix(value[key], values);
  }
  return value;
}

// Returns `raw` itself when nothing refers to a matrix parent, else a copy (the YAML data stays as read).
function rewriteReferences(
  raw: Record<string, unknown>,
  childrenOf: Map<string, string[]>,
): Record<string, unknown> {
  let rewritten = raw;
  for (const key of ['depends_on', 'context_from'] as const) {
    const value = raw[key];
    const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
    if (!list?.some((item) => typeof item === 'string' && childrenOf.has(item))) continue;
    if (rewritten === raw) rewritten = Object.assign({}, raw);
    rewritten[key] = list.flatMap((item) =>
      typeof item === 'string' ? (childrenOf.get(item) ?? [item]) : [item],
    );
  }
  return rewritten;
}
