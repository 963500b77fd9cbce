// `allowed_tools` values as maestro-cli accepts them: Claude tool names (`Read`), a name with a pattern
// (`Bash(git *)`), MCP tools (`mcp__server__tool`) and the categories `read-only`, `no-shell`,
// `git-only`, `src-scoped`. Each engine maps these onto flags its CLI enforces, or refuses the call.

export const GRANT_CATEGORIES = ['read-only', 'no-shell', 'git-only', 'src-scoped'] as const;
export type GrantCategory = (typeof GRANT_CATEGORIES)[number];

/**
 * `fromCategory` marks a grant that expandCategories made from a category rather than one the plan named:
 * an engine whose CLI has no such tool skips it (granting less is safe) instead of refusing the call.
 */
export type ToolGrant =
  | { type: 'category'; category: GrantCategory; value: string }
  | { type: 'tool'; tool: string; pattern?: string; value: string; fromCategory?: GrantCategory }
  | { type: 'mcp'; server: string; tool?: string; value: string; fromCategory?: GrantCategory };

export type ParsedGrants = { grants: ToolGrant[] } | { problem: string };

/**
 * The categories spelled as Claude tool names: what each one lets the agent do. `src-scoped` has no
 * entry because no CLI can confine edits to a folder headlessly in the same way.
 */
export const CATEGORY_TOOLS: Readonly<Partial<Record<GrantCategory, readonly string[]>>> = {
  'read-only': ['Read', 'Glob', 'Grep'],
  'no-shell': ['Read', 'Glob', 'Grep', 'Edit', 'Write', 'NotebookEdit', 'WebFetch', 'WebSearch', 'TodoWrite'],
  'git-only': ['Read', 'Glob', 'Grep', 'Bash(git *)'],
};

export function parseToolGrants(values: readonly string[]): ParsedGrants {
  const grants: ToolGrant[] = [];
  for (const raw of values) {
    const value = raw.trim();
    const grant = parseToolGrant(value);
    if (!grant)
      return {
        problem: `allowed_tools value '${raw}' is not a tool name, Tool(pattern), mcp__server__tool or category`,
      };
    grants.push(grant);
  }
  return { grants };
}

function parseToolGrant(value: string): ToolGrant | undefined {
  if ((GRANT_CATEGORIES as readonly string[]).includes(value)) {
    return { type: 'category', category: value as GrantCategory, value };
  }
  const mcp = /^mcp__([A-Za-z0-9_-]+?)(?:__([A-Za-z0-9_.-]+))?$/.exec(value);
  if (mcp)
    return mcp[2]
      ? { type: 'mcp', server: mcp[1]!, tool: mcp[2], value }
      : { type: 'mcp', server: mcp[1]!, value };
  const withPattern = /^([A-Za-z][A-Za-z0-9_-]*)\((.+)\)$/s.exec(value);
  if (withPattern) return { type: 'tool', tool: withPattern[1]!, pattern: withPattern[2]!.trim(), value };
  if (/^[A-Za-z][A-Za-z0-9_-]*$/.test(value)) return { type: 'tool', tool: value, value };
  return undefined;
}

/** Categories replaced by the tool grants they stand for; `src-scoped` is left as it is. */
export function expandCategories(grants: readonly ToolGrant[]): ToolGrant[] {
  const expanded: ToolGrant[] = [];
  for (const grant of grants) {
    const tools = grant.type === 'category' ? CATEGORY_TOOLS[grant.category] : undefined;
    if (grant.type !== 'category' || !tools) {
      expanded.push(grant);
      continue;
    }
    for (const tool of tools) {
      const toolGrant = parseToolGrant(tool) as Exclude<ToolGrant, { type: 'category' }>;
      expanded.push({ ...toolGrant, fromCategory: grant.category });
    }
  }
  return expanded;
}

/**
 * The command prefix of a shell pattern in the forms the CLIs share: `git *`, `git:*` and `git` all
 * mean "commands starting with git". Undefined for patterns with other wildcards.
 */
export function shellCommandPrefix(pattern: string): string | undefined {
  const prefix = pattern.replace(/(?::\*|\s+\*)$/, '').trim();
  if (prefix.length === 0 || /[*?[\]]/.test(prefix)) return undefined;
  return prefix;
}
