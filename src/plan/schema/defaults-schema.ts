// `defaults:` — values every task inherits unless it sets its own (21 maestro-cli keys plus the blocks of
// Maestro's API engines and the mock engine).
import * as z from 'zod';
import { CONTEXT_COMPACTIONS, EDIT_POLICIES, RETRY_STRATEGIES } from '../plan-vocabulary.ts';
import { engineDefaultsSchema, mockDefaultsSchema } from './engine-defaults-schema.ts';
import { codedMessage, describeValue } from './issue-code.ts';
import { boolean, integer, listOf, mapping, number, oneOf, stringMap, textList } from './scalars.ts';

/** `retry_delay_sec`: seconds before a retry, one number or one per retry (E013). */
export function retryDelay() {
  return z.union(
    [
      number({ min: 0, code: 'E013', typeCode: 'E013' }),
      listOf(number({ min: 0, code: 'E013', typeCode: 'E013' }), 'E013'),
    ],
    {
      error: (issue) =>
        codedMessage(
          'E013',
          `must be a number >= 0 or a list of numbers >= 0, got ${describeValue(issue.input)}`,
        ),
    },
  );
}

export const defaultsShape = {
  env: stringMap().optional().describe('Environment variables for every task (a task env wins per key).'),
  secrets: textList().optional().describe('Names of variables whose values are masked in logs.'),
  secrets_auto: z
    .boolean({
      error: (issue) => codedMessage('E018', `must be true or false, got ${describeValue(issue.input)}`),
    })
    .optional(),
  timeout_sec: integer({ min: 1 }).optional().describe('Timeout per attempt in seconds (hard default 1800).'),
  requires_clean_worktree: boolean().optional(),
  stdout_tail_lines: integer({ min: 1 }).optional().describe('Lines of output kept in results (default 50).'),
  edit_policy: oneOf(EDIT_POLICIES).optional(),
  retry_delay_sec: retryDelay().optional(),
  retry_strategy: oneOf(RETRY_STRATEGIES, 'E051').optional(),
  budget_warning_pct: number({ greaterThan: 0, lessThan: 1, code: 'E023' }).optional(),
  context_budget_tokens: integer({ min: 1, code: 'E019', typeCode: 'E019' }).optional(),
  workspace_index_exclude: textList().optional(),
  signals: boolean().optional(),
  context_compaction: oneOf(CONTEXT_COMPACTIONS, 'E068').optional(),
  codex: engineDefaultsSchema.optional(),
  claude: engineDefaultsSchema.optional(),
  gemini: engineDefaultsSchema.optional(),
  copilot: engineDefaultsSchema.optional(),
  qwen: engineDefaultsSchema.optional(),
  ollama: engineDefaultsSchema.optional(),
  llama: engineDefaultsSchema.optional(),
  openai: engineDefaultsSchema.optional(),
  anthropic: engineDefaultsSchema.optional(),
  opencode: engineDefaultsSchema.optional(),
  google: engineDefaultsSchema.optional(),
  mock: mockDefaultsSchema.optional(),
};

export const defaultsSchema = mapping(defaultsShape);
export type PlanDefaults = z.output<typeof defaultsSchema>;
