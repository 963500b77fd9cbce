import { describe, expect, it } from 'vitest';
import { formatCommandLine, quoteShellArgument } from './quote-shell-argument.ts';
import { resolveSpawnCommand, SHELL_PATH } from './resolve-spawn-command.ts';

describe('quoteShellArgument and formatCommandLine', () => {
  it('leaves safe words bare and single-quotes the rest', () => {
    expect(quoteShellArgument('src/a-b_c.ts')).toBe('src/a-b_c.ts');
    expect(quoteShellArgument('')).toBe("''");
    expect(quoteShellArgument('two words')).toBe("'two words'");
    expect(quoteShellArgument("it's")).toBe(`'it'\\''s'`);
    expect(quoteShellArgument('$HOME')).toBe("'$HOME'");
  });

  it('shows a string as written and a list quoted', () => {
    expect(formatCommandLine('npm test && echo ok')).toBe('npm test && echo ok');
    expect(formatCommandLine(['git', 'commit', '-m', 'fix: a bug'])).toBe("git commit -m 'fix: a bug'");
  });
});

describe('resolveSpawnCommand', () => {
  it('runs a string through sh unless shell is false', () => {
    expect(resolveSpawnCommand('echo a b')).toEqual({ file: SHELL_PATH, args: ['-c', 'echo a b'] });
    expect(resolveSpawnCommand('my tool', false)).toEqual({ file: 'my tool', args: [] });
  });

  it('runs a list directly unless shell is true', () => {
    expect(resolveSpawnCommand(['echo', 'a b'])).toEqual({ file: 'echo', args: ['a b'] });
    expect(resolveSpawnCommand(['echo', 'a b'], true)).toEqual({
      file: SHELL_PATH,
      args: ['-c', "echo 'a b'"],
    });
  });
});
