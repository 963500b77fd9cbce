// Escalation lists name models; an empty entry is maestro-cli's E031, from the task or its engine defaults.
import { describe, expect, it } from 'vitest';
import { planFromText, rejection, verdict } from '../../../test/plan/support.ts';

describe('escalation', () => {
  it('refuses an empty entry: E031 at the entry', async () => {
    const error = await rejection(
      planFromText(
        'version: 1\ntasks:\n  - id: a\n    engine: claude\n    prompt: hi\n    escalation: [sonnet, ""]\n',
      ),
    );
    expect(error.code).toBe('E031');
    expect(error.message).toBe("Task 'a' escalation entries must be non-empty strings; escalation[1] is ''");
    expect(error.location).toMatchObject({ line: 6, column: 26 });
    expect(
      await verdict(
        'version: 1\ntasks:\n  - id: a\n    engine: claude\n    prompt: hi\n    escalation: ["  "]\n',
      ),
    ).toBe('E031');
  });

  it('checks the list a task inherits from defaults.<engine>', async () => {
    const plan = (own: string) =>
      `version: 1\ndefaults:\n  claude: {escalation: [sonnet, ""]}\ntasks:\n  - id: a\n    engine: claude\n    prompt: hi\n${own}`;
    const error = await rejection(planFromText(plan('')));
    expect(error.code).toBe('E031');
    expect(error.message).toBe(
      "Task 'a' escalation entries must be non-empty strings; defaults.claude.escalation[1] is ''",
    );
    // A task's own list replaces the inherited one.
    expect(await verdict(plan('    escalation: [opus]\n'))).toBe('valid');
    expect(
      await verdict(
        'version: 1\ntasks:\n  - id: a\n    engine: claude\n    prompt: hi\n    escalation: [sonnet, opus]\n',
      ),
    ).toBe('valid');
  });
});
