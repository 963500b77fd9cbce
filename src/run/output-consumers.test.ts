import { describe, expect, it } from 'vitest';
import { validatePlanText } from '../plan/index.ts';
import { findOutputConsumers } from './output-consumers.ts';

describe('findOutputConsumers', () => {
  it('finds outputs read by templates (dotted ids included) and context_from, and nothing else', async () => {
    const plan = await validatePlanText(
      [
        'version: 1',
        'name: consumers',
        'tasks:',
        '  - id: a',
        '    command: "echo a"',
        '  - id: b',
        '    command: "echo b"',
        '  - id: m',
        '    command: "echo {{ matrix.x }}"',
        '    matrix: {x: [one, two]}',
        '  - id: reader',
        '    depends_on: [a, b, m]',
        '    command: "echo {{ a.output }} {{ b.status }} {{ m.x-one.output.field }}"',
        '  - id: model',
        '    engine: mock',
        '    depends_on: [b]',
        '    context_from: [b]',
        '    prompt: "summarize"',
        '',
      ].join('\n'),
      '/tmp/consumers.yaml',
    );
    expect([...findOutputConsumers(plan)].sort()).toEqual(['a', 'b', 'm.x-one']);
  });
});
