import { describe, expect, it } from 'vitest';
import { renderTemplate, splitTaskReference, type TemplateLookup, templateReferences } from './template.ts';

const values: Record<string, string> = {
  goal: 'ship',
  'a.status': 'success',
  'a.output.x': '1',
  'qa/lint.status': 'ok',
};
const lookup: TemplateLookup = (parts) => values[parts.join('.')];

describe('renderTemplate', () => {
  it('replaces one, two and three part references with optional whitespace', () => {
    expect(renderTemplate('{{goal}} / {{ a.status }} / {{   a.output.x   }}', lookup)).toBe(
      'ship / success / 1',
    );
  });

  it('leaves unknown references verbatim', () => {
    expect(renderTemplate('x {{ nope }} {{ a.nope }} y', lookup)).toBe('x {{ nope }} {{ a.nope }} y');
  });

  it('ignores text that is not a reference', () => {
    expect(renderTemplate('{{ a b }} {{}} {{ a. }} { goal } {{ goal }', lookup)).toBe(
      '{{ a b }} {{}} {{ a. }} { goal } {{ goal }',
    );
    expect(renderTemplate('plain', lookup)).toBe('plain');
  });

  it('handles ids with slashes and dashes', () => {
    expect(renderTemplate('{{ qa/lint.status }}', lookup)).toBe('ok');
  });

  it('does not render values again', () => {
    expect(renderTemplate('{{ x }}', () => '{{ goal }}')).toBe('{{ goal }}');
  });
});

describe('templateReferences', () => {
  it('lists references in order', () => {
    expect(templateReferences('{{ a.status }} and {{goal}} and {{ a.output.x }}')).toEqual([
      ['a', 'status'],
      ['goal'],
      ['a', 'output', 'x'],
    ]);
    expect(templateReferences('none here')).toEqual([]);
  });
});

describe('splitTaskReference', () => {
  it('prefers the longest known id', () => {
    const ids = new Set(['m', 'm.x-a']);
    expect(splitTaskReference(['m', 'x-a', 'status'], (id) => ids.has(id))).toEqual({
      taskId: 'm.x-a',
      field: ['status'],
    });
    expect(splitTaskReference(['m', 'status'], (id) => ids.has(id))).toEqual({
      taskId: 'm',
      field: ['status'],
    });
    expect(splitTaskReference(['zz', 'status'], (id) => ids.has(id))).toEqual({
      taskId: 'zz',
      field: ['status'],
    });
  });
});
