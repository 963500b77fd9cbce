// `defaults.<engine>`: settings applied to every task of that engine (the task's own value wins).
import * as z from 'zod';
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
  // Maestro extensions for the engines layer:
  base_url: text()
    .optional()
    .describe('Endpoint of an HTTP engine (else OLLAMA_HOST, OPENAI_BASE_URL, ...).'),
  api_key_env: text().optional().describe('Name of the environment variable holding the API key.'),
  binary: text().optional().describe('Path or name of the agent CLI executable (default: the engine name).'),
  options: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Engine options passed through: temperature, seed, num_ctx, keep_alive, max_tokens, ...'),
  pricing: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Price overrides per model: {model: {input, output, cached}} in USD per million tokens.'),
};

export const engineDefaultsSchema = mapping(engineDefaultsShape);

/** `defaults.mock` takes the engine settings plus a default mock script. */
export const mockDefaultsSchema = mapping({ ...engineDefaultsShape, ...mockSpecShape });
