// guard_command, assert and population end to end through the CLI: a guard that fails, whose output
// fixes the retry; assertions over files the task writes (and one that points outside the workspace);
// population strategies keeping the right candidate and charging every candidate's cost.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runPlanLines } from '../support/plan-run.ts';
import { type EventRecord, readResult } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function run(lines: string[]) {
  return runPlanLines(lines, cleanups, { prefix: 'maestro-gates-' });
}

const named = (events: EventRecord[], name: string) => events.filter((event) => event.event === name);

describe('guard_command', () => {
  it('fails the first attempt, and its output in the retry prompt makes the second pass', async () => {
    const { dir, result, runPath, events } = await run([
      'version: 1',
      'name: guard',
      'tasks:',
      '  - id: haiku',
      '    engine: mock',
      '    prompt: Write a haiku about autumn.',
      '    max_retries: 2',
      '    env: {GUARD_WORD: maple}',
      '    mock:',
      '      replies:',
      '        - {match: "must mention maple", reply: "Red maple leaves fall"}',
      '      reply: "Leaves fall in silence"',
      // The guard reads the output on stdin, runs in the task's folder with its environment.
      `    guard_command: 'pwd > guard-cwd.txt; grep -qi "$GUARD_WORD" || { echo "guard: the haiku must mention $GUARD_WORD"; exit 2; }'`,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(readResult(runPath, 'haiku')).toMatchObject({
      status: 'success',
      attempts: 2,
      stdout_tail: 'Red maple leaves fall',
    });
    expect(named(events, 'guard_failure')).toEqual([
      expect.objectContaining({
        task_id: 'haiku',
        attempt: 1,
        exit_code: 2,
        output_tail: 'guard: the haiku must mention maple\n',
      }),
    ]);
    expect(named(events, 'guard_pass')).toEqual([expect.objectContaining({ attempt: 2, exit_code: 0 })]);
    const log = readFileSync(join(runPath, 'haiku.log'), 'utf8');
    expect(log).toMatch(/\[guard_command\] exit=2\nguard: the haiku must mention maple/);
    expect(log).toContain('[guard_command] exit=0');
    expect(readFileSync(join(dir, 'guard-cwd.txt'), 'utf8').trim()).toBe(dir);
  });

  it('a guard that never passes fails the task after its retries, as a verification gap', async () => {
    const { result, runPath, events } = await run([
      'version: 1',
      'name: guard-fails',
      'tasks:',
      '  - id: build',
      '    command: echo built',
      '    max_retries: 1',
      '    guard_command: ["sh", "-c", "echo no; exit 1"]',
    ]);
    expect(result.code).toBe(1);
    const record = readResult(runPath, 'build');
    expect(record).toMatchObject({ status: 'failed', attempts: 2 });
    expect(record.message).toBe('guard_command failed with exit code 1');
    expect(named(events, 'task_complete')[0]).toMatchObject({ failure_category: 'verification_gap' });
  });
});

describe('assert', () => {
  it('fails an attempt whose files do not hold, and passes the retry that fixes them', async () => {
    const { result, runPath, events } = await run([
      'version: 1',
      'name: asserts',
      'tasks:',
      '  - id: write',
      '    max_retries: 1',
      '    command: |',
      '      mkdir -p out/nested',
      '      echo \'{"version": "1.0.0", "scripts": {"test": "vitest"}}\' > out/meta.json',
      '      if [ "$MAESTRO_ATTEMPT" = 1 ]; then echo "DRAFT" > out/notes.md; else printf "final\\nok ok ok\\n" > out/notes.md; touch out/nested/done.flag; fi',
      '    assert:',
      '      - {type: file_contains, path: out/notes.md, pattern: final}',
      '      - {type: file_contains_count, path: out/notes.md, pattern: ok, min_count: 3}',
      '      - {type: file_not_contains, path: out/notes.md, pattern: DRAFT, rule: no-draft}',
      '      - {type: file_regex, path: out/meta.json, pattern: \'"version": "\\d+\\.\\d+\\.\\d+"\'}',
      '      - {type: file_regex_absent, path: out/notes.md, pattern: "^TODO"}',
      '      - {type: glob_exists, glob: "out/**/*.flag"}',
      '      - {type: json_path_exists, path: out/meta.json, json_path: $.scripts.test}',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const failures = named(events, 'assert_failure');
    expect(failures).toHaveLength(1);
    expect((failures[0]!.failures as { rule: string }[]).map((failure) => failure.rule)).toEqual([
      'file_contains#1',
      'file_contains_count#2',
      'no-draft',
      'glob_exists#6',
    ]);
    expect(named(events, 'assert_pass')).toEqual([expect.objectContaining({ attempt: 2, count: 7 })]);
    expect(readResult(runPath, 'write')).toMatchObject({ status: 'success', attempts: 2 });
    expect(readFileSync(join(runPath, 'write.log'), 'utf8')).toContain('[assert] 3/7 passed');
  });

  it('an assertion that points outside the workspace fails the task without retrying', async () => {
    const { result, runPath, events } = await run([
      'version: 1',
      'name: escape',
      'tasks:',
      '  - id: peek',
      '    command: echo hi',
      '    max_retries: 2',
      '    assert:',
      '      - {type: file_contains, path: ../../etc/passwd, pattern: root}',
    ]);
    expect(result.code).toBe(1);
    const record = readResult(runPath, 'peek');
    expect(record).toMatchObject({ status: 'failed', attempts: 1 });
    expect(named(events, 'task_complete')[0]).toMatchObject({ failure_category: 'validation_error' });
    expect(readFileSync(join(runPath, 'peek.log'), 'utf8')).toContain("is outside the task's workdir");
  });
});

describe('population', () => {
  const candidates = [
    '        - {model: first, mock: {reply: "nope", cost_usd: 0.1}}',
    '        - {model: second, mock: {reply: "OK from second", cost_usd: 0.2}}',
    '        - {model: third, mock: {reply: "OK from third", cost_usd: 0.4}}',
  ];

  it('first_passing keeps the second candidate when the first fails the gates, and stops there', async () => {
    const { result, runPath, events } = await run([
      'version: 1',
      'name: first-passing',
      'tasks:',
      '  - id: pick',
      '    engine: mock',
      '    prompt: Say OK.',
      '    guard_command: grep -q OK',
      '    population:',
      '      strategy: first_passing',
      '      parallel: false',
      '      candidates:',
      ...candidates,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(
      named(events, 'population_candidate').map((event) => [event.candidate, event.passed_gates]),
    ).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(named(events, 'population_selected')[0]).toMatchObject({
      strategy: 'first_passing',
      selected: 2,
      model: 'second',
    });
    const record = readResult(runPath, 'pick');
    expect(record).toMatchObject({ status: 'success', stdout_tail: 'OK from second' });
    expect(record.cost_usd).toBeCloseTo(0.3, 10);
    expect(named(events, 'guard_failure')[0]).toMatchObject({ candidate: 1 });
    // The kept candidate's gates ran once, inside the population, not again after it.
    expect(named(events, 'guard_pass')).toEqual([expect.objectContaining({ candidate: 2 })]);
  });

  it('in parallel every candidate runs (and is paid for) and the first that passes in list order is kept', async () => {
    const { result, runPath, events } = await run([
      'version: 1',
      'name: first-passing-parallel',
      'tasks:',
      '  - id: pick',
      '    engine: mock',
      '    prompt: Say OK.',
      '    guard_command: grep -q OK',
      '    population:',
      '      strategy: first_passing',
      '      candidates:',
      ...candidates,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(named(events, 'population_candidate')).toHaveLength(3);
    expect(named(events, 'population_selected')[0]).toMatchObject({ selected: 2 });
    expect(readResult(runPath, 'pick').cost_usd).toBeCloseTo(0.7, 10);
  });

  it('best keeps the highest judge score, even when it is the last candidate', async () => {
    const { result, runPath, events } = await run([
      'version: 1',
      'name: best',
      'tasks:',
      '  - id: pick',
      '    engine: mock',
      '    prompt: Say OK.',
      '    population:',
      '      candidates:',
      ...candidates,
      '    judge:',
      '      criteria: ["Says OK politely"]',
      '      mock:',
      '        replies:',
      `          - {match: "OUTPUT\\\\nOK from third", reply: '{"overall_score": 0.9}'}`,
      `          - {match: "OUTPUT\\\\nOK from second", reply: '{"overall_score": 0.8}'}`,
      `        reply: '{"overall_score": 0.0}'`,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(named(events, 'population_selected')[0]).toMatchObject({ strategy: 'best', selected: 3 });
    const record = readResult(runPath, 'pick');
    expect(record).toMatchObject({ stdout_tail: 'OK from third' });
    expect(record.judge_result).toMatchObject({ overall_score: 0.9 });
    expect(record.population_result).toMatchObject({ selected: 3, model: 'third' });
    expect(named(events, 'judge_verdict').map((event) => event.candidate)).toEqual([1, 2, 3]);
    expect(named(events, 'task_complete')[0]).toMatchObject({ judge_verdict: 'pass' });
  });
});
