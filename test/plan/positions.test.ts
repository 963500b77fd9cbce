// Errors and warnings name the file, line and column of the node at fault, whichever YAML reader read
// the file (the fast one, or the full parser for anchors and other rarer syntax).
import { describe, expect, it } from 'vitest';
import { planFromText, rejection } from './support.ts';

const PLAN = `version: 1
name: positions
tasks:
  - id: first
    command: echo
  - id: second
    command: echo
    max_retries: 9
`;

// The same plan with an anchor, which the fast reader leaves to the full parser.
const WITH_ANCHOR = PLAN.replace('name: positions', 'name: &plan positions');

describe('error positions', () => {
  for (const [reader, text] of [
    ['fast reader', PLAN],
    ['full parser', WITH_ANCHOR],
  ] as const) {
    it(`points at the offending value (${reader})`, async () => {
      const error = await rejection(planFromText(text));
      expect(error.code).toBe('E012');
      expect(error.location).toEqual({ file: '/plans/plan.yaml', line: 8, column: 18 });
      expect(error.format()).toBe(
        "[E012] /plans/plan.yaml:8:18: Task 'second': max_retries must be 0-3, got 9",
      );
    });
  }

  it('points at list items, keys and nested values', async () => {
    const unknownDependency = await rejection(
      planFromText(
        'version: 1\ntasks:\n  - id: a\n    command: echo\n    depends_on: [a2, zzz]\n  - id: a2\n    command: echo\n',
      ),
    );
    expect(unknownDependency.code).toBe('E005');
    expect(unknownDependency.location).toMatchObject({ line: 5, column: 22 });

    const judge = await rejection(
      planFromText(
        'version: 1\ntasks:\n  - id: a\n    engine: claude\n    prompt: hi\n    judge:\n      criteria:\n        - ok\n        - {type: contains, value: x, extra: 1}\n',
      ),
    );
    expect(judge.code).toBe('E020');
    expect(judge.message).toContain('extra');
    expect(judge.location).toMatchObject({ line: 9, column: 38 });

    const planLevel = await rejection(
      planFromText(
        'version: 1\nname: x\ndefaults:\n  codex:\n    reasoning_effort: turbo\ntasks:\n  - {id: a, command: echo}\n',
      ),
    );
    expect(planLevel.code).toBe('E008');
    expect(planLevel.location).toMatchObject({ line: 5, column: 23 });
  });

  it('reports the first problem in the file when a task has several', async () => {
    const error = await rejection(
      planFromText(
        'version: 1\ntasks:\n  - id: a\n    timeout_sec: soon\n    command: echo\n    max_retries: 9\n',
      ),
    );
    expect(error.code).toBe('E018');
    expect(error.location).toMatchObject({ line: 4, column: 18 });
  });

  it('points YAML syntax errors at the broken line (E090)', async () => {
    const error = await rejection(planFromText('version: 1\ntasks:\n  - id: a\n   command: [echo\n'));
    expect(error.code).toBe('E090');
    expect(error.location).toMatchObject({ file: '/plans/plan.yaml', line: 4 });
    // A repeated key is not a syntax error (PyYAML keeps the last value) but a warning; --strict refuses it.
    const text = 'version: 1\nname: a\nname: b\ntasks: [{id: t, command: echo}]\n';
    expect((await planFromText(text)).warnings[0]).toMatchObject({
      code: 'W103',
      location: { line: 3, column: 1 },
    });
    const duplicate = await rejection(planFromText(text, { strict: true }));
    expect(duplicate.code).toBe('E090');
    expect(duplicate.location).toMatchObject({ line: 3, column: 1 });
  });

  it('points warnings at the key', async () => {
    const plan = await planFromText('version: 1\ntasks:\n  - id: a\n    command: echo\n    depend_on: [b]\n');
    expect(plan.warnings[0]?.location).toEqual({ file: '/plans/plan.yaml', line: 5, column: 5 });
  });
});
