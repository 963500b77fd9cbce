// Turns zod issues into one MaestroError: the code from the issue message, the field path in words and
// the position of the offending node. When several issues exist, the first one in the file wins.
import type { z } from 'zod';
import { MaestroError, type SourceLocation } from '../../errors/index.ts';
import { splitCodedMessage } from '../schema/issue-code.ts';
import type { YamlPath, YamlSource } from '../yaml/yaml-source.ts';

const TYPE_MISMATCH = 'E018';

export interface IssueContext {
  source: YamlSource;
  /** Path of the validated value inside the source. */
  path: YamlPath;
  /** Who the message is about, e.g. `Task 'a'`; empty for plan-level values. */
  subject: string;
  /** Printed before the field path when there is no subject, e.g. `defaults`. */
  pathPrefix?: YamlPath;
}

interface LeafIssue {
  code: string;
  text: string;
  path: YamlPath;
  /** Where to point, when not at `path`: the key of an unknown field. */
  keyPath?: YamlPath;
}

/** Parse `value` with `schema` or throw the first issue as a MaestroError. */
export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  context: IssueContext,
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw issuesToError(result.error.issues, context);
}

export function issuesToError(issues: readonly z.core.$ZodIssue[], context: IssueContext): MaestroError {
  const leaves = issues.flatMap((issue) => leafIssues(issue, [], TYPE_MISMATCH));
  let best: { leaf: LeafIssue; location: SourceLocation } | undefined;
  for (const leaf of leaves) {
    const location = leaf.keyPath
      ? context.source.locateKey([...context.path, ...leaf.keyPath])
      : context.source.locate([...context.path, ...leaf.path]);
    if (
      !best ||
      location.line < best.location.line ||
      (location.line === best.location.line && location.column < best.location.column)
    ) {
      best = { leaf, location };
    }
  }
  if (!best) return new MaestroError({ code: TYPE_MISMATCH, message: `${context.subject} is invalid` });
  return new MaestroError({
    code: best.leaf.code,
    message: describeIssue(best.leaf, context),
    location: best.location,
  });
}

function describeIssue(leaf: LeafIssue, context: IssueContext): string {
  const fieldPath = formatPath([...(context.subject ? [] : (context.pathPrefix ?? [])), ...leaf.path]);
  if (context.subject)
    return fieldPath ? `${context.subject}: ${fieldPath} ${leaf.text}` : `${context.subject} ${leaf.text}`;
  return fieldPath ? `${fieldPath} ${leaf.text}` : leaf.text;
}

/** `['judge', 'criteria', 0, 'type']` -> `judge.criteria[0].type` */
export function formatPath(path: YamlPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text ? `.${segment}` : segment;
  }
  return text;
}

// A union reports one issue per branch; keep the branch that got furthest (the one whose problem is not
// simply "wrong type at the top"), so `{type: contains, value: 1}` complains about `value`.
function leafIssues(issue: z.core.$ZodIssue, prefix: YamlPath, fallbackCode: string): LeafIssue[] {
  const { code, text } = splitCodedMessage(issue.message);
  const path = [...prefix, ...(issue.path as (string | number)[])];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const branch = issue.errors.find((branchIssues) =>
      branchIssues.some(
        (inner) => inner.path.length > 0 || (inner.code !== 'invalid_type' && inner.code !== 'invalid_value'),
      ),
    );
    if (branch) return branch.flatMap((inner) => leafIssues(inner, path, code ?? fallbackCode));
  }
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) {
    return [{ code: code ?? fallbackCode, text, path, keyPath: [...path, issue.keys[0] as string] }];
  }
  return [{ code: code ?? fallbackCode, text, path }];
}
