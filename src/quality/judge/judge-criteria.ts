// The judge's criteria as the evaluator uses them: typed checks scored locally, plain sentences and
// `llm-rubric` values judged by a model on a 0-1 scale, and `rubric` entries judged on their 1-5 levels.
// Each gets a stable key (`c1`, `c2`, ...) that the judge prompt and the reply parser share.

export type TypedCriterionType =
  | 'contains'
  | 'regex'
  | 'is-json'
  | 'json-schema'
  | 'cost_under'
  | 'duration_under';

export interface RubricLevel {
  score: number;
  description: string;
}

interface CriterionBase {
  /** `c1`, `c2`, ... by position. */
  key: string;
  /** How the criterion is named in prompts, events and result.json. */
  label: string;
  /** For `weighted_mean`: a rubric's `weight`, 1 for everything else. */
  weight: number;
}

export interface TypedCriterion extends CriterionBase {
  kind: 'typed';
  type: TypedCriterionType;
  spec: Record<string, unknown>;
}

export interface LlmCriterion extends CriterionBase {
  kind: 'llm';
  text: string;
}

export interface RubricCriterion extends CriterionBase {
  kind: 'rubric';
  name: string;
  levels: RubricLevel[];
  /** The level needed to pass this criterion. @default 3 */
  minScore: number;
}

export type JudgeCriterion = TypedCriterion | LlmCriterion | RubricCriterion;
export type ModelCriterion = LlmCriterion | RubricCriterion;

/** How one criterion was scored (score normalised to 0-1). */
export interface CriterionVerdict {
  key: string;
  criterion: string;
  kind: JudgeCriterion['kind'];
  passed: boolean;
  score: number;
  weight: number;
  reasoning: string;
  /** The rubric level (1-5) the judge gave, for rubric criteria. */
  level?: number;
}

const typedTypes: readonly string[] = [
  'contains',
  'regex',
  'is-json',
  'json-schema',
  'cost_under',
  'duration_under',
];

/** Turns the plan's `criteria` entries (strings and typed mappings, as the schema accepted them) into
 * criteria. */
export function normalizeCriteria(entries: readonly unknown[]): JudgeCriterion[] {
  return entries.map((entry, index) => normalizeCriterion(entry, `c${index + 1}`));
}

function normalizeCriterion(entry: unknown, key: string): JudgeCriterion {
  if (typeof entry === 'string')
    return { kind: 'llm', key, label: entry.trim(), text: entry.trim(), weight: 1 };
  const spec = (entry ?? {}) as Record<string, unknown>;
  const type = String(spec.type);
  if (type === 'llm-rubric') {
    const text = String(spec.value ?? '').trim();
    return { kind: 'llm', key, label: text, text, weight: 1 };
  }
  if (type === 'rubric') {
    const name = String(spec.name ?? 'rubric');
    const levels = (Array.isArray(spec.levels) ? spec.levels : [])
      .map((level) => level as { score?: unknown; description?: unknown })
      .map((level) => ({ score: Number(level.score), description: String(level.description ?? '') }))
      .sort((left, right) => left.score - right.score);
    return {
      kind: 'rubric',
      key,
      label: name,
      name,
      levels,
      minScore: typeof spec.min_score === 'number' ? spec.min_score : 3,
      weight: typeof spec.weight === 'number' ? spec.weight : 1,
    };
  }
  if (!typedTypes.includes(type)) {
    // The schema rejects other types (E020); a value that reaches here is judged by the model as text.
    return { kind: 'llm', key, label: JSON.stringify(entry), text: JSON.stringify(entry), weight: 1 };
  }
  return {
    kind: 'typed',
    key,
    label: typedLabel(type, spec),
    type: type as TypedCriterionType,
    spec,
    weight: 1,
  };
}

function typedLabel(type: string, spec: Record<string, unknown>): string {
  switch (type) {
    case 'contains':
      return `contains ${JSON.stringify(String(spec.value ?? ''))}`;
    case 'regex':
      return `regex /${String(spec.pattern ?? spec.value ?? '')}/`;
    case 'json-schema':
      return spec.schema_file !== undefined ? `json-schema ${String(spec.schema_file)}` : 'json-schema';
    case 'cost_under':
      return `cost_under $${String(spec.value)}`;
    case 'duration_under':
      return `duration_under ${String(spec.value)}s`;
    default:
      return type;
  }
}

export function isModelCriterion(criterion: JudgeCriterion): criterion is ModelCriterion {
  return criterion.kind !== 'typed';
}
