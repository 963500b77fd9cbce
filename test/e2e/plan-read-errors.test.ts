// A file a plan names that is there but cannot be read (a symlink loop, a name too long) is the coded
// error of its kind, exit code 1, with the --json verdict still written: never "internal error".
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runMaestro } from '../support/cli.ts';

const dir = makeTempDir('maestro-read-errors-');
const cacheDir = join(dir.path, 'plan-cache');
const env = { MAESTRO_PLAN_CACHE_DIR: cacheDir };
const loop = join(dir.path, 'loop.yaml');

beforeAll(() => {
  // `ln -s loop.yaml loop.yaml`
  symlinkSync('loop.yaml', loop);
});
afterAll(() => dir.remove());

function plan(name: string, text: string): string {
  const file = join(dir.path, name);
  writeFileSync(file, text);
  return file;
}

async function validateJson(file: string) {
  const result = await runMaestro(['validate', '--json', file], { cwd: dir.path, env });
  expect(result.code).toBe(1);
  expect(result.stderr).not.toContain('internal error');
  return JSON.parse(result.stdout) as { valid: boolean; error: Record<string, unknown> };
}

describe('plan files that cannot be read', () => {
  it('the plan itself: E091 naming the file and the reason', async () => {
    const result = await runMaestro(['validate', loop], { cwd: dir.path, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `[maestro] error: [E091] ${loop}:1:1: Plan file cannot be read: ${loop} (ELOOP: too many symbolic links encountered)\n`,
    );
    expect(await validateJson(loop)).toEqual({
      valid: false,
      error: {
        code: 'E091',
        message: `Plan file cannot be read: ${loop} (ELOOP: too many symbolic links encountered)`,
        file: loop,
        line: 1,
        column: 1,
      },
    });
    const run = await runMaestro(['run', loop], { cwd: dir.path, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^\[maestro\] error: \[E091\] /);
  });

  it('an import, a prompt file, a group sub-plan: E026, E100, E106 at the field', async () => {
    const imports = plan(
      'imports.yaml',
      'version: 1\nimports:\n  - path: loop.yaml\n    prefix: qa\ntasks:\n  - id: a\n    command: echo\n',
    );
    expect((await validateJson(imports)).error).toMatchObject({
      code: 'E026',
      message: expect.stringContaining('ELOOP'),
      file: imports,
      line: 3,
    });
    const prompt = plan(
      'prompt.yaml',
      `version: 1\ntasks:\n  - id: a\n    engine: claude\n    prompt_file: ${'x'.repeat(300)}.md\n`,
    );
    expect((await validateJson(prompt)).error).toMatchObject({
      code: 'E100',
      message: expect.stringContaining('ENAMETOOLONG'),
      file: prompt,
      line: 5,
    });
    const group = plan('group.yaml', 'version: 1\ntasks:\n  - id: g\n    group: loop.yaml\n');
    expect((await validateJson(group)).error).toMatchObject({
      code: 'E106',
      message: expect.stringContaining('ELOOP'),
      file: group,
      line: 4,
    });
  });

  it('the same for a plan big enough to go through the plan cache', async () => {
    const big = plan(
      'big.yaml',
      `version: 1\ngoal: "${'g'.repeat(20_000)}"\nimports:\n  - path: loop.yaml\n    prefix: qa\ntasks:\n  - id: a\n    command: echo\n`,
    );
    expect((await validateJson(big)).error).toMatchObject({ code: 'E026', file: big, line: 4 });
  });
});
