// What loadPlan returns: defaults folded into tasks, prompts read, paths absolute, imports and group
// sub-plans loaded.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/plan/index.ts';
import { FIXTURES, planFromText, rejection } from './support.ts';

describe('defaults, prompts and paths (prompts/plan.yaml)', async () => {
  const dir = join(FIXTURES, 'prompts');
  const plan = await loadPlan(join(dir, 'plan.yaml'));
  const [fromFile, fromMarkdown, inline, shell] = plan.tasks;

  it('resolves plan paths against the plan folder', () => {
    expect(plan.file).toBe(join(dir, 'plan.yaml'));
    expect(plan.baseDir).toBe(dir);
    expect(plan.workspace_root).toBe(dir);
    expect(plan.run_dir).toBe(join(dir, '.maestro-runs'));
    expect(plan).toMatchObject({ version: 1, name: 'prompts', goal: '', max_parallel: 1, fail_fast: true });
  });

  it('reads prompt_file and the markdown section into prompt', () => {
    expect(fromFile?.prompt).toBe('Prompt from a file.\n');
    expect(fromMarkdown?.prompt).toBe('Review the change carefully.\nReport findings.');
    expect(inline?.prompt).toBe('inline text');
  });

  it('folds defaults into every task, the task winning', () => {
    expect(fromFile).toMatchObject({
      env: { SHARED: 'yes', LEVEL: 'task' },
      timeout_sec: 120,
      retry_delay_sec: [1, 2],
      retry_strategy: 'linear',
      stdout_tail_lines: 20,
      model: 'sonnet',
      reasoning_effort: 'high',
      args: ['--verbose', '--extra'],
      max_retries: 0,
      cache: true,
      allow_failure: false,
      requires_approval: false,
      context_mode: 'raw',
    });
    expect(fromMarkdown).toMatchObject({
      model: 'opus',
      args: ['--verbose'],
      depends_on: ['from-file'],
      tags: ['solo'],
    });
    expect(shell).toMatchObject({
      timeout_sec: 5,
      env: { SHARED: 'yes', LEVEL: 'default' },
      command: ['ls', '-la'],
    });
    expect(shell).not.toHaveProperty('model');
    expect(shell).not.toHaveProperty('args');
  });

  it('gives mock tasks the default mock script', () => {
    expect(inline?.mock).toEqual({ reply: 'default reply', latency_ms: 5 });
    expect(inline?.model).toBe('scripted');
  });

  it('makes workdir absolute, defaulting to workspace_root', () => {
    expect(shell?.workdir).toBe(join(dir, 'sub/dir'));
    expect(fromFile?.workdir).toBe(dir);
  });

  it('records where each task was written', () => {
    expect(fromMarkdown?.source).toEqual({
      file: join(dir, 'plan.yaml'),
      path: ['tasks', 1],
      location: { file: join(dir, 'plan.yaml'), line: 23, column: 5 },
    });
  });

  it('always gives lists for depends_on, context_from and tags', () => {
    for (const task of plan.tasks) {
      expect(Array.isArray(task.depends_on)).toBe(true);
      expect(Array.isArray(task.context_from)).toBe(true);
      expect(Array.isArray(task.tags)).toBe(true);
    }
  });

  it('leaves a prompt file that does not exist yet to its task (W104), and reports a missing heading (E101)', async () => {
    // maestro-cli reads prompt files at run time: an earlier task may write this one.
    const missingFile = await loadPlan(join(dir, 'missing-file.yaml'));
    expect(missingFile.warnings).toContainEqual(
      expect.objectContaining({ code: 'W104', location: expect.objectContaining({ line: 6, column: 18 }) }),
    );
    expect(missingFile.tasks[0]?.prompt).toBeUndefined();
    const missingHeading = await rejection(loadPlan(join(dir, 'missing-heading.yaml')));
    expect(missingHeading.code).toBe('E101');
    expect(missingHeading.message).toContain('## Nowhere');
    expect(missingHeading.location).toMatchObject({ line: 7, column: 24 });
  });
});

describe('imports (imports/)', () => {
  it('imports one fragment twice under two prefixes, prefixing references', async () => {
    const plan = await loadPlan(join(FIXTURES, 'imports/main.yaml'));
    expect(plan.tasks.map((task) => task.id)).toEqual([
      'qa/lint',
      'qa/test',
      'qa-again/lint',
      'qa-again/test',
      'release',
    ]);
    const qaTest = plan.tasks[1];
    expect(qaTest).toMatchObject({
      depends_on: ['qa/lint'],
      context_from: ['qa/lint'],
      when: '{{ qa/lint.status }} == success',
      env: { CI: '1' },
      timeout_sec: 30,
    });
    expect(plan.tasks[0]?.env).toEqual({ LEVEL: 'strict', CI: '1' });
    expect(plan.tasks[3]?.timeout_sec).toBeUndefined();
  });

  it('rejects an import cycle with E025 and the chain of files', async () => {
    const error = await rejection(loadPlan(join(FIXTURES, 'imports/cycle-a.yaml')));
    expect(error.code).toBe('E025');
    expect(error.message).toMatch(/cycle-a\.yaml -> .*cycle-b\.yaml -> .*cycle-a\.yaml/);
    expect(error.location?.file).toBe(join(FIXTURES, 'imports/cycle-b.yaml'));
  });

  it('points errors in imported tasks into the fragment file', async () => {
    const error = await rejection(loadPlan(join(FIXTURES, 'imports/bad-fragment.yaml')));
    expect(error.code).toBe('E012');
    expect(error.message).toContain("Task 'broken/wrong'");
    expect(error.location).toEqual({
      file: join(FIXTURES, 'imports/fragments/broken.yaml'),
      line: 6,
      column: 18,
    });
  });

  it('checks prefixes, duplicates, depth and fragment shape', async () => {
    const fragment = 'tasks:\n  - id: x\n    command: echo\n';
    const files = {
      '/plans/f.yaml': fragment,
      '/plans/list.yaml': '- a\n',
      '/plans/no-tasks.yaml': 'name: x\n',
    };
    const plan = (imports: string) =>
      planFromText(`version: 1\nimports:\n${imports}\ntasks: []\n`, { files });
    expect((await rejection(plan('  - {path: f.yaml, prefix: Bad}'))).code).toBe('E028');
    expect((await rejection(plan('  - {path: f.yaml, prefix: p}\n  - {path: f.yaml, prefix: p}'))).code).toBe(
      'E027',
    );
    expect((await rejection(plan('  - {path: f.yaml}'))).code).toBe('E026');
    expect((await rejection(plan('  - {path: list.yaml, prefix: p}'))).code).toBe('E026');
    expect((await rejection(plan('  - {path: no-tasks.yaml, prefix: p}'))).code).toBe('E026');
    expect((await rejection(planFromText('version: 1\nimports: {a: 1}\ntasks: []\n'))).code).toBe('E026');
    const chain: Record<string, string> = {};
    for (let level = 1; level <= 7; level += 1) {
      chain[`/plans/level${level}.yaml`] =
        `imports:\n  - {path: level${level + 1}.yaml, prefix: l${level + 1}}\ntasks: []\n`;
    }
    chain['/plans/level8.yaml'] = fragment;
    const deep = await rejection(
      planFromText('version: 1\nimports:\n  - {path: level1.yaml, prefix: l1}\ntasks: []\n', {
        files: chain,
      }),
    );
    expect(deep.code).toBe('E025');
    expect(deep.message).toContain('depth');
  });
});

describe('group sub-plans (groups/)', () => {
  it('loads each sub-plan once and attaches it to its tasks', async () => {
    const plan = await loadPlan(join(FIXTURES, 'groups/parent.yaml'));
    const [, nested, again] = plan.tasks;
    expect(nested?.group).toBe(join(FIXTURES, 'groups/sub/child.yaml'));
    expect(nested?.group_plan?.name).toBe('child');
    expect(nested?.group_plan?.tasks.map((task) => task.id)).toEqual(['inner']);
    expect(again?.group_plan).toBe(nested?.group_plan);
    const stray = plan.warnings.filter((warning) => warning.code === 'W100');
    expect(stray).toHaveLength(1);
    expect(stray[0]?.location?.file).toBe(join(FIXTURES, 'groups/sub/child.yaml'));
  });

  it('points errors inside a sub-plan into the sub-plan file', async () => {
    const error = await rejection(loadPlan(join(FIXTURES, 'groups/bad-parent.yaml')));
    expect(error.code).toBe('E007');
    expect(error.location).toMatchObject({ file: join(FIXTURES, 'groups/sub/bad-child.yaml'), line: 5 });
  });

  it('rejects a cycle between group files (E025) and a missing file (E106)', async () => {
    const cycle = await rejection(loadPlan(join(FIXTURES, 'groups/cycle-parent.yaml')));
    expect(cycle.code).toBe('E025');
    expect(cycle.message).toMatch(/cycle-parent\.yaml -> .*cycle-child\.yaml -> .*cycle-parent\.yaml/);
    const missing = await rejection(loadPlan(join(FIXTURES, 'groups/missing.yaml')));
    expect(missing.code).toBe('E106');
    expect(missing.location).toMatchObject({ line: 5, column: 12 });
  });
});

describe('matrix expansion', () => {
  it('keeps every field, renders matrix values everywhere and fans references in', async () => {
    const plan = await planFromText(`version: 1
tasks:
  - id: build
    engine: mock
    prompt: build {{ matrix.os }} with {{ matrix.node }}
    model: "model-{{ matrix.node }}"
    matrix: {os: [linux, "mac os"], node: [20, 22]}
    judge: {criteria: [ok], timeout_sec: 99}
  - id: report
    command: echo done
    depends_on: [build]
    context_from: build
`);
    const ids = plan.tasks.map((task) => task.id);
    expect(ids).toEqual([
      'build.os-linux.node-20',
      'build.os-linux.node-22',
      'build.os-mac_os.node-20',
      'build.os-mac_os.node-22',
      'report',
    ]);
    expect(plan.tasks[2]).toMatchObject({
      prompt: 'build mac os with 20',
      model: 'model-20',
      matrix_values: { os: 'mac os', node: '20' },
      judge: { timeout_sec: 99 },
    });
    expect(plan.tasks[4]?.depends_on).toEqual(ids.slice(0, 4));
    expect(plan.tasks[4]?.context_from).toEqual(ids.slice(0, 4));
  });

  it('names children and writes env values as Python str() does, as maestro-cli does', async () => {
    const plan = await planFromText(`version: 1
defaults:
  env: {CI: true, LOCAL: false, EMPTY: null}
tasks:
  - id: t
    command: "echo {{ matrix.debug }}"
    matrix: {debug: [true, false]}
  - id: after
    command: echo after
    depends_on: [t.debug-True]
`);
    expect(plan.tasks.map((task) => task.id)).toEqual(['t.debug-True', 't.debug-False', 'after']);
    expect(plan.tasks[0]?.command).toBe('echo True');
    expect(plan.tasks[2]?.env).toEqual({ CI: 'True', LOCAL: 'False', EMPTY: 'None' });
  });

  it('rejects batch + matrix before expanding (E062) and malformed matrices (E018)', async () => {
    const batch = await rejection(
      planFromText(`version: 1
tasks:
  - id: a
    engine: claude
    batch: {items: [x], template: 'do {{ batch.item }}'}
    matrix: {k: [1]}
`),
    );
    expect(batch.code).toBe('E062');
    expect(batch.location).toMatchObject({ line: 6, column: 13 });
    expect(
      (await rejection(planFromText('version: 1\ntasks:\n  - {id: a, command: x, matrix: {k: []}}\n'))).code,
    ).toBe('E018');
    expect(
      (await rejection(planFromText('version: 1\ntasks:\n  - {id: a, command: x, matrix: [1]}\n'))).code,
    ).toBe('E018');
  });
});
