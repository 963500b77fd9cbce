// `judge:` — quality gate after a successful attempt. Typed criteria reject unknown fields (E020), as
// maestro-cli does; the judge block itself only warns about unknown keys.
import * as z from 'zod';
import {
  JUDGE_AGGREGATIONS,
  JUDGE_METHODS,
  JUDGE_ON_FAIL,
  JUDGE_PRESETS,
  QUORUM_STRATEGIES,
} from '../plan-vocabulary.ts';
import { codedMessage, describeValue } from './issue-code.ts';
import { mockSpecSchema } from './mock-schema.ts';
import { boolean, integer, listOf, mapping, number, oneOf, text } from './scalars.ts';

const JUDGE = 'E020';

function strictCriterion<Shape extends z.ZodRawShape>(type: string, shape: Shape) {
  return z.strictObject(
    { type: z.literal(type), ...shape },
    {
      error: (issue) => {
        const keys = (issue as { keys?: string[] }).keys;
        if (issue.code === 'unrecognized_keys' && keys) {
          const allowed = ['type', ...Object.keys(shape)].join(', ');
          return codedMessage(
            JUDGE,
            `has unknown field(s) ${keys.join(', ')} for criterion type '${type}'; allowed: ${allowed}`,
          );
        }
        return codedMessage(JUDGE, `must be a mapping, got ${describeValue(issue.input)}`);
      },
    },
  );
}

const nonEmptyText = text(JUDGE).refine((value) => value.trim().length > 0, {
  error: codedMessage(JUDGE, 'must be a non-empty string'),
});

const rubricLevel = z.strictObject(
  {
    score: integer({ min: 1, max: 5, code: JUDGE, typeCode: JUDGE }),
    description: nonEmptyText,
  },
  { error: codedMessage(JUDGE, "must be a mapping with 'score' and 'description'") },
);

const typedCriterion = z.discriminatedUnion(
  'type',
  [
    strictCriterion('contains', { value: z.unknown() }),
    strictCriterion('regex', { pattern: text(JUDGE).optional(), value: text(JUDGE).optional() }),
    strictCriterion('is-json', {}),
    strictCriterion('json-schema', {
      schema: z
        .record(z.string(), z.unknown(), { error: codedMessage(JUDGE, 'must be a mapping') })
        .optional(),
      schema_file: text(JUDGE).optional(),
    }).refine((criterion) => (criterion.schema === undefined) !== (criterion.schema_file === undefined), {
      error: codedMessage(JUDGE, "json-schema criterion needs exactly one of 'schema' or 'schema_file'"),
    }),
    strictCriterion('llm-rubric', { value: text(JUDGE) }),
    strictCriterion('cost_under', { value: number({ typeCode: JUDGE }) }),
    strictCriterion('duration_under', { value: number({ typeCode: JUDGE }) }),
    strictCriterion('rubric', {
      name: nonEmptyText,
      levels: listOf(rubricLevel, JUDGE).min(1, { error: codedMessage(JUDGE, 'must be a non-empty list') }),
      min_score: integer({ typeCode: JUDGE }).optional(),
      weight: number({ typeCode: JUDGE }).optional(),
    }),
  ],
  {
    error: (issue) =>
      codedMessage(
        JUDGE,
        `criterion type must be one of contains, regex, is-json, json-schema, llm-rubric, cost_under, duration_under, rubric; got ${describeValue((issue.input as { type?: unknown } | undefined)?.type)}`,
      ),
  },
);

const criterion = z.union([nonEmptyText, typedCriterion], {
  error: (issue) =>
    codedMessage(
      JUDGE,
      `criteria entries must be non-empty strings or typed mappings, got ${describeValue(issue.input)}`,
    ),
});

export const judgeShape = {
  criteria: listOf(criterion, JUDGE)
    .optional()
    .describe('What the judge checks: plain sentences or typed checks.'),
  preset: oneOf(JUDGE_PRESETS, JUDGE).optional().describe('Named criteria set with its own threshold.'),
  pass_threshold: number({
    min: 0,
    max: 1,
    code: JUDGE,
    typeCode: JUDGE,
    rangeText: 'must be between 0 and 1',
  })
    .optional()
    .describe('Score needed to pass, 0-1 (default 0.7).'),
  method: oneOf(JUDGE_METHODS, JUDGE).optional(),
  aggregation: oneOf(JUDGE_AGGREGATIONS, JUDGE).optional(),
  on_fail: oneOf(JUDGE_ON_FAIL, JUDGE).optional().describe('fail (default), warn or retry with feedback.'),
  model: nonEmptyText.optional().describe("Judge model (default: the task's model; haiku for a shell task)."),
  /** Maestro extension: the judge's engine (default: the task's own engine; claude for a shell task). */
  engine: nonEmptyText
    .optional()
    .describe("Judge engine (default: the task's engine; claude for a shell task)."),
  /** Maestro extension: scripted judge replies when the judge engine is `mock` (default: the task's). */
  mock: mockSpecSchema.optional(),
  timeout_sec: integer({ min: 10, code: JUDGE, typeCode: JUDGE }).optional(),
  quorum: integer({ min: 2, code: 'E054', typeCode: 'E054' }).optional().describe('Number of judges, >= 2.'),
  quorum_strategy: oneOf(QUORUM_STRATEGIES, 'E055').optional(),
  quorum_diversity: boolean().optional(),
  debate_rounds: integer({ min: 1, code: JUDGE, typeCode: JUDGE }).optional(),
};

export const judgeSchema = mapping(judgeShape, JUDGE).superRefine((judge, context) => {
  const criteria = judge.criteria;
  if (judge.preset === undefined && (criteria === undefined || criteria.length === 0)) {
    context.addIssue({
      code: 'custom',
      path: ['criteria'],
      message: codedMessage(JUDGE, 'must be a non-empty list'),
    });
  }
  if (judge.quorum_strategy !== undefined && judge.quorum === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['quorum_strategy'],
      message: codedMessage('E056', 'requires quorum to be set'),
    });
  }
});
