import { describe, expect, it } from 'vitest';
import { canonicalNumber, extractPosition, finalAnswerSegment } from './extract-answer.ts';
import type { AnswerKind } from './types.ts';

const cases: [AnswerKind, string, string | undefined][] = [
  // number
  ['number', 'Reasoning...\nFINAL ANSWER: 42', 'number:42'],
  ['number', 'FINAL ANSWER: 42.0', 'number:42'],
  ['number', 'FINAL ANSWER: $1,234.50 per month', 'number:1234.5'],
  ['number', 'FINAL ANSWER: 42 km', 'number:42'],
  ['number', 'FINAL ANSWER: x = 2 + 2 = 4', 'number:4'],
  ['number', 'FINAL ANSWER: -3', 'number:-3'],
  ['number', 'FINAL ANSWER: 3/4', 'number:0.75'],
  ['number', '**Final Answer:** **17**', 'number:17'],
  ['number', 'FINAL ANSWER:\n\n  128\n', 'number:128'],
  ['number', 'The total is 12 and then 15 more, giving 27.', 'number:27'],
  ['number', 'No digits at all', undefined],
  // option
  ['option', 'FINAL ANSWER: (B)', 'option:B'],
  ['option', 'FINAL ANSWER: B) Paris', 'option:B'],
  ['option', 'FINAL ANSWER: Option c', 'option:C'],
  ['option', 'FINAL ANSWER: The answer is (D) because...', 'option:D'],
  ['option', 'I think the answer is (A).', 'option:A'],
  ['option', 'FINAL ANSWER: none of them', undefined],
  // yes/no
  ['yes_no', 'FINAL ANSWER: Yes, it is.', 'yes_no:yes'],
  ['yes_no', 'FINAL ANSWER: true', 'yes_no:yes'],
  ['yes_no', 'FINAL ANSWER: I agree', undefined],
  ['yes_no', 'FINAL ANSWER: Agree', 'yes_no:yes'],
  ['yes_no', 'FINAL ANSWER: No.', 'yes_no:no'],
  ['yes_no', 'FINAL ANSWER: False', 'yes_no:no'],
  ['yes_no', 'FINAL ANSWER: maybe', undefined],
  // json field
  ['json_field:verdict', 'Here:\n```json\n{"verdict": "Approve", "score": 3}\n```', 'json_field:"approve"'],
  ['json_field:score', 'Result {"verdict": "x", "score": 3.0} done', 'json_field:3'],
  ['json_field:a.b', 'FINAL ANSWER: {"a": {"b": [2, 1]}}', 'json_field:[2,1]'],
  ['json_field:missing', '{"verdict": "x"}', undefined],
  ['json_field:verdict', 'not json {oops', undefined],
  // auto
  ['auto', 'FINAL ANSWER: 42', 'number:42'],
  ['auto', 'FINAL ANSWER: about 42 meters', 'number:42'],
  ['auto', 'FINAL ANSWER: Yes', 'yes_no:yes'],
  ['auto', 'FINAL ANSWER: (C)', 'option:C'],
  ['auto', 'FINAL ANSWER: A cat', 'text:a cat'],
  ['auto', 'FINAL ANSWER: The answer is Paris.', 'text:paris'],
  ['auto', 'FINAL ANSWER: "Paris"', 'text:paris'],
  ['auto', 'FINAL ANSWER: In 1969 Apollo 11 landed and 2 men walked there', undefined],
  ['auto', 'Just prose with no marker but a short last line\nParis', 'text:paris'],
  ['auto', '', undefined],
  // free never extracts
  ['free', 'FINAL ANSWER: 42', undefined],
];

describe('extractPosition', () => {
  it.each(cases)('%s: %j → %s', (kind, text, expected) => {
    const position = extractPosition(text, kind);
    expect(position ? `${position.kind}:${position.value}` : undefined).toBe(expected);
  });

  it('uses the last FINAL ANSWER line when a reply quotes earlier ones', () => {
    const text = 'Peer said FINAL ANSWER: 41\nBut I computed again.\nFINAL ANSWER: 42';
    expect(finalAnswerSegment(text)).toBe('42');
  });

  it('never throws on hostile input', () => {
    const hostile = `${'{'.repeat(5000)}FINAL ANSWER: ${'9'.repeat(400)}`;
    for (const kind of ['auto', 'number', 'option', 'yes_no', 'json_field:x'] as AnswerKind[]) {
      expect(() => extractPosition(hostile, kind)).not.toThrow();
    }
  });
});

describe('canonicalNumber', () => {
  it.each([
    ['1,000', '1000'],
    ['42.000', '42'],
    ['-0', '0'],
    ['1e3', '1000'],
    ['−7', '-7'],
    ['1/0', undefined],
  ])('%s → %s', (literal, expected) => {
    expect(canonicalNumber(literal)).toBe(expected);
  });
});
