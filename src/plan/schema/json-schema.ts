// The editor schema: draft-7 JSON Schema for yaml-language-server / VS Code
// (`# yaml-language-server: $schema=...`). Cross-field rules are not expressible there; the loader
// still checks them.
import * as z from 'zod';
import { planSchema } from './plan-schema.ts';
import { editorInputShapes } from './scalars.ts';

let cached: Record<string, unknown> | undefined;

/** Draft-7 JSON Schema of the plan format, with descriptions for editor hovers. */
export function planJsonSchema(): Record<string, unknown> {
  cached ??= z.toJSONSchema(planSchema, {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'any',
    // Fields that coerce (`depends_on: a`, `id: 1`) accept what the loader accepts.
    override: (context) => {
      const shape = editorInputShapes.get(context.zodSchema);
      if (!shape) return;
      const schema = context.jsonSchema as Record<string, unknown>;
      for (const key of Object.keys(schema)) if (key !== 'description') delete schema[key];
      Object.assign(schema, shape);
    },
  }) as Record<string, unknown>;
  return structuredClone(cached);
}
