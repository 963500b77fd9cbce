// A council participant's engine is checked like a task's engine (maestro-cli: E006).
import { describe, expect, it } from 'vitest';
import { planFromText, rejection, verdict } from '../../../test/plan/support.ts';

const council = (participants: string) =>
  `version: 1\ntasks:\n  - id: a\n    engine: claude\n    prompt: hi\n    context_mode: council\n    council:\n      participants: ${participants}\n`;

describe('council participants', () => {
  it('refuses an unknown engine: E006 at the participant engine, with a suggestion', async () => {
    const error = await rejection(planFromText(council('[{engine: claude}, {engine: gemnii}]')));
    expect(error.code).toBe('E006');
    expect(error.message).toMatch(
      /^Task 'a': council\.participants\[1\]\.engine is not a supported engine, got 'gemnii'\. Supported engines: codex, claude, .*did you mean 'gemini'/,
    );
    expect(error.location).toMatchObject({ line: 8, column: 49 });
    expect(await verdict(council('[{engine: gpt4}, {engine: claude}]'))).toBe('E006');
    expect(await verdict(council('[{engine: claude}, {model: opus}]'))).toBe('E006');
  });

  it("accepts every engine a task's engine may be", async () => {
    expect(
      await verdict(council('[{engine: codex}, {engine: ollama}, {engine: mock}, {engine: openai}]')),
    ).toBe('valid');
  });
});
