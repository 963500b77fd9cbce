// The `preset:` criteria sets: each supplies criteria, a pass threshold and an aggregation (the plan's own
// keys win, and its own criteria are added after the preset's). Maestro's wording; the names are
// maestro-cli's.

export interface JudgePreset {
  criteria: string[];
  passThreshold: number;
  aggregation: 'mean' | 'min' | 'weighted_mean';
}

const injection = [
  'CWE-78/77: no operating-system or shell command is built from untrusted input without strict validation or an argument list',
  'CWE-89: database queries use parameters or a query builder, never string concatenation with untrusted input',
  'CWE-79: untrusted data is encoded or escaped for its output context (HTML, attributes, JavaScript, URLs)',
  'CWE-94/95: no code is evaluated or generated from untrusted input (eval, dynamic imports, template injection)',
];
const auth = [
  'CWE-287/306: every operation that needs an authenticated caller checks authentication',
  'CWE-862/863: authorization is checked for the specific resource and action, not only for being logged in',
  'CWE-798: no credentials, keys or tokens are hard-coded',
  'CWE-521/916: passwords are hashed with a slow, salted algorithm and sessions or tokens expire',
];
const dataExposure = [
  "CWE-200/209: error messages and responses do not reveal internal details, stack traces or other users' data",
  'CWE-312/319: sensitive data is encrypted at rest and only sent over encrypted channels',
  'CWE-532: logs do not contain secrets, tokens or personal data',
  'CWE-359: personal data is collected, kept and shown only as far as the feature needs',
];

export const JUDGE_PRESETS: Readonly<Record<string, JudgePreset>> = {
  code_quality: {
    criteria: [
      'The code is correct and handles edge cases and invalid input',
      'The code is readable: clear names, small focused functions, no dead or duplicated code',
      'Errors are handled explicitly and reported with useful messages',
      'The change is covered by tests, or is straightforward to test',
    ],
    passThreshold: 0.7,
    aggregation: 'mean',
  },
  security_audit: {
    criteria: [
      'Untrusted input is validated before use and never reaches a shell, query or interpreter unescaped',
      'Authentication and authorization are enforced wherever they are needed',
      'No secrets are hard-coded, logged or exposed in errors',
      'Dependencies and cryptography are used safely (no known-broken algorithms, no disabled verification)',
    ],
    passThreshold: 0.8,
    aggregation: 'min',
  },
  ai_slop_detection: {
    criteria: [
      'The answer has no filler, hedging or generic boilerplate that says nothing specific',
      'The answer invents no APIs, files, functions, numbers or facts',
      'Comments and prose explain why, and do not restate what the code plainly does',
      'There is no needless abstraction, speculative generality or unrequested change',
    ],
    passThreshold: 0.7,
    aggregation: 'mean',
  },
  cwe_injection: { criteria: injection, passThreshold: 0.8, aggregation: 'min' },
  cwe_auth: { criteria: auth, passThreshold: 0.8, aggregation: 'min' },
  cwe_data_exposure: { criteria: dataExposure, passThreshold: 0.8, aggregation: 'min' },
  cwe_top_25: {
    criteria: [
      ...injection,
      ...auth,
      ...dataExposure,
      'CWE-22: file paths built from input cannot escape the intended directory',
      'CWE-502: untrusted data is never deserialised into arbitrary objects',
      'CWE-787/125/476: memory and bounds are handled safely (no out-of-bounds access, no null dereference)',
      'CWE-352/918: state-changing requests are protected against CSRF, and outgoing requests against SSRF',
    ],
    passThreshold: 0.8,
    aggregation: 'min',
  },
};
