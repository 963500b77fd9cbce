import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../plan/runtime.ts';
import type { Plan, Task } from '../plan/types.ts';
import type { TaskRecord } from './task-record.ts';
import { createTemplateLookup } from './template-scope.ts';

function record(taskId: string, fields: Partial<TaskRecord>): TaskRecord {
  const now = new Date(0);
  return {
    taskId,
    status: 'success',
    exitCode: 0,
    message: 'ok',
    startedAt: now,
    finishedAt: now,
    durationSec: 1,
    command: '',
    output: '',
    stdoutTail: '',
    engine: 'mock',
    model: null,
    wave: 0,
    attempts: 1,
    retryCount: 0,
    failureHistory: [],
    costUsd: null,
    tokenUsage: null,
    failureCategory: null,
    ...fields,
  };
}

const plan = { name: 'p', goal: 'g', tasks: [] } as unknown as Plan;
const task = { id: 'use' } as Task;

function render(text: string, records: TaskRecord[]): string {
  return renderTemplate(
    text,
    createTemplateLookup(plan, task, new Map(records.map((item) => [item.taskId, item]))),
  );
}

describe('{{ id.output.FIELD }}', () => {
  it('reads the validated structured output first, with nested paths and list indexes', () => {
    const validated = record('plan', {
      output: 'prose that is not JSON',
      resultExtra: {
        structured_output: { version: '1.2', files: [{ name: 'a' }, { name: 'b' }], meta: { n: 2 } },
      },
    });
    expect(
      render('{{ plan.output.version }} {{ plan.output.files.1.name }} {{ plan.output.meta }}', [validated]),
    ).toBe('1.2 b {"n":2}');
  });

  it('finds the JSON in an output without a schema (whole, fenced or embedded)', () => {
    const fenced = record('m.x', { output: 'Here:\n```json\n{"ok": true, "count": 3}\n```' });
    expect(render('{{ m.x.output.count }} {{ m.x.output.ok }}', [fenced])).toBe('3 true');
  });

  it('leaves the reference as written when the field or the JSON is missing', () => {
    const plain = record('a', { output: 'no json' });
    expect(render('{{ a.output.x }}', [plain])).toBe('{{ a.output.x }}');
    expect(render('{{ a.output.missing }}', [record('b', { output: '{"x": 1}' })])).toBe(
      '{{ a.output.missing }}',
    );
  });
});

describe('key-line fields', () => {
  const build = record('build', {
    output:
      '# Build report\nwarning: deprecated flag --legacy\nerror: cannot find module x\nDecision: we will pin node 20\n',
  });

  it('summary is the first meaningful line; errors, warnings and decisions are their lines', () => {
    expect(render('{{ build.summary }}', [build])).toBe('Build report');
    expect(render('{{ build.errors }}', [build])).toBe('error: cannot find module x');
    expect(render('{{ build.warnings }}', [build])).toBe('warning: deprecated flag --legacy');
    expect(render('{{ build.decisions }}', [build])).toBe('Decision: we will pin node 20');
  });

  it('falls back to the stdout tail when the full output was not kept', () => {
    const tailOnly = record('t', { output: '', stdoutTail: 'FATAL: out of memory' });
    expect(render('{{ t.errors }}', [tailOnly])).toBe('FATAL: out of memory');
  });
});
