import { describe, expect, it } from 'vitest';
import {
  collapseRepeats,
  dropDuplicatesAndLongLines,
  dropNoise,
  headKeyLinesTail,
  stepsFor,
} from './compact-text.ts';

describe('collapseRepeats (the standard pass)', () => {
  it('removes terminal escapes, trailing spaces, redrawn progress and blank-line runs', () => {
    const text = '\x1b[32mok\x1b[0m   \n\n\n\nprogress 10%\rprogress 100%\nend';
    expect(collapseRepeats(text)).toBe('ok\n\nprogress 100%\nend');
  });

  it('keeps one copy of a repeated line and of a repeated block, with a count', () => {
    const lines = ['start', ...Array(5).fill('retrying...'), 'a', 'b', 'a', 'b', 'a', 'b', 'end'];
    expect(collapseRepeats(lines.join('\n')).split('\n')).toEqual([
      'start',
      'retrying...',
      '[previous line repeated 4 more times]',
      'a',
      'b',
      '[previous 2 lines repeated 2 more times]',
      'end',
    ]);
  });

  it('leaves a line that appears only twice in a row alone (nothing to gain)', () => {
    expect(collapseRepeats('x\nx\ny')).toBe('x\nx\ny');
  });
});

describe('progressive steps', () => {
  it('drops repeats anywhere and shortens overlong lines', () => {
    const long = 'z'.repeat(1000);
    const result = dropDuplicatesAndLongLines(`same line here\nother\nsame line here\n${long}\n}\n}`);
    expect(result.split('\n').slice(0, 2)).toEqual(['same line here', 'other']);
    expect(result).not.toContain(long);
    expect(result).toContain('[…]');
    expect(result.endsWith('}\n}')).toBe(true);
  });

  it('drops lines without words and runs of spaces, keeping indentation', () => {
    expect(dropNoise('=====\n  a    b\n-----\n\n\nc')).toBe('  a b\n\nc');
  });

  it('keeps the head, the key lines and the tail of a long output', () => {
    const lines = Array.from({ length: 200 }, (_, index) => `step ${index} fine`);
    lines[100] = 'ERROR: disk full';
    const result = headKeyLinesTail(lines.join('\n'));
    expect(result).toContain('step 0 fine');
    expect(result).toContain('step 199 fine');
    expect(result).toContain('ERROR: disk full');
    expect(result).not.toContain('step 100 fine');
    expect(result.split('\n').length).toBeLessThan(50);
  });

  it('standard is one step, progressive four, none zero', () => {
    expect(stepsFor('standard').map((step) => step.name)).toEqual(['collapse_repeats']);
    expect(stepsFor('progressive')).toHaveLength(4);
    expect(stepsFor('none')).toHaveLength(0);
  });
});
