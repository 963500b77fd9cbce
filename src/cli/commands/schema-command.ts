// `maestro schema`: the plan language as JSON Schema (draft-7), for yaml-language-server and editors.
import { planJsonSchema } from '../../plan/index.ts';

export function schemaCommand(): number {
  process.stdout.write(`${JSON.stringify(planJsonSchema(), null, 2)}\n`);
  return 0;
}
