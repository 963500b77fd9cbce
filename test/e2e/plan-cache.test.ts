// The remembered plans of src/plan/plan-cache.ts, through the built CLI (from the TypeScript sources the
// cache is off): an unchanged big plan is answered from its entry, and any change to what loading read
// (the plan, an imported fragment, a prompt file, a folder it checked, --strict) reads it again.
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, runMaestro } from '../support/cli.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

// A plan over the cache's 16 KiB threshold: an import, a prompt file and an audit pack (a file it checks).
function setUp() {
  const dir = makeTempDir();
  cleanups.push(dir.remove);
  const cacheDir = join(dir.path, 'plan-cache');
  writeFileSync(join(dir.path, 'fragment.yaml'), 'tasks:\n  - id: lint\n    command: echo lint\n');
  writeFileSync(join(dir.path, 'brief.md'), 'Write the release notes.\n');
  writeFileSync(join(dir.path, 'pack.md'), '# audit pack\n');
  const lines = [
    'version: 1',
    'name: remembered',
    'audit_packs: [pack.md]',
    'imports:',
    '  - path: fragment.yaml',
    '    prefix: qa',
    'tasks:',
    '  - id: notes',
    '    engine: mock',
    '    prompt_file: brief.md',
  ];
  for (let index = 0; index < 400; index += 1) {
    lines.push(`  - id: step-${index}`, `    command: "echo step ${index} of the remembered plan"`);
  }
  const plan = join(dir.path, 'plan.yaml');
  writeFileSync(plan, `${lines.join('\n')}\n`);
  const validate = (...flags: string[]) =>
    runMaestro(['validate', plan, '--json', ...flags], { env: { MAESTRO_PLAN_CACHE_DIR: cacheDir } });
  const entries = () => readdirSync(cacheDir).filter((name) => name.endsWith('.json'));
  // Renames the plan inside the only entry: a name seen afterwards came from the entry.
  const markEntry = () => {
    const [entry] = entries();
    const path = join(cacheDir, entry!);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('"name":"remembered"', '"name":"from-the-entry"'));
  };
  const nameOf = (stdout: string) => (JSON.parse(stdout) as { name: string; tasks: number }).name;
  return { dir: dir.path, plan, cacheDir, validate, entries, markEntry, nameOf };
}

describe('remembered plans', () => {
  it('answers an unchanged plan from its entry, and reads it again when an input changes', async () => {
    const { dir, validate, entries, markEntry, nameOf } = setUp();
    const first = await validate();
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ valid: true, name: 'remembered', tasks: 402 });
    expect(entries()).toHaveLength(1);

    markEntry();
    expect(nameOf((await validate()).stdout)).toBe('from-the-entry');

    // The prompt file changes: read again (and remembered anew).
    writeFileSync(join(dir, 'brief.md'), 'Write shorter release notes.\n');
    expect(nameOf((await validate()).stdout)).toBe('remembered');

    markEntry();
    expect(nameOf((await validate()).stdout)).toBe('from-the-entry');
    // The imported fragment changes: an unknown key there is now a warning.
    writeFileSync(
      join(dir, 'fragment.yaml'),
      'tasks:\n  - id: lint\n    command: echo lint\n    colour: red\n',
    );
    const warned = JSON.parse((await validate()).stdout) as { name: string; warnings: { code: string }[] };
    expect(warned.name).toBe('remembered');
    expect(warned.warnings.map((warning) => warning.code)).toContain('W100');

    // --strict is part of the key: the same plan is an error there.
    const strict = await validate('--strict');
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)).toMatchObject({ valid: false, error: { code: 'E080' } });

    // The fragment disappears: the import error, not the remembered plan.
    rmSync(join(dir, 'fragment.yaml'));
    const missing = await validate();
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({ valid: false });
  });

  it('a file the plan only checks is checked again: its audit pack removed is an error', async () => {
    const { dir, validate, markEntry, nameOf } = setUp();
    expect((await validate()).code).toBe(0);
    markEntry();
    expect(nameOf((await validate()).stdout)).toBe('from-the-entry');
    rmSync(join(dir, 'pack.md'));
    const gone = await validate();
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.stdout)).toMatchObject({ valid: false, error: { code: 'E018' } });
  });

  it('trusts an entry only in a folder and file that nobody else can write', async () => {
    const { cacheDir, validate, entries, markEntry, nameOf } = setUp();
    expect((await validate()).code).toBe(0);
    markEntry();
    chmodSync(cacheDir, 0o777);
    expect(nameOf((await validate()).stdout)).toBe('remembered');
    chmodSync(cacheDir, 0o700);
    markEntry();
    chmodSync(join(cacheDir, entries()[0]!), 0o666);
    expect(nameOf((await validate()).stdout)).toBe('remembered');
    // (That load wrote the entry anew, owner-only: marked, it is used again.)
    markEntry();
    expect(nameOf((await validate()).stdout)).toBe('from-the-entry');
  });

  it('ignores a torn entry, and MAESTRO_PLAN_CACHE=0 remembers nothing', async () => {
    const { plan, cacheDir, validate, entries } = setUp();
    expect((await validate()).code).toBe(0);
    const [entry] = entries();
    writeFileSync(join(cacheDir, entry!), '{"format":1,"dependen');
    const again = await validate();
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ valid: true, name: 'remembered' });

    const other = join(cacheDir, '..', 'off');
    const off = await runMaestro(['validate', plan], {
      env: { MAESTRO_PLAN_CACHE_DIR: other, MAESTRO_PLAN_CACHE: '0' },
    });
    expect(off.code).toBe(0);
    expect(() => readdirSync(other)).toThrow(/ENOENT/);
  });

  it('keeps the definition hash of each task with the plan, and hashes again when they do not fit', async () => {
    const { dir, plan, cacheDir, entries } = setUp();
    const dryRun = async (name: string) => {
      const runDir = join(dir, name);
      const result = await runMaestro(['run', plan, '--dry-run', '-q', '--run-dir', runDir], {
        env: { MAESTRO_PLAN_CACHE_DIR: cacheDir },
      });
      expect(result.code).toBe(0);
      const [run] = readdirSync(runDir).filter((entry) => !entry.startsWith('.'));
      const hashOf = (task: string) =>
        (
          JSON.parse(readFileSync(join(runDir, run!, `${task}.result.json`), 'utf8')) as {
            definition_hash: string;
          }
        ).definition_hash;
      return { first: hashOf('step-0'), second: hashOf('step-1') };
    };
    const fresh = await dryRun('first');
    expect(fresh.first).toMatch(/^[0-9a-f]{16}$/);
    const path = join(cacheDir, entries()[0]!);
    const entry = JSON.parse(readFileSync(path, 'utf8')) as {
      plan: { tasks: { id: string }[] };
      definitionHashes: string[];
    };
    expect(entry.definitionHashes).toHaveLength(entry.plan.tasks.length);
    const index = entry.plan.tasks.findIndex((task) => task.id === 'step-0');
    expect(entry.definitionHashes[index]).toBe(fresh.first);

    // A hash changed in the entry is the one the run writes: the run took the kept hashes.
    entry.definitionHashes[index] = 'f'.repeat(16);
    writeFileSync(path, JSON.stringify(entry), { mode: 0o600 });
    expect(await dryRun('kept')).toEqual({ first: 'f'.repeat(16), second: fresh.second });

    // One hash too few: none of them is taken, every task is hashed again.
    entry.definitionHashes.pop();
    writeFileSync(path, JSON.stringify(entry), { mode: 0o600 });
    expect(await dryRun('hashed')).toEqual(fresh);
  });
});
