import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAssertions } from './check-assertions.ts';
import type { AssertionScope, WorkspaceAssertion } from './workspace-assertion.ts';

let root: string;
let outside: string;
let scope: AssertionScope;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'maestro-assert-'));
  outside = mkdtempSync(join(tmpdir(), 'maestro-assert-outside-'));
  mkdirSync(join(root, 'src', 'deep'), { recursive: true });
  writeFileSync(join(root, 'README.md'), '# Demo\nTODO: write docs\nversion 2\nversion 3\n');
  writeFileSync(join(root, 'src', 'deep', 'main.test.ts'), 'test("x", () => {});\n');
  writeFileSync(join(root, 'config.json'), JSON.stringify({ server: { ports: [80, 443] }, 'a key': null }));
  writeFileSync(join(root, 'broken.json'), '{nope');
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ dependencies: { 'left-pad': '1.0.0' }, devDependencies: { vitest: '4' } }),
  );
  writeFileSync(
    join(root, 'package-lock.json'),
    JSON.stringify({ packages: { '': {}, 'node_modules/yaml': { version: '2' } } }),
  );
  writeFileSync(join(root, 'composer.json'), JSON.stringify({ require: { 'monolog/monolog': '^3' } }));
  writeFileSync(
    join(root, 'composer.lock'),
    JSON.stringify({ packages: [{ name: 'psr/log' }], 'packages-dev': [{ name: 'phpunit/phpunit' }] }),
  );
  writeFileSync(join(outside, 'secret.txt'), 'password=hunter2\n');
  symlinkSync(join(outside, 'secret.txt'), join(root, 'link-out.txt'));
  symlinkSync(outside, join(root, 'dir-out'));
  scope = { workdir: root, roots: [] };
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

function one(assertion: WorkspaceAssertion) {
  return checkAssertions(scope, [assertion]).results[0]!;
}

describe('file text assertions', () => {
  it('file_contains looks for literal text', () => {
    expect(one({ type: 'file_contains', path: 'README.md', pattern: '# Demo' }).passed).toBe(true);
    expect(one({ type: 'file_contains', path: 'README.md', pattern: 'v.rsion' }).passed).toBe(false);
    const missing = one({ type: 'file_contains', path: 'nope.md', pattern: 'x' });
    expect(missing).toMatchObject({ passed: false, detail: 'nope.md does not exist' });
  });

  it('file_contains_count counts exactly or at least', () => {
    expect(one({ type: 'file_contains_count', path: 'README.md', pattern: 'version', count: 2 }).passed).toBe(
      true,
    );
    expect(one({ type: 'file_contains_count', path: 'README.md', pattern: 'version', count: 3 }).passed).toBe(
      false,
    );
    expect(
      one({ type: 'file_contains_count', path: 'README.md', pattern: 'version', min_count: 1 }).passed,
    ).toBe(true);
    expect(
      one({ type: 'file_contains_count', path: 'README.md', pattern: 'version', min_count: 5 }).passed,
    ).toBe(false);
    const both = one({
      type: 'file_contains_count',
      path: 'README.md',
      pattern: 'v',
      count: 1,
      min_count: 1,
    });
    expect(both).toMatchObject({ passed: false, invalid: true });
  });

  it('file_not_contains fails on forbidden text and passes for a missing file', () => {
    expect(one({ type: 'file_not_contains', path: 'README.md', pattern: 'TODO' }).passed).toBe(false);
    expect(one({ type: 'file_not_contains', path: 'README.md', pattern: 'FIXME' }).passed).toBe(true);
    expect(one({ type: 'file_not_contains', path: 'gone.md', pattern: 'TODO' }).passed).toBe(true);
  });

  it('file_regex and file_regex_absent search with a regular expression (multiline, Python groups)', () => {
    expect(one({ type: 'file_regex', path: 'README.md', pattern: '^version \\d$' }).passed).toBe(true);
    const pythonGroup = one({ type: 'file_regex', path: 'README.md', pattern: '(?P<v>version) [23]' });
    expect(pythonGroup).toMatchObject({ passed: true });
    expect(one({ type: 'file_regex', path: 'README.md', pattern: 'version 9' }).passed).toBe(false);
    expect(one({ type: 'file_regex_absent', path: 'README.md', pattern: 'TODO:' }).passed).toBe(false);
    expect(one({ type: 'file_regex_absent', path: 'README.md', pattern: 'FIXME' }).passed).toBe(true);
    expect(one({ type: 'file_regex', path: 'README.md', pattern: '(' })).toMatchObject({
      passed: false,
      invalid: true,
    });
  });
});

describe('structure assertions', () => {
  it('glob_exists finds a file anywhere below with ** and alternatives', () => {
    expect(one({ type: 'glob_exists', glob: 'src/**/*.test.ts' }).passed).toBe(true);
    expect(one({ type: 'glob_exists', glob: '*.{md,txt}' }).passed).toBe(true);
    expect(one({ type: 'glob_exists', glob: 'src/**/*.py' }).passed).toBe(false);
    expect(one({ type: 'glob_exists', glob: '../*' })).toMatchObject({ passed: false, invalid: true });
  });

  it('json_path_exists reads $.a.b[0] paths, quoted keys and null values', () => {
    expect(
      one({ type: 'json_path_exists', path: 'config.json', json_path: '$.server.ports[1]' }).passed,
    ).toBe(true);
    expect(one({ type: 'json_path_exists', path: 'config.json', json_path: 'server.ports.2' }).passed).toBe(
      false,
    );
    expect(one({ type: 'json_path_exists', path: 'config.json', json_path: "$['a key']" }).passed).toBe(true);
    expect(one({ type: 'json_path_exists', path: 'broken.json', json_path: '$.a' })).toMatchObject({
      passed: false,
    });
    expect(one({ type: 'json_path_exists', path: 'broken.json', json_path: '$.a' }).detail).toContain(
      'not valid JSON',
    );
  });

  it('npm_package_present reads package.json sections and package-lock.json', () => {
    expect(one({ type: 'npm_package_present', package: 'left-pad' }).passed).toBe(true);
    expect(one({ type: 'npm_package_present', package: 'vitest' }).detail).toContain('devDependencies');
    expect(one({ type: 'npm_package_present', package: 'lodash' }).passed).toBe(false);
    expect(one({ type: 'npm_package_present', package: 'yaml', path: 'package-lock.json' }).passed).toBe(
      true,
    );
  });

  it('composer_package_present reads composer.json and composer.lock', () => {
    expect(one({ type: 'composer_package_present', package: 'monolog/monolog' }).passed).toBe(true);
    expect(one({ type: 'composer_package_present', package: 'psr/log' }).passed).toBe(false);
    expect(
      one({ type: 'composer_package_present', package: 'phpunit/phpunit', path: 'composer.lock' }).passed,
    ).toBe(true);
  });
});

describe('confinement, severity and naming', () => {
  it('refuses paths that leave the workdir, lexically or through a symbolic link', () => {
    for (const path of ['../x.txt', join(outside, 'secret.txt'), 'link-out.txt']) {
      const result = one({ type: 'file_contains', path, pattern: 'hunter2' });
      expect(result).toMatchObject({ passed: false, invalid: true });
    }
  });

  it('glob_exists does not look through a symbolic link to a folder outside', () => {
    const result = one({ type: 'glob_exists', glob: 'dir-out/*.txt' });
    expect(result).toMatchObject({ passed: false, invalid: true });
  });

  it('allows paths inside an extra root (the workspace)', () => {
    const wider: AssertionScope = { workdir: root, roots: [outside] };
    const [result] = checkAssertions(wider, [
      { type: 'file_contains', path: join(outside, 'secret.txt'), pattern: 'hunter2' },
    ]).results;
    expect(result!.passed).toBe(true);
  });

  it('only failures of severity error block; rule, id and message name the result', () => {
    const report = checkAssertions(scope, [
      { type: 'file_not_contains', path: 'README.md', pattern: 'TODO', severity: 'warning', rule: 'no-todo' },
      {
        type: 'file_contains',
        path: 'README.md',
        pattern: 'License',
        id: 'license',
        message: 'add a licence',
      },
      { type: 'file_contains', path: 'README.md', pattern: 'Demo', severity: 'info' },
    ]);
    expect(report.failures.map((failure) => failure.name)).toEqual(['no-todo', 'license']);
    expect(report.blocking.map((failure) => failure.name)).toEqual(['license']);
    expect(report.blocking[0]!.message).toBe('add a licence');
    expect(report.results[2]!.name).toBe('file_contains#3');
    expect(report.hasInvalid).toBe(false);
  });
});
