// Names why an attempt failed, with maestro-cli's vocabulary (timeout, compilation_error, test_failure,
// context_exceeded, rate_limited, dependency_missing, ...). An engine that reports a typed error decides
// the category; a process that only exits non-zero is classified by the tail of its output, because
// "exit code 1" alone says nothing a retry, a fallback or a person can act on.
import type { EngineErrorKind } from '../engines/engine.ts';

const byEngineError: Partial<Record<EngineErrorKind, string>> = {
  timeout: 'timeout',
  rate_limited: 'rate_limited',
  auth: 'permission_error',
  bad_output: 'output_format_error',
  not_found: 'dependency_missing',
};

// Checked in order; the first pattern that matches the output tail names the category.
const byOutput: [RegExp, string][] = [
  [
    /context (length|window)|maximum context|too many tokens|prompt is too long|context_length_exceeded/i,
    'context_exceeded',
  ],
  [/rate.?limit|too many requests|\b429\b|quota exceeded/i, 'rate_limited'],
  [
    /permission denied|EACCES|EPERM|operation not permitted|\b40[13]\b.*(unauthori[sz]ed|forbidden)/i,
    'permission_error',
  ],
  [
    /command not found|not found in PATH|ModuleNotFoundError|Cannot find (module|package)|No module named|ENOENT/i,
    'dependency_missing',
  ],
  [
    /error TS\d{4}|SyntaxError|compilation (failed|error)|cannot find symbol|error\[E\d{4}\]|undefined reference to|build failed/i,
    'compilation_error',
  ],
  [
    /AssertionError|assert(ion)? failed|\b\d+ (tests? )?failed\b|FAILED \(|Tests?:\s+\d+ failed|test(s)? failed|✗|FAIL\b/,
    'test_failure',
  ],
  [/ValidationError|invalid (input|value|argument)|schema validation/i, 'validation_error'],
];

export function categorizeEngineError(kind: EngineErrorKind): string {
  return byEngineError[kind] ?? 'runtime_error';
}

/** A non-zero exit: 127 is a missing command; otherwise the output tail decides, else `runtime_error`. */
export function categorizeExitFailure(exitCode: number | null | undefined, outputTail: string): string {
  if (exitCode === 127) return 'dependency_missing';
  if (exitCode === 126) return 'permission_error';
  const text = outputTail.slice(-4000);
  for (const [pattern, category] of byOutput) if (pattern.test(text)) return category;
  return 'runtime_error';
}
