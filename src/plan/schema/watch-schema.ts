// `watch:` — the metric loop of `maestro watch` (codes E032-E044, E047, E048, E066).
import {
  METRIC_DIRECTIONS,
  METRIC_SOURCES,
  PLATEAU_ACTIONS,
  REGRESSION_ACTIONS,
  WATCH_MODES,
} from '../plan-vocabulary.ts';
import { codedMessage } from './issue-code.ts';
import { captureGroupCount, compilePattern } from './regex-pattern.ts';
import { boolean, integer, mapping, number, oneOf, text } from './scalars.ts';

export const watchShape = {
  metric: text('E032').optional().describe('Name of the metric to improve.'),
  mode: oneOf(WATCH_MODES, 'E048').optional(),
  max_iterations: integer({ min: 1, code: 'E036' }).optional(),
  iteration_budget_sec: integer({ greaterThan: 0, code: 'E044' }).optional(),
  metric_direction: oneOf(METRIC_DIRECTIONS, 'E033').optional(),
  metric_source: oneOf(METRIC_SOURCES, 'E033').optional(),
  metric_pattern: text('E034').optional().describe('Regex with exactly one capture group.'),
  metric_task: text().optional(),
  metric_json_path: text('E035').optional(),
  on_regression: oneOf(REGRESSION_ACTIONS, 'E041').optional(),
  program_md: text('E042').optional(),
  warmup_iterations: integer({ min: 0, code: 'E037' }).optional(),
  plateau_threshold: integer({ min: 1, code: 'E038' }).optional(),
  plateau_action: oneOf(PLATEAU_ACTIONS, 'E043').optional(),
  max_cost_usd: number({ greaterThan: 0, code: 'E039' }).optional(),
  consolidate_model: text().optional(),
  consolidate_every: integer({ min: 1 }).optional(),
  consolidate_prompt: text().optional(),
  target_metric: number().optional(),
  blame_plan: text().optional(),
  improve_model: text().optional(),
  max_total_steps: integer({ min: 1, code: 'E066' }).optional(),
  stepping_stones: boolean().optional(),
};

export const watchSchema = mapping(watchShape, 'E032').superRefine((watch, context) => {
  const improve = watch.mode === 'improve';
  if (!improve && (watch.metric === undefined || watch.metric.trim() === '')) {
    context.addIssue({ code: 'custom', path: ['metric'], message: codedMessage('E032', 'is required') });
  }
  const source = watch.metric_source ?? (improve ? 'manifest' : 'stdout_regex');
  if (source === 'stdout_regex') {
    if (!watch.metric_pattern) {
      context.addIssue({
        code: 'custom',
        path: ['metric_pattern'],
        message: codedMessage('E034', "is required when metric_source is 'stdout_regex'"),
      });
    } else {
      const pattern = compilePattern(watch.metric_pattern);
      const groups = pattern ? captureGroupCount(pattern) : -1;
      if (groups !== 1) {
        const problem = pattern ? `must have exactly 1 capture group, got ${groups}` : 'is not a valid regex';
        context.addIssue({
          code: 'custom',
          path: ['metric_pattern'],
          message: codedMessage('E034', problem),
        });
      }
    }
  }
  if (source === 'json_field' && !watch.metric_json_path) {
    context.addIssue({
      code: 'custom',
      path: ['metric_json_path'],
      message: codedMessage('E035', "is required when metric_source is 'json_field'"),
    });
  }
  const maxIterations = watch.max_iterations ?? 100;
  const warmup = watch.warmup_iterations ?? (improve ? 0 : 1);
  if (warmup >= maxIterations) {
    context.addIssue({
      code: 'custom',
      path: ['warmup_iterations'],
      message: codedMessage('E037', `must be < max_iterations (${maxIterations}), got ${warmup}`),
    });
  }
});
