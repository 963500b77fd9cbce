import { describe, expect, it } from 'vitest';
import { globToRegExp, staticPrefix } from './glob-match.ts';

describe('globToRegExp', () => {
  const cases: [string, string, boolean][] = [
    ['*.ts', 'a.ts', true],
    ['*.ts', 'src/a.ts', false],
    ['src/**/*.ts', 'src/a.ts', true],
    ['src/**/*.ts', 'src/x/y/a.ts', true],
    ['src/**/*.ts', 'lib/a.ts', false],
    ['**/README.md', 'README.md', true],
    ['**/README.md', 'docs/README.md', true],
    ['docs/**', 'docs/a/b.md', true],
    ['file?.txt', 'file1.txt', true],
    ['file?.txt', 'file10.txt', false],
    ['[ab].txt', 'a.txt', true],
    ['[!ab].txt', 'a.txt', false],
    ['*.{js,ts}', 'x.ts', true],
    ['*.{js,ts}', 'x.py', false],
    ['a.b', 'axb', false],
  ];
  it.each(cases)('%s against %s is %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });

  it('starts the walk at the static prefix', () => {
    expect(staticPrefix('src/lib/**/*.ts')).toBe('src/lib');
    expect(staticPrefix('*.ts')).toBe('');
    expect(staticPrefix('src/*/x.ts')).toBe('src');
  });
});
