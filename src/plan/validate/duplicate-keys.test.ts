// A key written twice keeps its last value, as in maestro-cli (PyYAML), with a warning naming where
// (W103); --strict refuses it. The fast reader and the full parser agree.
import { describe, expect, it } from 'vitest';
import { planFromText, rejection } from '../../../test/plan/support.ts';
import { validatePlanText } from '../load-plan.ts';
import { memoryPlanFiles } from '../plan-files.ts';

const PLAN = `version: 1
name: dup
tasks:
  - id: a
    command: echo one
    timeout_sec: 10
    timeout_sec: 20
`;

describe('duplicate keys', () => {
  it('keep the last value and warn at the repeated key (W103)', async () => {
    const plan = await planFromText(PLAN);
    expect(plan.tasks[0]?.timeout_sec).toBe(20);
    expect(plan.warnings).toEqual([
      {
        code: 'W103',
        message: "Duplicate key 'timeout_sec' (written before at line 6, column 5): the last value is used",
        location: { file: '/plans/plan.yaml', line: 7, column: 5 },
      },
    ]);
    // Errors about the value point at the value in effect.
    const error = await rejection(planFromText(`${PLAN}    max_retries: 1\n    max_retries: 9\n`));
    expect(error.code).toBe('E012');
    expect(error.location).toMatchObject({ line: 9, column: 18 });
  });

  it('are the same through the full parser (an anchor makes the fast reader hand over)', async () => {
    const fast = await planFromText(PLAN);
    const full = await planFromText(PLAN.replace('name: dup', 'name: &n dup'));
    expect(full.tasks).toEqual(fast.tasks);
    expect(full.warnings).toEqual(fast.warnings);
    const flow = await planFromText(`${PLAN}    env: {A: 1, A: 2}\n`);
    expect(flow.tasks[0]?.env).toEqual({ A: '2' });
    expect(flow.warnings[1]).toMatchObject({ code: 'W103', location: { line: 8, column: 17 } });
    const flowFull = await planFromText(
      `${PLAN.replace('name: dup', 'name: &n dup')}    env: {A: 1, A: 2}\n`,
    );
    expect(flowFull.warnings).toEqual(flow.warnings);
  });

  it('are an error under --strict (E090)', async () => {
    const error = await rejection(planFromText(PLAN, { strict: true }));
    expect(error.code).toBe('E090');
    expect(error.message).toBe("Duplicate key 'timeout_sec' (written before at line 6, column 5)");
    expect(error.location).toEqual({ file: '/plans/plan.yaml', line: 7, column: 5 });
    expect(error.hint).toBe('strict mode rejects duplicate keys');
  });

  it('are reported in imported fragments, at the fragment', async () => {
    const plan = await validatePlanText(
      'version: 1\nimports: [{path: frag.yaml, prefix: qa}]\ntasks:\n  - id: a\n    command: echo\n',
      '/plans/plan.yaml',
      {
        files: memoryPlanFiles({
          '/plans/frag.yaml': 'tasks:\n  - id: lint\n    command: one\n    command: two\n',
        }),
      },
    );
    expect(plan.tasks[0]?.command).toBe('two');
    expect(plan.warnings).toEqual([
      {
        code: 'W103',
        message: "Duplicate key 'command' (written before at line 3, column 5): the last value is used",
        location: { file: '/plans/frag.yaml', line: 4, column: 5 },
      },
    ]);
  });
});
