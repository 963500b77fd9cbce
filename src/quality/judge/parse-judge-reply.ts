// Reads a judge model's reply into per-criterion scores. Robust to what models do: text around the JSON
// (taken from the first `{` to the last `}`, else a fenced or embedded object), other field names
// (`scores`, `results`, `rating`, `reason`, ...), criteria matched by id, by text or by position, scores on
// another scale (1-5, 0-10, 0-100 are normalised to 0-1), and an `overall_score` standing in for criteria
// the reply left out. Anything else is a parse error (the judge's verdict is then `error`).
import { extractJson } from '../../context/json-extract.ts';
import type { ModelCriterion } from './judge-criteria.ts';

export type ScoreScale = 'unit' | 'likert';

export interface ParsedCriterionScore {
  score: number;
  passed: boolean;
  reasoning: string;
  level?: number;
}

export type ParsedJudgeReply =
  | {
      ok: true;
      scores: Map<string, ParsedCriterionScore>;
      reasoning: string;
      evalSteps: string[];
      overallScore: number | null;
    }
  | { ok: false; error: string };

export interface ParseOptions {
  /** `unit`: scores asked on 0-1 (rubric levels 1-5); `likert`: every score asked on 1-5 (G-Eval). */
  scale: ScoreScale;
  /** Decides `passed` when the reply does not say. */
  passThreshold: number;
}

export function parseJudgeReply(
  text: string,
  criteria: readonly ModelCriterion[],
  options: ParseOptions,
): ParsedJudgeReply {
  const document = findObject(text);
  if (!document) return { ok: false, error: 'the judge reply holds no JSON object' };
  const items = firstArray(document, ['criteria', 'scores', 'results', 'criterion_scores', 'evaluations']);
  const overallRaw = firstNumber(document, ['overall_score', 'score', 'overall', 'final_score']);
  const overallScore =
    overallRaw === undefined ? null : normalizeScore(overallRaw, options.scale === 'likert');
  const matched = matchItems(items, criteria);
  const scores = new Map<string, ParsedCriterionScore>();
  for (const criterion of criteria) {
    const item = matched.get(criterion.key);
    const parsed = item ? readItem(item, criterion, options) : undefined;
    if (parsed) {
      scores.set(criterion.key, parsed);
    } else if (overallScore !== null) {
      scores.set(criterion.key, {
        score: overallScore,
        passed: overallScore >= options.passThreshold,
        reasoning: '(not scored on its own; the overall score stands in)',
      });
    } else {
      return {
        ok: false,
        error: `the judge reply does not score criterion ${criterion.key} (${criterion.label})`,
      };
    }
  }
  return {
    ok: true,
    scores,
    overallScore,
    reasoning: firstText(document, ['reasoning', 'reason', 'explanation', 'summary', 'rationale']) ?? '',
    evalSteps: readSteps(document),
  };
}

function findObject(text: string): Record<string, unknown> | undefined {
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first !== -1 && last > first) {
    try {
      const value = JSON.parse(text.slice(first, last + 1));
      if (isRecord(value)) return value;
    } catch {
      // fall through to the lenient search
    }
  }
  const extracted = extractJson(text);
  if (extracted.ok && isRecord(extracted.value)) return extracted.value;
  if (extracted.ok && Array.isArray(extracted.value)) return { criteria: extracted.value };
  return undefined;
}

function matchItems(
  items: Record<string, unknown>[],
  criteria: readonly ModelCriterion[],
): Map<string, Record<string, unknown>> {
  const matched = new Map<string, Record<string, unknown>>();
  const used = new Set<Record<string, unknown>>();
  const keyOf = (item: Record<string, unknown>): string | undefined => {
    const id = item.id ?? item.key ?? item.index;
    if (typeof id === 'number') return `c${id}`;
    if (typeof id === 'string') return /^\d+$/.test(id.trim()) ? `c${id.trim()}` : id.trim().toLowerCase();
    return undefined;
  };
  for (const criterion of criteria) {
    const item = items.find((candidate) => !used.has(candidate) && keyOf(candidate) === criterion.key);
    if (item) {
      matched.set(criterion.key, item);
      used.add(item);
    }
  }
  for (const criterion of criteria) {
    if (matched.has(criterion.key)) continue;
    const wanted = normalizeText(criterion.label);
    const item = items.find((candidate) => {
      if (used.has(candidate)) return false;
      const named = normalizeText(String(candidate.criterion ?? candidate.name ?? candidate.title ?? ''));
      return named !== '' && (named === wanted || named.includes(wanted) || wanted.includes(named));
    });
    if (item) {
      matched.set(criterion.key, item);
      used.add(item);
    }
  }
  if (items.length === criteria.length) {
    criteria.forEach((criterion, index) => {
      const item = items[index]!;
      if (!matched.has(criterion.key) && !used.has(item)) matched.set(criterion.key, item);
    });
  }
  return matched;
}

function readItem(
  item: Record<string, unknown>,
  criterion: ModelCriterion,
  options: ParseOptions,
): ParsedCriterionScore | undefined {
  const reasoning = firstText(item, ['reasoning', 'reason', 'explanation', 'rationale', 'comment']) ?? '';
  const said =
    typeof item.passed === 'boolean' ? item.passed : typeof item.pass === 'boolean' ? item.pass : undefined;
  if (criterion.kind === 'rubric') {
    const levelRaw = firstNumber(item, ['level']);
    const scoreRaw = firstNumber(item, ['score', 'rating', 'value']);
    let level: number;
    if (levelRaw !== undefined) level = levelRaw;
    else if (scoreRaw === undefined) return undefined;
    else if (options.scale === 'likert' || scoreRaw > 1) level = scoreRaw;
    else level = 1 + 4 * scoreRaw;
    level = Math.min(5, Math.max(1, level));
    return { level, score: (level - 1) / 4, passed: level >= criterion.minScore, reasoning };
  }
  const raw = firstNumber(item, ['score', 'rating', 'value', 'level']);
  if (raw === undefined) {
    if (said === undefined) return undefined;
    return { score: said ? 1 : 0, passed: said, reasoning };
  }
  const score = normalizeScore(raw, options.scale === 'likert');
  return { score, passed: said ?? score >= options.passThreshold, reasoning };
}

/** A score on 0-1; 1-5 (always for G-Eval), 0-10 and 0-100 scales are mapped onto it. */
export function normalizeScore(raw: number, likert: boolean): number {
  let score: number;
  if (likert) score = raw >= 1 ? (Math.min(raw, 5) - 1) / 4 : raw;
  else if (raw <= 1) score = raw;
  else if (raw <= 5) score = (raw - 1) / 4;
  else if (raw <= 10) score = raw / 10;
  else score = raw / 100;
  return Math.min(1, Math.max(0, score));
}

function readSteps(document: Record<string, unknown>): string[] {
  for (const key of ['evaluation_steps', 'eval_steps', 'steps']) {
    const value = document[key];
    if (Array.isArray(value))
      return value.map((step) => (typeof step === 'string' ? step : JSON.stringify(step)));
    if (typeof value === 'string' && value.trim()) return [value.trim()];
  }
  return [];
}

function firstArray(document: Record<string, unknown>, keys: string[]): Record<string, unknown>[] {
  for (const key of keys) {
    const value = document[key];
    if (Array.isArray(value)) return value.filter(isRecord);
    if (isRecord(value)) {
      // {"c1": {...}, "c2": {...}} or {"<criterion>": 0.8}
      return Object.entries(value).map(([name, entry]) =>
        isRecord(entry)
          ? { id: name, criterion: name, ...entry }
          : { id: name, criterion: name, score: entry },
      );
    }
  }
  return [];
}

function firstNumber(record: Record<string, unknown>, keys: string[]): number | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*(\/\s*\d+)?\s*$/.test(value)) {
      const [top, bottom] = value.split('/').map((part) => Number(part.trim()));
      if (bottom !== undefined && bottom > 0) return top! / bottom;
      return top;
    }
  }
  return undefined;
}

function firstText(record: Record<string, unknown>, keys: string[]): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

function normalizeText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
