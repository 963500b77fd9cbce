import { describe, expect, it } from 'vitest';
import { MaestroError } from '../../errors/index.ts';
import type { TemplateLookup } from '../template.ts';
import { evaluateWhen } from './when-evaluate.ts';
import { parseWhen, whenReferences } from './when-parser.ts';
import { WhenSyntaxError } from './when-syntax-error.ts';

const results: Record<string, string> = {
  'a.status': 'failed',
  'a.exit_code': '3',
  'b.status': 'success',
  'b.exit_code': '0',
  'b.output': '  42  ',
  'm.x-a.status': 'success',
  'qa/lint.status': 'success',
  plan_name: 'demo',
};
const lookup: TemplateLookup = (parts) => results[parts.join('.')];
const when = (text: string) => evaluateWhen(parseWhen(text), lookup);

describe('evaluateWhen', () => {
  it('compares rendered values as trimmed strings', () => {
    expect(when('{{ a.status }} == failed')).toBe(true);
    expect(when('{{ a.status }} != failed')).toBe(false);
    expect(when('{{ b.status }}==success')).toBe(true);
    expect(when("{{ b.output }} == '42'")).toBe(true);
  });

  it('compares numbers numerically when both sides are numbers', () => {
    expect(when('{{ a.exit_code }} != 0')).toBe(true);
    expect(when('{{ a.exit_code }} > 2')).toBe(true);
    expect(when('{{ a.exit_code }} < 10')).toBe(true);
    expect(when('{{ a.exit_code }} >= 3.0')).toBe(true);
    expect(when('{{ b.exit_code }} <= 0')).toBe(true);
    expect(when('{{ b.output }} == 42.0')).toBe(true);
  });

  it('compares quoted literals as strings', () => {
    expect(when("{{ b.output }} == '42.0'")).toBe(false);
    expect(when('{{ a.exit_code }} < "10"')).toBe(false);
  });

  it('supports and, or, not and parentheses', () => {
    expect(when('{{ a.status }} == failed and {{ b.status }} == success')).toBe(true);
    expect(when('{{ a.status }} == success or {{ b.status }} == success')).toBe(true);
    expect(when('not {{ a.status }} == success')).toBe(true);
    expect(when('not ({{ a.status }} == failed or {{ b.status }} == failed)')).toBe(false);
    expect(when('{{ a.status }} == failed && ({{ b.exit_code }} == 1 || {{ b.exit_code }} == 0)')).toBe(true);
    expect(when('!({{ a.exit_code }} == 3)')).toBe(false);
  });

  it('treats a lone value as a truth value', () => {
    expect(when('{{ b.status }}')).toBe(true);
    expect(when('{{ b.exit_code }}')).toBe(false);
    expect(when('false')).toBe(false);
  });

  it('leaves unknown references as written, like templates', () => {
    expect(when('{{ zz.status }} == success')).toBe(false);
    expect(when("{{ zz.status }} == '{{ zz.status }}'")).toBe(true);
  });

  it('resolves ids with dots and slashes', () => {
    expect(when('{{ m.x-a.status }} == success and {{ qa/lint.status }} == success')).toBe(true);
  });

  it('handles long chains without deep recursion', () => {
    const text = Array.from({ length: 5000 }, () => '{{ b.status }} == success').join(' and ');
    expect(when(text)).toBe(true);
  });
});

describe('parseWhen', () => {
  it('rejects maestro-cli style prose with the column of the problem', () => {
    const error = (() => {
      try {
        parseWhen('a.status is success');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(WhenSyntaxError);
    expect(MaestroError.isInstance(error)).toBe(true);
    expect((error as WhenSyntaxError).code).toBe('E015');
    expect((error as WhenSyntaxError).column).toBe(10);
  });

  it.each([
    ['', 1],
    ['{{ a.status }} ==', 18],
    ['({{ a.status }} == x', 21],
    ['{{ a.status == x', 1],
    ['{{ a status }} == x', 1],
    ["{{ a.status }} == 'open", 19],
    ['{{ a.status }} = x', 16],
    ['== x', 1],
    ['a and', 6],
  ])('reports %j at column %i', (text, column) => {
    expect(() => parseWhen(text)).toThrow(WhenSyntaxError);
    try {
      parseWhen(text);
    } catch (error) {
      expect((error as WhenSyntaxError).column).toBe(column);
    }
  });

  it('limits nesting', () => {
    expect(() => parseWhen(`${'('.repeat(200)}x${')'.repeat(200)}`)).toThrow(/nesting/);
    expect(() => parseWhen(`${'not '.repeat(200)}x`)).toThrow(/nesting/);
  });
});

describe('whenReferences', () => {
  it('lists referenced task ids once, skipping globals', () => {
    expect(
      whenReferences(
        '{{ a.status }} == x and {{ b.exit_code }} != {{ a.exit_code }} or {{ plan_name }} == p',
      ),
    ).toEqual(['a', 'b']);
    expect(whenReferences('{{ matrix.x }} == y and {{ workspace_root.x }} == z')).toEqual([]);
  });

  it('resolves dotted ids against the known ids', () => {
    const known = new Set(['m.x-a', 'm']);
    expect(whenReferences('{{ m.x-a.status }} == success', (id) => known.has(id))).toEqual(['m.x-a']);
    expect(whenReferences('{{ m.x-a.status }} == success')).toEqual(['m']);
  });
});
