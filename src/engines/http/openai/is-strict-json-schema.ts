// OpenAI's strict structured outputs accept only schemas whose every object sets
// `additionalProperties: false` and lists all its properties as required. This tells whether a task's
// schema already has that shape, so that `strict: true` can be sent without a 400.
export function isStrictJsonSchema(schema: unknown, depth = 0): boolean {
  if (depth > 32 || typeof schema !== 'object' || schema === null) return true;
  if (Array.isArray(schema)) return schema.every((entry) => isStrictJsonSchema(entry, depth + 1));
  const node = schema as Record<string, unknown>;
  const properties = node.properties as Record<string, unknown> | undefined;
  if (node.type === 'object' || properties !== undefined) {
    if (node.additionalProperties !== false) return false;
    const required = Array.isArray(node.required) ? node.required : [];
    if (Object.keys(properties ?? {}).some((key) => !required.includes(key))) return false;
  }
  const children = [
    ...Object.values(properties ?? {}),
    node.items,
    ...(Array.isArray(node.anyOf) ? node.anyOf : []),
    ...Object.values((node.$defs ?? node.definitions ?? {}) as Record<string, unknown>),
  ];
  return children.every((child) => isStrictJsonSchema(child, depth + 1));
}
