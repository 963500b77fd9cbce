// Bad input gets a coded error naming file:line:column or the flag, exit code 1, never a stack trace.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliPath, collect, compatDir, makeTempDir, projectRoot, runMaestro } from '../support/cli.ts';
import { readEvents, runDirectories } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function expectNoStack(text: string) {
  expect(text).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
}

describe('bad input', () => {
  it('an unknown dependency names its code and file:line:column', async () => {
    const file = join(compatDir, 'plans/invalid/E005_unknown_dep.yaml');
    const result = await runMaestro(['validate', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^\[maestro\] error: \[E005\] .*E005_unknown_dep\.yaml:\d+:\d+: /m);
    expectNoStack(result.stderr);
  });

  it('a cycle prints its path', async () => {
    const result = await runMaestro(['validate', join(compatDir, 'plans/invalid/E004_cycle.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\[E004\].*\w+ -> \w+/);
  });

  it('validate --json reports the verdict as data', async () => {
    const bad = await runMaestro(['validate', '--json', join(compatDir, 'plans/invalid/E016_self_dep.yaml')]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ valid: false, error: { code: 'E016' } });
    const good = await runMaestro(['validate', '--json', join(projectRoot, 'examples/demo.yaml')]);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ valid: true, name: 'demo', tasks: 7 });
  });

  it('a typo in a key is a warning with a suggestion, and an error under --strict', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const plan = join(dir.path, 'typo.yaml');
    writeFileSync(
      plan,
      'version: 1\nname: typo\ntasks:\n  - id: a\n    command: "true"\n  - id: b\n    command: "true"\n    depend_on: [a]\n',
    );
    const lenient = await runMaestro(['validate', plan]);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(/depend_on.*did you mean 'depends_on'/);
    expect(lenient.stdout).toContain('typo.yaml:8:5');
    const strict = await runMaestro(['validate', '--strict', plan]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/\[E080\] .*typo\.yaml:8:5/);
  });

  it('a runs folder that cannot be made is E113 naming it; a plan on a pipe says to pass --run-dir', async () => {
    const blocked = await runMaestro([
      'run',
      join(projectRoot, 'examples/demo.yaml'),
      '--run-dir',
      '/sys/maestro/runs',
    ]);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toMatch(/\[E113\] cannot create the runs folder \/sys\/maestro\/runs/);
    expectNoStack(blocked.stderr);
    // `<(...)`: the plan's folder is /dev/fd, where Node's recursive mkdir spun forever at full CPU.
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    writeFileSync(
      join(dir.path, 'plan.yaml'),
      'version: 1\nname: piped\ntasks:\n  - id: a\n    command: "echo piped"\n',
    );
    const viaPipe = (extra: string) =>
      collect(
        spawn('bash', ['-c', `"${process.execPath}" "${cliPath}" run <(cat plan.yaml) -q ${extra}`], {
          cwd: dir.path,
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
        30_000,
      );
    const piped = await viaPipe('');
    expect(piped.code).toBe(1);
    expect(piped.stderr).toMatch(/\[E113\] cannot create the runs folder \/dev\/fd\/\.maestro-runs/);
    expect(piped.stderr).toContain('--run-dir');
    const withRunDir = await viaPipe('--run-dir runs');
    expect(withRunDir.code).toBe(0);
    expect(withRunDir.stdout).toContain('1 ok');
    // A cache folder that cannot be made (the same endless mkdir before) fails the store, not the run.
    const uncachable = await runMaestro(['run', join(dir.path, 'plan.yaml'), '--cache-dir', '/dev/fd/cache']);
    expect(uncachable.code).toBe(0);
    const events = readEvents(runDirectories(join(dir.path, '.maestro-runs'))[0]!);
    expect(events.find((event) => event.event === 'cache_store_failed')?.error).toMatch(
      /ENOENT.*\/dev\/fd\/cache/,
    );
  });

  it('bad flags are coded errors naming the flag', async () => {
    const demo = join(projectRoot, 'examples/demo.yaml');
    const parallel = await runMaestro(['run', demo, '--max-parallel', '0']);
    expect(parallel.code).toBe(1);
    expect(parallel.stderr).toMatch(/\[E012\] --max-parallel: /);
    const unknown = await runMaestro(['run', demo, '--max-paralel', '2']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/\[E120\] --max-paralel: [\s\S]*did you mean --max-parallel/i);
    const missing = await runMaestro(['run', join(projectRoot, 'examples/nope.yaml')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/\[E\d{3}\]/);
    expectNoStack(missing.stderr + missing.stdout);
  });

  it('tool grants an engine cannot enforce are refused before a run directory exists', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const plan = join(dir.path, 'grants.yaml');
    writeFileSync(
      plan,
      'version: 1\nname: g\ntasks:\n  - id: ask\n    engine: openai\n    prompt: hello\n    allowed_tools: [read-only]\n',
    );
    const result = await runMaestro(['run', plan], { cwd: dir.path });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\[E074\].*'ask' \(openai\)/);
    expect(existsSync(join(dir.path, '.maestro-runs'))).toBe(false);
  });

  it('maestro schema prints a JSON Schema editors can use', async () => {
    const result = await runMaestro(['schema']);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout) as { properties: Record<string, unknown> };
    expect(schema.properties).toHaveProperty('tasks');
    expect(schema.properties).toHaveProperty('max_parallel');
  });

  it('maestro --version answers', async () => {
    const result = await runMaestro(['--version']);
    expect(result.stdout).toMatch(/^maestro \d+\.\d+\.\d+/);
  });
});
