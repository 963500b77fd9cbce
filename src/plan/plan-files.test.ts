// A file the plan names that is there but cannot be read (a symlink loop, a name too long, no permission)
// is the coded error of its kind, naming the file and the reason: never an internal error.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MaestroError } from '../errors/index.ts';
import { loadPlan } from './load-plan.ts';
import { memoryPlanFiles, type PlanFiles, readFailureReason } from './plan-files.ts';

const folder = mkdtempSync(join(tmpdir(), 'maestro-plan-files-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// `ln -s loop.yaml loop.yaml`: opening it fails with ELOOP.
const loop = join(folder, 'loop.yaml');
symlinkSync('loop.yaml', loop);

function write(name: string, text: string): string {
  const file = join(folder, name);
  writeFileSync(file, text);
  return file;
}

async function rejection(promise: Promise<unknown>): Promise<MaestroError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!MaestroError.isInstance(error)) throw new Error(`expected a MaestroError, got ${String(error)}`);
  return error;
}

describe('files that cannot be read', () => {
  it('the plan itself: E091 naming the file and the reason', async () => {
    const error = await rejection(loadPlan(loop));
    expect(error.code).toBe('E091');
    expect(error.message).toBe(
      `Plan file cannot be read: ${loop} (ELOOP: too many symbolic links encountered)`,
    );
    expect(error.location).toEqual({ file: loop, line: 1, column: 1 });
  });

  it('an import: E026 at the import path', async () => {
    const plan = write(
      'imports-loop.yaml',
      'version: 1\nimports:\n  - path: loop.yaml\n    prefix: qa\ntasks:\n  - id: a\n    command: echo\n',
    );
    const error = await rejection(loadPlan(plan));
    expect(error.code).toBe('E026');
    expect(error.message).toBe(
      `Imported file cannot be read: ${loop} (ELOOP: too many symbolic links encountered)`,
    );
    expect(error.location).toEqual({ file: plan, line: 3, column: 11 });
  });

  it('a prompt file: E100 at the task field', async () => {
    const name = `${'x'.repeat(300)}.md`;
    const plan = write(
      'long-prompt.yaml',
      `version: 1\ntasks:\n  - id: a\n    engine: claude\n    prompt_file: ${name}\n`,
    );
    const error = await rejection(loadPlan(plan));
    expect(error.code).toBe('E100');
    expect(error.message).toBe(
      `Task 'a': prompt_file cannot be read: ${join(folder, name)} (ENAMETOOLONG: name too long)`,
    );
    expect(error.location).toEqual({ file: plan, line: 5, column: 18 });
  });

  it('a group sub-plan: E106 at the group field', async () => {
    const plan = write('group-loop.yaml', 'version: 1\ntasks:\n  - id: g\n    group: loop.yaml\n');
    const error = await rejection(loadPlan(plan));
    expect(error.code).toBe('E106');
    expect(error.message).toBe(
      `Task 'g': group sub-plan cannot be read: ${loop} (ELOOP: too many symbolic links encountered)`,
    );
    expect(error.location).toEqual({ file: plan, line: 4, column: 12 });
    // A missing one is still "not found".
    const missing = write('group-missing.yaml', 'version: 1\ntasks:\n  - id: g\n    group: nope.yaml\n');
    expect((await rejection(loadPlan(missing))).message).toBe(
      `Task 'g': group sub-plan not found: ${join(folder, 'nope.yaml')}`,
    );
  });

  // Permissions cannot be taken away from root, so EACCES comes from a PlanFiles that refuses one path.
  it('no permission, for every kind of file', async () => {
    const files = memoryPlanFiles({
      '/p/plan.yaml': 'version: 1\ntasks:\n  - id: a\n    command: echo\n',
      '/p/imports.yaml':
        'version: 1\nimports: [{path: secret.yaml, prefix: s}]\ntasks:\n  - id: a\n    command: echo\n',
      '/p/prompt.yaml':
        'version: 1\ntasks:\n  - id: a\n    engine: claude\n    prompt_md_file: secret.yaml\n    prompt_md_heading: H\n',
      '/p/group.yaml': 'version: 1\ntasks:\n  - id: a\n    group: secret.yaml\n',
    });
    const refusing: PlanFiles = {
      ...files,
      readText: async (path) => {
        if (path === '/p/secret.yaml' || path === '/p/locked.yaml') {
          throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
        }
        return files.readText(path);
      },
    };
    const outcome = async (file: string) => {
      const error = await rejection(loadPlan(file, { files: refusing }));
      return [error.code, error.message];
    };
    const reason = '(EACCES: permission denied)';
    expect(await outcome('/p/locked.yaml')).toEqual([
      'E091',
      `Plan file cannot be read: /p/locked.yaml ${reason}`,
    ]);
    expect(await outcome('/p/imports.yaml')).toEqual([
      'E026',
      `Imported file cannot be read: /p/secret.yaml ${reason}`,
    ]);
    expect(await outcome('/p/prompt.yaml')).toEqual([
      'E100',
      `Task 'a': prompt_md_file cannot be read: /p/secret.yaml ${reason}`,
    ]);
    expect(await outcome('/p/group.yaml')).toEqual([
      'E106',
      `Task 'a': group sub-plan cannot be read: /p/secret.yaml ${reason}`,
    ]);
  });

  it('words the reason without the path Node puts in it', () => {
    const error = Object.assign(new Error("ELOOP: too many symbolic links encountered, open '/a, b'"), {
      code: 'ELOOP',
    });
    expect(readFailureReason(error)).toBe('ELOOP: too many symbolic links encountered');
    expect(readFailureReason(new Error('disk on fire'))).toBe('disk on fire');
    expect(readFailureReason('odd')).toBe('odd');
  });
});
