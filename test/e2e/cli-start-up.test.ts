// The start-up shortcuts of the built executable answer exactly as the full argument parser does:
// `--version`, and `validate PLAN [--json] [--strict]` (read without loading the parser); any other
// shape of `validate` still goes through the parser and its coded errors. A `run` that will need its
// attempt host starts it before anything else is loaded, and uses that one.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, makeTempDir, projectRoot, runMaestro } from '../support/cli.ts';
import { hasStrace, isNewProcess, traceMaestro } from '../support/strace.ts';

const demo = join(projectRoot, 'examples/demo.yaml');

describe('start-up shortcuts', () => {
  it('--version and -V print the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-V']) {
      const result = await runMaestro([flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`maestro ${version}\n`);
    }
  });

  it('validate gives the same verdict whatever the order of its flags', async () => {
    const first = await runMaestro(['validate', demo, '--json', '--strict']);
    const second = await runMaestro(['validate', '--strict', '--json', demo]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ valid: true, name: 'demo' });
    expect(second).toEqual(first);
  });

  it('other shapes of validate reach the argument parser', async () => {
    const unknownFlag = await runMaestro(['validate', demo, '--jsn']);
    expect(unknownFlag.code).toBe(1);
    expect(unknownFlag.stderr).toMatch(/\[E120\].*--jsn/);
    const twoPlans = await runMaestro(['validate', demo, demo]);
    expect(twoPlans.code).toBe(1);
    expect(twoPlans.stderr).toContain('[E120]');
    const help = await runMaestro(['validate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('check a plan without running it');
  });

  it('the installed executable (package.json bin) answers as main.js does, exit codes included', async () => {
    const packageJson = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
      version: string;
      bin: { maestro: string };
    };
    const bin = join(projectRoot, packageJson.bin.maestro);
    const viaBin = (args: string[]) =>
      collect(
        spawn(process.execPath, [bin, ...args], {
          cwd: projectRoot,
          env: { ...process.env, NO_COLOR: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      );
    expect(await viaBin(['--version'])).toMatchObject({
      code: 0,
      stdout: `maestro ${packageJson.version}\n`,
    });
    for (const args of [
      ['validate', demo, '--json'],
      ['validate', join(projectRoot, 'missing.yaml')],
      ['run', '--no-such-flag', demo],
    ]) {
      const [fromBin, fromMain] = await Promise.all([viaBin(args), runMaestro(args)]);
      expect(fromBin.code).toBe(fromMain.code);
      expect(fromBin.stdout).toBe(fromMain.stdout);
      expect(fromBin.stderr).toBe(fromMain.stderr);
    }
  });

  it('the quick start: `npx maestro` runs the bin through its shebang from a fresh build', async () => {
    const result = await collect(
      spawn('npx', ['--no-install', 'maestro', 'validate', demo], {
        cwd: projectRoot,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    expect(result.stderr).not.toContain('Permission denied');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Plan is valid');
  });

  it.skipIf(!hasStrace)(
    'a run with no cache to answer from starts its attempt host before loading the argument parser, and uses it',
    () => {
      const dir = makeTempDir();
      try {
        const plan = join(dir.path, 'plan.yaml');
        const tasks = ['a', 'b', 'c'].map((id) => `  - id: ${id}\n    engine: mock\n    prompt: "say ${id}"`);
        writeFileSync(plan, `version: 1\nname: early\ntasks:\n${tasks.join('\n')}\n`);
        const traced = traceMaestro(dir.path, ['run', plan, '-q'], 'clone,clone3,fork,vfork,openat');
        expect(traced.status).toBe(0);
        const calls = traced.lines;
        const forks = calls.map((line, index) => ({ line, index })).filter(({ line }) => isNewProcess(line));
        const parserLoad = calls.findIndex((line) => /openat\(.*\/commander\/index\.js"/.test(line));
        expect(parserLoad).toBeGreaterThan(-1);
        // One host for the three mock attempts: the one forked first, before the kernel had loaded even
        // its argument parser (let alone the plan), so that the two start side by side.
        expect(forks).toHaveLength(1);
        expect(forks[0]!.index).toBeLessThan(parserLoad);
      } finally {
        dir.remove();
      }
    },
  );
});
