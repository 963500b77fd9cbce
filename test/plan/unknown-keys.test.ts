// Unknown keys: a warning with a did-you-mean (W100), or an error in strict mode (E080).
import { describe, expect, it } from 'vitest';
import { planFromText, rejection } from './support.ts';

const TYPO = `version: 1
name: typos
defaults:
  timout_sec: 5
  claude: {modle: sonnet}
tasks:
  - id: a
    command: echo
  - id: b
    command: echo
    depend_on: [a]
    judge: {criteria: [ok], treshold: 1}
bogus_plan_key: 1
_shared: &shared {command: echo}
`;

describe('unknown keys', () => {
  it('warns with W100, naming the key, where it is and the closest known key', async () => {
    const plan = await planFromText(TYPO);
    const messages = plan.warnings
      .filter((warning) => warning.code === 'W100')
      .map((warning) => warning.message);
    expect(messages).toContain(
      "Unknown key 'depend_on' in task 'b' at tasks[1].depend_on (did you mean 'depends_on'?)",
    );
    expect(messages).toContain(
      "Unknown key 'timout_sec' in the plan at defaults.timout_sec (did you mean 'timeout_sec'?)",
    );
    expect(messages).toContain(
      "Unknown key 'modle' in the plan at defaults.claude.modle (did you mean 'model'?)",
    );
    expect(messages).toContain("Unknown key 'treshold' in task 'b' at tasks[1].judge.treshold");
    expect(messages).toContain("Unknown key 'bogus_plan_key' in the plan at bogus_plan_key");
    expect(messages).toHaveLength(5);
  });

  it('still loads the plan (maestro-cli ignores unknown keys)', async () => {
    const plan = await planFromText(TYPO);
    expect(plan.tasks[1]?.depends_on).toEqual([]);
  });

  it('fails on the first unknown key in strict mode (E080)', async () => {
    const error = await rejection(planFromText(TYPO, { strict: true }));
    expect(error.code).toBe('E080');
    expect(error.message).toContain("'timout_sec'");
    expect(error.message).toContain("did you mean 'timeout_sec'?");
    expect(error.location).toMatchObject({ line: 4, column: 3 });
  });

  it('hints at unknown keys when they probably caused an error', async () => {
    const error = await rejection(
      planFromText('version: 1\ntasks:\n  - id: a\n    engine: claude\n    promt: hello\n'),
    );
    expect(error.code).toBe('E007');
    expect(error.hint).toContain("did you mean 'prompt'?");
  });
});
