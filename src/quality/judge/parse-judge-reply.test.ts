import { describe, expect, it } from 'vitest';
import { type ModelCriterion, normalizeCriteria } from './judge-criteria.ts';
import { normalizeScore, parseJudgeReply } from './parse-judge-reply.ts';

const criteria = normalizeCriteria([
  'The answer is correct',
  'The answer is short',
  {
    type: 'rubric',
    name: 'Style',
    levels: [
      { score: 1, description: 'bad' },
      { score: 5, description: 'great' },
    ],
    min_score: 4,
  },
]) as ModelCriterion[];
const unit = { scale: 'unit' as const, passThreshold: 0.7 };

describe('parseJudgeReply', () => {
  it('reads the JSON between the first { and the last }, matching criteria by id', () => {
    const reply = `Sure! Here is my verdict:
{"criteria": [
  {"id": "c2", "criterion": "short", "passed": false, "score": 0.4, "reasoning": "too long"},
  {"id": "c1", "passed": true, "score": 0.9, "reasoning": "right"},
  {"id": "c3", "level": 4, "reasoning": "clean"}
], "overall_score": 0.7, "reasoning": "ok overall"}
Hope this helps.`;
    const parsed = parseJudgeReply(reply, criteria, unit);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.scores.get('c1')).toMatchObject({ score: 0.9, passed: true, reasoning: 'right' });
    expect(parsed.scores.get('c2')).toMatchObject({ score: 0.4, passed: false });
    expect(parsed.scores.get('c3')).toMatchObject({ level: 4, score: 0.75, passed: true });
    expect(parsed.reasoning).toBe('ok overall');
  });

  it('matches by criterion text, then by position, and reads other field names and scales', () => {
    const byText = parseJudgeReply(
      '```json\n{"scores": [{"name": "the answer is SHORT", "rating": "8/10", "reason": "fine"}, {"criterion": "The answer is correct", "score": 5}, {"criterion": "Style", "score": 2}]}\n```',
      criteria,
      unit,
    );
    expect(byText.ok).toBe(true);
    if (!byText.ok) return;
    expect(byText.scores.get('c2')).toMatchObject({ score: 0.8, passed: true, reasoning: 'fine' });
    expect(byText.scores.get('c1')!.score).toBe(1);
    expect(byText.scores.get('c3')).toMatchObject({ level: 2, passed: false });

    const byPosition = parseJudgeReply(
      '{"criteria": [{"score": 0.1}, {"score": 0.2}, {"score": 1}]}',
      criteria,
      unit,
    );
    expect(byPosition.ok && byPosition.scores.get('c2')!.score).toBe(0.2);
    expect(byPosition.ok && byPosition.scores.get('c3')).toMatchObject({ level: 5 });
  });

  it('lets overall_score stand in for criteria the reply leaves out', () => {
    const parsed = parseJudgeReply('{"overall_score": 0.8, "reasoning": "fine"}', criteria, unit);
    expect(parsed.ok && parsed.scores.get('c1')).toMatchObject({ score: 0.8, passed: true });
  });

  it('reports replies without JSON or without a score for a criterion', () => {
    expect(parseJudgeReply('I think it is great.', criteria, unit)).toMatchObject({ ok: false });
    const partial = parseJudgeReply('{"criteria": [{"id": "c1", "score": 1}]}', criteria, unit);
    expect(partial).toMatchObject({ ok: false });
    expect(!partial.ok && partial.error).toContain('c2');
  });

  it('reads G-Eval steps and 1-5 scores', () => {
    const parsed = parseJudgeReply(
      '{"evaluation_steps": ["check facts", "check length"], "criteria": [{"id": "c1", "score": 5}, {"id": "c2", "score": 1}, {"id": "c3", "score": 3}]}',
      criteria,
      { scale: 'likert', passThreshold: 0.7 },
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.evalSteps).toEqual(['check facts', 'check length']);
    expect([1, 2, 3].map((index) => parsed.scores.get(`c${index}`)!.score)).toEqual([1, 0, 0.5]);
    expect(parsed.scores.get('c1')!.passed).toBe(true);
  });
});

describe('normalizeScore', () => {
  it('maps 0-1, 1-5, 0-10 and 0-100 onto 0-1', () => {
    expect(normalizeScore(0.3, false)).toBe(0.3);
    expect(normalizeScore(4, false)).toBe(0.75);
    expect(normalizeScore(7, false)).toBe(0.7);
    expect(normalizeScore(85, false)).toBe(0.85);
    expect(normalizeScore(1, true)).toBe(0);
    expect(normalizeScore(5, true)).toBe(1);
    expect(normalizeScore(-3, false)).toBe(0);
  });
});
