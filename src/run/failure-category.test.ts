import { describe, expect, it } from 'vitest';
import { categorizeEngineError, categorizeExitFailure } from './failure-category.ts';

describe('failure categories', () => {
  it.each([
    ['src/a.ts(3,1): error TS2304: Cannot find name x', 'compilation_error'],
    ['AssertionError: expected 1 to equal 2', 'test_failure'],
    ['Tests: 2 failed, 5 passed', 'test_failure'],
    ["This model's maximum context length is 8192 tokens", 'context_exceeded'],
    ['sh: 1: pytest: not found in PATH', 'dependency_missing'],
    ['Error: Cannot find module "left-pad"', 'dependency_missing'],
    ['open /etc/shadow: permission denied', 'permission_error'],
    ['HTTP 429 Too Many Requests', 'rate_limited'],
    ['something else went wrong', 'runtime_error'],
  ])('%s → %s', (output, category) => {
    expect(categorizeExitFailure(1, output)).toBe(category);
  });

  it('exit 127 is a missing command and 126 a permission problem, whatever the output', () => {
    expect(categorizeExitFailure(127, 'AssertionError')).toBe('dependency_missing');
    expect(categorizeExitFailure(126, '')).toBe('permission_error');
  });

  it('typed engine errors map to their category', () => {
    expect(categorizeEngineError('rate_limited')).toBe('rate_limited');
    expect(categorizeEngineError('auth')).toBe('permission_error');
    expect(categorizeEngineError('crashed')).toBe('runtime_error');
  });
});
