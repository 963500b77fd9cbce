// The typed sub-objects of a task other than the judge: batch, population, council, reminders,
// trajectory_guard, matrix and assert.
import * as z from 'zod';
import { didYouMean } from '../did-you-mean.ts';
import {
  ASSERTION_SEVERITIES,
  COUNCIL_TOPOLOGIES,
  ENGINE_NAMES,
  isEngineName,
  POPULATION_STRATEGIES,
  TRAJECTORY_GUARD_ACTIONS,
  WORKSPACE_ASSERTION_TYPES,
} from '../plan-vocabulary.ts';
import { codedMessage, describeValue } from './issue-code.ts';
import { mockSpecSchema } from './mock-schema.ts';
import { isValidPattern } from './regex-pattern.ts';
import {
  boolean,
  closedMapping,
  integer,
  listOf,
  mapping,
  number,
  oneOf,
  text,
  textList,
} from './scalars.ts';

const BATCH_ITEM_MARKERS = ['{{ batch.item }}', '{{batch.item}}'];

export const batchShape = {
  items: listOf(z.unknown(), 'E057')
    .min(1, { error: codedMessage('E057', 'must be a non-empty list') })
    .optional()
    .describe('Items processed by the engine, max_per_call at a time.'),
  template: text('E057').optional().describe('Prompt per chunk; must contain {{ batch.item }}.'),
  max_per_call: integer({ min: 1, code: 'E058', typeCode: 'E058' })
    .optional()
    .describe('Items per call (default 5).'),
};

export const batchSchema = mapping(batchShape, 'E057').superRefine((batch, context) => {
  if (batch.items === undefined) {
    context.addIssue({ code: 'custom', path: ['items'], message: codedMessage('E057', 'is required') });
  }
  if (batch.template === undefined) {
    context.addIssue({ code: 'custom', path: ['template'], message: codedMessage('E057', 'is required') });
  } else if (!BATCH_ITEM_MARKERS.some((marker) => batch.template?.includes(marker))) {
    context.addIssue({
      code: 'custom',
      path: ['template'],
      message: codedMessage('E057', "must contain '{{ batch.item }}'"),
    });
  }
});

/** Maestro extension: a candidate may name its engine (and, for `mock`, its scripted replies). */
export const populationCandidateShape = {
  engine: text().optional(),
  model: text().optional(),
  mock: mockSpecSchema.optional(),
};

const populationCandidate = z.union([text('E012'), closedMapping(populationCandidateShape, 'E018')], {
  error: 'E018|candidates must be model names or mappings with engine/model',
});

export const populationShape = {
  candidates: z
    .preprocess((value) => (typeof value === 'string' ? [value] : value), listOf(populationCandidate, 'E012'))
    .refine((candidates) => candidates.length >= 2, {
      error: codedMessage('E012', 'must list at least 2 models'),
    }),
  strategy: oneOf(POPULATION_STRATEGIES).optional(),
  parallel: boolean().optional(),
};

export const populationSchema = mapping(populationShape);

// A participant's engine is checked against the list a task's `engine:` is (E006, as maestro-cli), so a
// typo fails at load time rather than when the council meets.
const participantEngine = text('E006').refine(isEngineName, {
  error: (issue) => {
    const input = issue.input;
    const hint = typeof input === 'string' ? didYouMean(input, ENGINE_NAMES) : '';
    return codedMessage(
      'E006',
      `is not a supported engine, got ${describeValue(input)}. Supported engines: ${ENGINE_NAMES.join(', ')}${hint}`,
    );
  },
});

export const councilParticipantShape = {
  engine: participantEngine,
  model: text().optional(),
  role: text().optional(),
  /** Maestro extension: the scripted replies of a `mock` participant (as a task's `mock:`). */
  mock: mockSpecSchema.optional(),
};

const councilParticipant = mapping(councilParticipantShape);

export const councilShape = {
  participants: listOf(councilParticipant, 'E012').refine((participants) => participants.length >= 2, {
    error: codedMessage('E012', 'must have at least 2 entries'),
  }),
  rounds: integer({ min: 1, max: 5 }).optional(),
  topology: oneOf(COUNCIL_TOPOLOGIES).optional(),
  consensus_threshold: number({ greaterThan: 0, max: 1 }).optional(),
  connections: z
    .record(z.string(), textList('E072'), {
      error: codedMessage('E072', 'must map a role to a list of roles'),
    })
    .optional(),
};

export const councilSchema = mapping(councilShape);

export const reminderSchema = z
  .looseObject(
    { trigger: z.unknown().optional(), message: z.unknown().optional() },
    {
      error: (issue) =>
        codedMessage(
          'E018',
          `must be a mapping with 'trigger' and 'message', got ${describeValue(issue.input)}`,
        ),
    },
  )
  .superRefine((reminder, context) => {
    for (const key of ['trigger', 'message'] as const) {
      const value = reminder[key];
      if (value === undefined || value === null) {
        context.addIssue({
          code: 'custom',
          path: [],
          message: codedMessage('E067', "must have both 'trigger' and 'message' keys"),
        });
        return;
      }
      if (String(value).trim() === '') {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: codedMessage('E067', 'must be a non-empty string'),
        });
      }
    }
  });

export const trajectoryGuardShape = {
  max_tool_calls: integer({ min: 1 }).optional(),
  max_retries_without_progress: integer({ min: 1 }).optional(),
  scope_pattern: text()
    .refine(isValidPattern, { error: codedMessage('E008', 'is not a valid regular expression') })
    .optional(),
  on_violation: oneOf(TRAJECTORY_GUARD_ACTIONS).optional(),
};

export const trajectoryGuardSchema = mapping(trajectoryGuardShape);

/** `matrix: {key: [values]}` — a non-empty mapping of non-empty lists (E018). */
export const matrixSchema = z
  .record(
    z.string(),
    listOf(z.unknown()).min(1, { error: codedMessage('E018', 'must be a non-empty list') }),
    {
      error: (issue) => codedMessage('E018', `must be a mapping of lists, got ${describeValue(issue.input)}`),
    },
  )
  .refine((matrix) => Object.keys(matrix).length > 0, {
    error: codedMessage('E018', 'must have at least one dimension'),
  });

const assertionShape = {
  type: oneOf(WORKSPACE_ASSERTION_TYPES, 'E018'),
  path: text().optional(),
  pattern: text().optional(),
  glob: text().optional(),
  json_path: text().optional(),
  package: text().optional(),
  message: text().optional(),
  severity: oneOf(ASSERTION_SEVERITIES, 'E018').optional(),
  rule: text().optional(),
  id: text().optional(),
  task_id: text().optional(),
  count: integer({ min: 0 }).optional(),
  min_count: integer({ min: 0 }).optional(),
};

export const assertionSchema = closedMapping(assertionShape, 'E018').superRefine((assertion, context) => {
  if (
    assertion.type === 'file_contains_count' &&
    (assertion.count === undefined) === (assertion.min_count === undefined)
  ) {
    context.addIssue({
      code: 'custom',
      path: [],
      message: codedMessage('E018', "file_contains_count needs exactly one of 'count' or 'min_count'"),
    });
  }
});
