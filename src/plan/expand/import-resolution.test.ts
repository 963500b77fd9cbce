// A fragment that is not valid YAML is an import problem (maestro-cli: E026), pointing into the fragment.
import { describe, expect, it } from 'vitest';
import { rejection } from '../../../test/plan/support.ts';
import { validatePlanText } from '../load-plan.ts';
import { memoryPlanFiles } from '../plan-files.ts';

const PLAN =
  'version: 1\nimports:\n  - path: frag.yaml\n    prefix: qa\ntasks:\n  - id: main\n    command: echo\n';

function load(fragment: string, strict = false) {
  return validatePlanText(PLAN, '/plans/plan.yaml', {
    strict,
    files: memoryPlanFiles({ '/plans/frag.yaml': fragment }),
  });
}

describe('imported fragments', () => {
  it('with a YAML syntax error are E026 at the fragment file:line:column', async () => {
    const error = await rejection(load('tasks:\n  - id: lint\n    command: echo\n  bad: [\n'));
    expect(error.code).toBe('E026');
    expect(error.message).toMatch(
      /^Invalid YAML in imported file \/plans\/frag\.yaml: All mapping items must start at the same column/,
    );
    expect(error.location).toEqual({ file: '/plans/frag.yaml', line: 4, column: 1 });
  });

  it('with a repeated key under --strict are E026 too', async () => {
    const error = await rejection(load('tasks:\n  - id: lint\n    command: a\n    command: b\n', true));
    expect(error.code).toBe('E026');
    expect(error.location).toEqual({ file: '/plans/frag.yaml', line: 4, column: 5 });
  });

  it('still load when valid', async () => {
    const plan = await load('tasks:\n  - id: lint\n    command: echo\n');
    expect(plan.tasks.map((task) => task.id)).toEqual(['qa/lint', 'main']);
  });
});
