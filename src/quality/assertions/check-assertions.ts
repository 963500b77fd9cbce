// Runs a task's `assert:` list and sums it up: which failed, whether any failure blocks the task (only
// severity `error` does), and the feedback a retry gets.
import { checkAssertion } from './check-assertion.ts';
import type { AssertionResult, AssertionScope, WorkspaceAssertion } from './workspace-assertion.ts';

export interface AssertionsReport {
  results: AssertionResult[];
  failures: AssertionResult[];
  /** Failing assertions of severity `error`. */
  blocking: AssertionResult[];
  /** A blocking failure no retry can fix (the assertion itself is unusable). */
  hasInvalid: boolean;
}

export function checkAssertions(
  scope: AssertionScope,
  assertions: readonly WorkspaceAssertion[],
): AssertionsReport {
  const results = assertions.map((assertion, index) => checkAssertion(scope, assertion, index + 1));
  const failures = results.filter((result) => !result.passed);
  const blocking = failures.filter((result) => result.severity === 'error');
  return { results, failures, blocking, hasInvalid: blocking.some((result) => result.invalid === true) };
}

/** One line per result, as the `[assert]` log section shows them. */
export function formatAssertionLines(results: readonly AssertionResult[]): string[] {
  return results.map(
    (result) =>
      `${result.passed ? 'PASS' : result.severity === 'error' ? 'FAIL' : result.severity.toUpperCase()} ${result.name}: ${result.message}`,
  );
}
