// The plan root: 23 keys. `planHeaderSchema` validates everything but the task entries (the loader
// validates those one by one, after imports and matrix expansion); `planSchema` is the complete
// description used for the editor JSON Schema.
import * as z from 'zod';
import { BUDGET_PERIODS, ROUTING_STRATEGIES } from '../plan-vocabulary.ts';
import { defaultsSchema } from './defaults-schema.ts';
import { codedMessage } from './issue-code.ts';
import {
  circuitBreakerSchema,
  importsSchema,
  mcpServersSchema,
  policiesSchema,
  secretsSchema,
} from './plan-blocks-schema.ts';
import { boolean, integer, listOf, mapping, number, oneOf, text, textList } from './scalars.ts';
import { taskSchema } from './task-schema.ts';
import { watchSchema } from './watch-schema.ts';

/** `version`, checked before anything else as maestro-cli does. */
export const versionSchema = integer()
  .refine((version) => version === 1, {
    error: (issue) =>
      codedMessage(
        'E002',
        `is ${String(issue.input)}, but this version of Maestro only supports plan schema version 1`,
      ),
  })
  .optional()
  .describe('Plan schema version; only 1 exists.');

const headerShape = {
  version: versionSchema,
  name: text().optional().describe('Plan name: letters, digits, _ - . / (default "unnamed-plan").'),
  goal: text()
    .optional()
    .describe('Prefixed to every engine prompt as "Goal: ..."; {{ goal }} in templates.'),
  workspace_root: text()
    .optional()
    .describe('Default working directory of tasks, relative to the plan file.'),
  max_parallel: integer({ min: 1 }).optional().describe('Tasks running at once (default 1).'),
  fail_fast: boolean().optional().describe('Stop dispatching after the first failure (default true).'),
  run_dir: text()
    .optional()
    .describe('Folder for run records, relative to the plan file (default .maestro-runs).'),
  max_cost_usd: number({ greaterThan: 0 })
    .optional()
    .describe('Stop dispatching once the run costs this much.'),
  budget_warning_pct: number({
    greaterThan: 0,
    lessThan: 1,
    code: 'E023',
    rangeText: 'must be between 0 and 1',
  })
    .optional()
    .describe('Fraction of max_cost_usd that triggers a warning (default 0.8).'),
  budget_period: oneOf(BUDGET_PERIODS, 'E014')
    .optional()
    .describe('Budget across runs: daily, weekly or monthly.'),
  webhook_url: text().optional().describe('URL that receives a POST when the run ends.'),
  secrets: secretsSchema.optional().describe("Variables masked in logs, or 'auto'."),
  defaults: defaultsSchema.optional().describe('Values every task inherits.'),
  imports: importsSchema.optional().describe('Plan fragments whose tasks are added as prefix/id.'),
  audit_packs: textList().optional(),
  policies: policiesSchema.optional(),
  mcp_servers: mcpServersSchema.optional(),
  routing_strategy: oneOf(ROUTING_STRATEGIES, 'E053').optional().describe('Model routing for model: auto.'),
  control_flow_integrity: boolean().optional(),
  firewall_model: text().optional(),
  watch: watchSchema.optional(),
  circuit_breaker: circuitBreakerSchema.optional(),
};

export const planHeaderSchema = mapping({
  ...headerShape,
  tasks: listOf(z.unknown()).optional(),
});
export type PlanHeader = z.output<typeof planHeaderSchema>;

export const planSchema = mapping({
  ...headerShape,
  tasks: listOf(taskSchema).optional().describe('The tasks of the plan (a DAG through depends_on).'),
}).describe('Maestro plan (maestro-cli YAML plan format v1).');

export const planKeys = [...Object.keys(headerShape), 'tasks'];
