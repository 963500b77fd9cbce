// Policy rules must parse as Python expressions (maestro-cli: `ast.parse(rule, mode="eval")`, E052).
// The verdicts below are Python 3.11's.
import { describe, expect, it } from 'vitest';
import { policyRuleProblem } from './policy-rule.ts';

describe('policy rule syntax', () => {
  it('accepts Python expressions', () => {
    for (const rule of [
      "model != 'opus' or has_judge",
      "execution_profile != 'yolo' or requires_approval",
      'cost_usd < 5.0',
      "task.model in ['opus', 'sonnet'] and task.engine not in ('codex',)",
      'len(task.tags) > 0 and plan.max_cost_usd is not None',
      'not (task.requires_approval or plan.fail_fast)',
      'a < b <= c',
      'x if y else z if w else v',
      'lambda x, *a, k=1, **kw: x',
      'f(*args, key=1, **kw)(2)[1:2, ::3].attr',
      "{'a': 1, **b} | {1, *s}",
      '[i for i in r if i % 2] + list(x async for x in y)',
      '(a := 5) and (yield)',
      "rb'\\d' b'x' f'{x}' '''tri\nple'''",
      '0x1F + 0o17 + 0b1 + 1_000 + 1.5e-3 + 2j + .5 + 5. + 007.5',
      '1if x else 2',
      '-x ** 2 @ ~y // z >> 1',
      'await y',
      '...',
      'a,',
      '(a\n + b)  # comment',
      'a \\\n + b\n\n',
      'é',
    ]) {
      expect(policyRuleProblem(rule), rule).toBeUndefined();
    }
  });

  it('says why anything else is not one, and where', () => {
    const cases: [string, string][] = [
      ['(((', "'(' was never closed at column 3"],
      ['', 'empty expression (found the end) at column 1'],
      ['# only a comment', 'empty expression (found the end) at column 17'],
      [' a', 'unexpected indent at column 1'],
      ['a b', "invalid syntax (found 'b') at column 3"],
      ['a = 1', "invalid syntax (found '=') at column 3"],
      ['a := 1', "invalid syntax (found ':=') at column 3"],
      ['a if b', "expected 'else' after 'if' expression (found the end) at column 7"],
      ['a == not b', "invalid syntax (found 'not') at column 6"],
      ['a not b', "invalid syntax (found 'not') at column 3"],
      ['a && b', "invalid syntax (found '&') at column 4"],
      ['!a', "invalid syntax (found '!') at column 1"],
      ['a\nb', "invalid syntax (found 'b') at column 3"],
      ["'open", 'unterminated string literal at column 1'],
      ['x[]', "invalid syntax (found ']') at column 3"],
      ['f(,)', "invalid syntax (found ',') at column 3"],
      ['f(a=1, b)', "positional argument follows keyword argument (found 'b') at column 8"],
      ['f(x for x in y, 1)', "generator expression must be parenthesized (found 'x') at column 3"],
      ['(*a)', "cannot use starred expression here (found '*') at column 2"],
      ['{a: b, c}', "':' expected after dictionary key (found '}') at column 9"],
      ['a)', "unmatched ')' at column 2"],
      ['(a]', "closing parenthesis ']' does not match opening parenthesis '(' at column 3"],
      ['007', 'leading zeros in decimal integer literals are not permitted at column 1'],
      ['1abc', 'invalid number at column 2'],
      ['a $ b', "invalid character '$' at column 3"],
      ["b'é'", 'bytes can only contain ASCII literal characters at column 1'],
      ['import os', "invalid syntax (found 'import') at column 1"],
    ];
    for (const [rule, problem] of cases) expect(policyRuleProblem(rule), JSON.stringify(rule)).toBe(problem);
  });
});
