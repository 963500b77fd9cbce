// A small, deterministic value that fits a JSON schema: the fakes answer JSON-schema requests with it
// (Claude Code's title side request, Gemini CLI's router, an engine's structured output).
import { asArray, asRecord } from './fake-protocol.ts';

const MAX_DEPTH = 8;

export function sampleFromSchema(schema: unknown, text = 'fake', depth = 0): unknown {
  const node = asRecord(schema);
  if (depth > MAX_DEPTH) return null;
  if ('const' in node) return node.const;
  const choices = asArray(node.enum);
  if (choices.length > 0) return choices[0];
  const alternative = asArray(node.anyOf)[0] ?? asArray(node.oneOf)[0];
  if (alternative !== undefined) return sampleFromSchema(alternative, text, depth + 1);
  const all = asArray(node.allOf);
  if (all.length > 0) return sampleFromSchema(Object.assign({}, ...all.map(asRecord)), text, depth + 1);
  const type = Array.isArray(node.type) ? node.type.find((entry) => entry !== 'null') : node.type;
  switch (type ?? (node.properties ? 'object' : undefined)) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(asRecord(node.properties))) {
        result[key] = sampleFromSchema(child, text, depth + 1);
      }
      return result;
    }
    case 'array': {
      const minimum = typeof node.minItems === 'number' ? node.minItems : 1;
      return Array.from({ length: Math.max(1, minimum) }, () =>
        sampleFromSchema(node.items, text, depth + 1),
      );
    }
    case 'string':
      return text;
    case 'integer':
    case 'number':
      return typeof node.minimum === 'number' ? node.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return text;
  }
}
