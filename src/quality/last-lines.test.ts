import { describe, expect, it } from 'vitest';
import { lastLines, TAIL_MAX_CHARS, TAIL_TRUNCATED_MARK } from './last-lines.ts';

describe('lastLines', () => {
  it('keeps the last N lines; a trailing newline is not an empty last line', () => {
    expect(lastLines('a\nb\nc\n', 2)).toBe('b\nc\n');
    expect(lastLines('a\nb\nc', 2)).toBe('b\nc');
    expect(lastLines('a\nb\nc', 5)).toBe('a\nb\nc');
    expect(lastLines('', 5)).toBe('');
  });

  it('caps one huge line without a newline in characters, keeping its end behind a mark', () => {
    const text = `${'x'.repeat(10_000_000)}END`;
    const tail = lastLines(text, 50);
    expect(tail.length).toBe(TAIL_MAX_CHARS);
    expect(tail.startsWith(TAIL_TRUNCATED_MARK)).toBe(true);
    expect(tail.endsWith('xEND')).toBe(true);
  });

  it('caps many long lines too, and leaves a tail within the cap as it was', () => {
    const line = `${'y'.repeat(9_999)}\n`;
    const tail = lastLines(line.repeat(50), 50);
    expect(tail.length).toBeLessThanOrEqual(TAIL_MAX_CHARS);
    expect(tail.length).toBeGreaterThan(TAIL_MAX_CHARS - line.length);
    // The cut moves on to the next line break: what follows the mark is whole lines.
    expect(tail.slice(TAIL_TRUNCATED_MARK.length)).toBe(line.repeat(6));
    expect(lastLines(line.repeat(6), 50)).toBe(line.repeat(6));
  });

  it('never keeps the end of a word it cuts, which the secret masker could no longer recognise', () => {
    const text = 'first sk-live-4711secret last';
    // The cut lands inside the token: none of it is kept.
    expect(lastLines(text, 1, TAIL_TRUNCATED_MARK.length + 12)).toBe(`${TAIL_TRUNCATED_MARK}last`);
  });

  it('never keeps half of a surrogate pair where it cuts', () => {
    const text = '😀'.repeat(10);
    // 10 characters minus the mark leave an odd count: the cut would land inside a pair.
    const tail = lastLines(text, 1, TAIL_TRUNCATED_MARK.length + 3);
    expect(tail).toBe(`${TAIL_TRUNCATED_MARK}😀`);
  });
});
