// Checks one `assert:` entry against the files of the workspace. Paths are relative to the task's
// workdir and confined to it and the workspace. Patterns of the file_* types are literal text except for
// file_regex/file_regex_absent (JavaScript regular expressions; Python's `(?P<name>` is accepted).
// A file_not_contains / file_regex_absent on a missing file passes: the file holds nothing forbidden.
import { readFileSync, statSync } from 'node:fs';
import { confinePath } from './confine-path.ts';
import { firstGlobMatch, staticPrefix } from './glob-match.ts';
import { hasJsonPath, parseJsonPath } from './json-path.ts';
import { packageListedIn } from './package-manifest.ts';
import type { AssertionResult, AssertionScope, WorkspaceAssertion } from './workspace-assertion.ts';

type Check = { passed: boolean; detail: string; invalid?: boolean };

export function checkAssertion(
  scope: AssertionScope,
  assertion: WorkspaceAssertion,
  position: number,
): AssertionResult {
  const check = runCheck(scope, assertion);
  return {
    name: assertion.rule ?? assertion.id ?? `${assertion.type}#${position}`,
    type: assertion.type,
    severity: assertion.severity ?? 'error',
    passed: check.passed,
    detail: check.detail,
    message: check.passed ? check.detail : (assertion.message ?? check.detail),
    ...(check.invalid ? { invalid: true } : {}),
    ...(assertion.path !== undefined ? { path: assertion.path } : {}),
    ...(assertion.task_id !== undefined ? { task_id: assertion.task_id } : {}),
  };
}

function runCheck(scope: AssertionScope, assertion: WorkspaceAssertion): Check {
  switch (assertion.type) {
    case 'file_contains':
    case 'file_not_contains':
    case 'file_contains_count':
    case 'file_regex':
    case 'file_regex_absent':
      return checkFileText(scope, assertion);
    case 'glob_exists':
      return checkGlob(scope, assertion);
    case 'json_path_exists':
      return checkJsonPath(scope, assertion);
    case 'npm_package_present':
      return checkPackage(scope, assertion, 'npm', 'package.json');
    case 'composer_package_present':
      return checkPackage(scope, assertion, 'composer', 'composer.json');
    default:
      return invalid(`unknown assertion type '${String((assertion as { type: unknown }).type)}'`);
  }
}

function checkFileText(scope: AssertionScope, assertion: WorkspaceAssertion): Check {
  const { type } = assertion;
  if (assertion.path === undefined) return invalid(`${type} needs 'path'`);
  if (assertion.pattern === undefined) return invalid(`${type} needs 'pattern'`);
  const pattern = assertion.pattern;
  const file = readConfined(scope, assertion.path);
  if (file.kind === 'invalid') return invalid(file.reason);
  const absentPasses = type === 'file_not_contains' || type === 'file_regex_absent';
  if (file.kind === 'missing') {
    return absentPasses
      ? {
          passed: true,
          detail: `${assertion.path} does not exist, so it holds no ${describe(type, pattern)}`,
        }
      : { passed: false, detail: `${assertion.path} does not exist` };
  }
  const text = file.text;
  if (type === 'file_regex' || type === 'file_regex_absent') {
    let regex: RegExp;
    try {
      regex = new RegExp(pattern.replaceAll('(?P<', '(?<'), 'm');
    } catch (error) {
      return invalid(
        `pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${String(error)}`,
      );
    }
    const found = regex.test(text);
    return type === 'file_regex'
      ? { passed: found, detail: `${assertion.path} ${found ? 'matches' : 'does not match'} /${pattern}/` }
      : { passed: !found, detail: `${assertion.path} ${found ? 'matches' : 'does not match'} /${pattern}/` };
  }
  const occurrences = countOccurrences(text, pattern);
  if (type === 'file_contains') {
    return {
      passed: occurrences > 0,
      detail: `${assertion.path} ${occurrences > 0 ? 'contains' : 'does not contain'} ${JSON.stringify(pattern)}`,
    };
  }
  if (type === 'file_not_contains') {
    return {
      passed: occurrences === 0,
      detail: `${assertion.path} ${occurrences > 0 ? `contains ${JSON.stringify(pattern)} ${occurrences} time(s)` : `does not contain ${JSON.stringify(pattern)}`}`,
    };
  }
  const { count, min_count: minCount } = assertion;
  if ((count === undefined) === (minCount === undefined)) {
    return invalid("file_contains_count needs exactly one of 'count' or 'min_count'");
  }
  const passed = count !== undefined ? occurrences === count : occurrences >= (minCount ?? 0);
  const wanted = count !== undefined ? `exactly ${count}` : `at least ${minCount}`;
  return {
    passed,
    detail: `${assertion.path} contains ${JSON.stringify(pattern)} ${occurrences} time(s), expected ${wanted}`,
  };
}

function checkGlob(scope: AssertionScope, assertion: WorkspaceAssertion): Check {
  const glob = assertion.glob ?? assertion.pattern ?? assertion.path;
  if (glob === undefined) return invalid("glob_exists needs 'glob'");
  if (glob.startsWith('/') || glob.split('/').includes('..')) {
    return invalid(`glob '${glob}' must be relative to the task's workdir, without '..'`);
  }
  // The walk starts at the glob's fixed folders: they must not lead outside through a symbolic link.
  const prefix = staticPrefix(glob);
  const start = prefix ? confinePath(scope, prefix) : undefined;
  if (start && !start.ok) return invalid(start.reason);
  const match = firstGlobMatch(scope.workdir, glob);
  return match === undefined
    ? { passed: false, detail: `nothing matches the glob '${glob}'` }
    : { passed: true, detail: `'${match}' matches the glob '${glob}'` };
}

function checkJsonPath(scope: AssertionScope, assertion: WorkspaceAssertion): Check {
  if (assertion.path === undefined) return invalid("json_path_exists needs 'path'");
  if (assertion.json_path === undefined) return invalid("json_path_exists needs 'json_path'");
  const parsedPath = parseJsonPath(assertion.json_path);
  if (!parsedPath.ok) return invalid(parsedPath.reason);
  const json = readJson(scope, assertion.path);
  if (!json.ok) return json.check;
  const found = hasJsonPath(json.value, parsedPath.keys);
  return {
    passed: found,
    detail: `${assertion.path} ${found ? 'has' : 'has nothing at'} ${assertion.json_path}`,
  };
}

function checkPackage(
  scope: AssertionScope,
  assertion: WorkspaceAssertion,
  ecosystem: 'npm' | 'composer',
  defaultManifest: string,
): Check {
  const name = assertion.package;
  if (name === undefined) return invalid(`${assertion.type} needs 'package'`);
  const manifest = assertion.path ?? defaultManifest;
  const json = readJson(scope, manifest);
  if (!json.ok) return json.check;
  const section = packageListedIn(json.value, name, ecosystem);
  return section
    ? { passed: true, detail: `${manifest} lists ${name} in ${section}` }
    : { passed: false, detail: `${manifest} does not list the ${ecosystem} package ${name}` };
}

type ConfinedRead =
  | { kind: 'text'; text: string }
  | { kind: 'missing' }
  | { kind: 'invalid'; reason: string };

function readConfined(scope: AssertionScope, path: string): ConfinedRead {
  const confined = confinePath(scope, path);
  if (!confined.ok) return { kind: 'invalid', reason: confined.reason };
  try {
    if (!statSync(confined.path).isFile()) return { kind: 'invalid', reason: `${path} is not a file` };
    return { kind: 'text', text: readFileSync(confined.path, 'utf8') };
  } catch {
    return { kind: 'missing' };
  }
}

function readJson(
  scope: AssertionScope,
  path: string,
): { ok: true; value: unknown } | { ok: false; check: Check } {
  const file = readConfined(scope, path);
  if (file.kind === 'invalid') return { ok: false, check: invalid(file.reason) };
  if (file.kind === 'missing')
    return { ok: false, check: { passed: false, detail: `${path} does not exist` } };
  try {
    return { ok: true, value: JSON.parse(file.text) };
  } catch (error) {
    return {
      ok: false,
      check: { passed: false, detail: `${path} is not valid JSON: ${(error as Error).message}` },
    };
  }
}

function countOccurrences(text: string, pattern: string): number {
  if (pattern.length === 0) return 0;
  let count = 0;
  for (
    let index = text.indexOf(pattern);
    index !== -1;
    index = text.indexOf(pattern, index + pattern.length)
  ) {
    count += 1;
  }
  return count;
}

function describe(type: string, pattern: string): string {
  return type === 'file_regex_absent' ? `match for /${pattern}/` : JSON.stringify(pattern);
}

function invalid(detail: string): Check {
  return { passed: false, detail, invalid: true };
}
