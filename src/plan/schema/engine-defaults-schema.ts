// `defaults.<engine>`: settings applied to every task of that engine (the task's own value wins).
import { mockSpecShape } from './mock-schema.ts';
import { mapping, text, textList } from './scalars.ts';

export const engineDefaultsShape = {
  model: text().optional().describe('Model for tasks of this engine that set none.'),
  reasoning_effort: text().optional().describe('Reasoning effort (codex: none..xhigh, claude: low..max).'),
  args: textList().optional().describe('Extra CLI arguments, placed before the task args.'),
  append_system_prompt: text().optional(),
  escalation: textList().optional().describe('Models to move through on retries.'),
  fallback_engine: text().optional(),
  fallback_model: text().optional(),
  context_model: text().optional(),
  allowed_tools: textList().optional(),
};

export const engineDefaultsSchema = mapping(engineDefaultsShape);

/** `defaults.mock` takes the engine settings plus a default mock script. */
export const mockDefaultsSchema = mapping({ ...engineDefaultsShape, ...mockSpecShape });
