// Plan-level blocks maestro-cli rejects although they look harmless: a circuit breaker count written as
// text, and a policy rule that is not an expression.
import { describe, expect, it } from 'vitest';
import { planFromText, rejection, verdict } from '../../../test/plan/support.ts';

const TASKS = 'tasks:\n  - id: a\n    command: echo\n';

describe('circuit_breaker', () => {
  it('refuses a count written as text (maestro-cli checks isinstance(int)): E050', async () => {
    const error = await rejection(
      planFromText(`version: 1\ncircuit_breaker: {max_total_failures: "5"}\n${TASKS}`),
    );
    expect(error.code).toBe('E050');
    expect(error.message).toBe("circuit_breaker.max_total_failures must be an integer, got '5'");
    expect(error.location).toMatchObject({ line: 2, column: 39 });
    expect(await verdict(`version: 1\ncircuit_breaker: {max_total_failures: 0}\n${TASKS}`)).toBe('E050');
    expect(
      await verdict(`version: 1\ncircuit_breaker: {max_total_failures: 3, action: pause}\n${TASKS}`),
    ).toBe('valid');
  });

  it('leaves the keys maestro-cli reads with int() lenient', async () => {
    const plan = await planFromText(
      `version: 1\nmax_parallel: '4'\nmcp_servers: [{name: m, command: x, timeout_sec: '30'}]\ntasks:\n  - id: a\n    command: echo\n    timeout_sec: '7'\n`,
    );
    expect(plan.max_parallel).toBe(4);
    expect(plan.tasks[0]?.timeout_sec).toBe(7);
    expect((plan.mcp_servers as { timeout_sec: number }[])[0]?.timeout_sec).toBe(30);
  });
});

describe('policies', () => {
  const withRule = (rule: string) =>
    `version: 1\npolicies:\n  - name: p\n    rule: ${JSON.stringify(rule)}\n${TASKS}`;

  it('refuses a rule that is not a Python expression: E052 at the rule', async () => {
    const error = await rejection(planFromText(withRule('(((')));
    expect(error.code).toBe('E052');
    expect(error.message).toBe(
      "policies[0].rule is not a valid Python expression (policy 'p'): '(' was never closed at column 3",
    );
    expect(error.location).toMatchObject({ line: 4, column: 11 });
    expect(await verdict(withRule('cost_usd <'))).toBe('E052');
  });

  it("accepts the rules maestro-cli's fixtures use", async () => {
    for (const rule of [
      "model != 'opus' or has_judge",
      "execution_profile != 'yolo' or requires_approval",
      'cost_usd < 5.0',
      "task.model in ['opus', 'sonnet']",
    ]) {
      expect(await verdict(withRule(rule)), rule).toBe('valid');
    }
  });
});
