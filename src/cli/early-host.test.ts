import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandNeedsHostEarly, mayAnswerFromCache, runNeedsHostEarly } from './early-host.ts';

describe('runNeedsHostEarly', () => {
  let dir: string;
  let plan: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'maestro-early-host-'));
    plan = join(dir, 'plan.yaml');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is true for a run of one plan with no cache folder yet, whatever the flags around it', () => {
    expect(runNeedsHostEarly(['run', plan])).toBe(true);
    expect(runNeedsHostEarly(['run', '-q', plan, '--max-parallel', '4', '--only=a,b'])).toBe(true);
    expect(runNeedsHostEarly(['run', plan, '--output', 'jsonl', '--strict', '--auto-approve'])).toBe(true);
  });

  it('is false when the cache may answer, so that a fully cached re-run spawns nothing', () => {
    mkdirSync(join(dir, '.maestro-runs', '.cache'), { recursive: true });
    expect(runNeedsHostEarly(['run', plan])).toBe(false);
    // --no-cache: the folder does not matter
    expect(runNeedsHostEarly(['run', plan, '--no-cache'])).toBe(true);
    // the cache lives where --run-dir / --cache-dir say, in either spelling of the flag
    const elsewhere = join(dir, 'elsewhere');
    expect(runNeedsHostEarly(['run', plan, '--run-dir', elsewhere])).toBe(true);
    mkdirSync(join(elsewhere, '.cache'), { recursive: true });
    expect(runNeedsHostEarly(['run', plan, `--run-dir=${elsewhere}`])).toBe(false);
    expect(runNeedsHostEarly(['run', plan, '--cache-dir', join(dir, 'none')])).toBe(true);
    expect(runNeedsHostEarly(['run', plan, '--cache-dir', join(elsewhere, '.cache')])).toBe(false);
  });

  it('is false for anything it does not fully recognise (the parser decides those)', () => {
    expect(runNeedsHostEarly(['validate', plan])).toBe(false);
    expect(runNeedsHostEarly(['run'])).toBe(false);
    expect(runNeedsHostEarly(['run', plan, plan])).toBe(false);
    expect(runNeedsHostEarly(['run', plan, '--dry-run'])).toBe(false);
    expect(runNeedsHostEarly(['run', plan, '--help'])).toBe(false);
    expect(runNeedsHostEarly(['run', plan, '--run-dri', 'x'])).toBe(false);
    expect(runNeedsHostEarly(['run', plan, '--run-dir'])).toBe(false);
  });

  it('mayAnswerFromCache follows the same folders as the run', () => {
    expect(mayAnswerFromCache(plan, {})).toBe(false);
    mkdirSync(join(dir, '.maestro-runs', '.cache'), { recursive: true });
    expect(mayAnswerFromCache(plan, {})).toBe(true);
    expect(mayAnswerFromCache(plan, { cache: false })).toBe(false);
    expect(mayAnswerFromCache(plan, { runDir: join(dir, 'other') })).toBe(false);
  });

  it('council needs its host for a question, not for its history or its help', () => {
    expect(commandNeedsHostEarly(['council', 'Is', 'it', 'true?', '--member', 'mock:a'])).toBe(true);
    expect(commandNeedsHostEarly(['council', '--config', 'c.yaml'])).toBe(true);
    expect(commandNeedsHostEarly(['council', 'history'])).toBe(false);
    expect(commandNeedsHostEarly(['council', 'replay', 'abc'])).toBe(false);
    expect(commandNeedsHostEarly(['council', '--output', 'json', 'history'])).toBe(false);
    expect(commandNeedsHostEarly(['council', 'help'])).toBe(false);
    expect(commandNeedsHostEarly(['council', '--help'])).toBe(false);
    expect(commandNeedsHostEarly(['run', plan])).toBe(true);
    expect(commandNeedsHostEarly(['doctor'])).toBe(false);
  });

  it("reads a plan's plain top-level run_dir, and answers 'may answer' for one it cannot read", () => {
    const cacheIn = (folder: string) => mkdirSync(join(dir, folder, '.cache'), { recursive: true });
    const withRunDir = (line: string) =>
      writeFileSync(plan, `version: 1\nname: p\n${line}\ntasks:\n  - id: a\n    command: "echo run_dir"\n`);
    // No cache anywhere yet: a plain value is read and found empty.
    withRunDir('run_dir: custom-runs');
    expect(mayAnswerFromCache(plan, {})).toBe(false);
    cacheIn('custom-runs');
    expect(mayAnswerFromCache(plan, {})).toBe(true);
    expect(runNeedsHostEarly(['run', plan])).toBe(false);
    for (const quoted of ['run_dir: "custom-runs"', "run_dir: 'custom-runs'  # comment"]) {
      withRunDir(quoted);
      expect(mayAnswerFromCache(plan, {})).toBe(true);
    }
    withRunDir('run_dir: elsewhere');
    expect(mayAnswerFromCache(plan, {})).toBe(false);
    // YAML starts a comment only after a space: `runs#1` is the folder's whole name.
    cacheIn('runs#1');
    withRunDir('run_dir: runs#1');
    expect(mayAnswerFromCache(plan, {})).toBe(true);
    withRunDir('run_dir: runs #1');
    expect(mayAnswerFromCache(plan, {})).toBe(false);
    // Forms only the loader can read: treated as a cache that may answer, so nothing starts early.
    for (const unreadable of [
      'run_dir: $RUNS/x',
      'run_dir: ~',
      'run_dir: [a]',
      'run_dir: *anchor',
      '"run_dir": x',
    ]) {
      withRunDir(unreadable);
      expect(mayAnswerFromCache(plan, {}), unreadable).toBe(true);
    }
    writeFileSync(plan, '{"version": 1, "name": "p", "run_dir": "x", "tasks": []}');
    expect(mayAnswerFromCache(plan, {})).toBe(true);
    // --run-dir and --cache-dir win over the plan.
    withRunDir('run_dir: custom-runs');
    expect(mayAnswerFromCache(plan, { runDir: join(dir, 'none') })).toBe(false);
    expect(mayAnswerFromCache(plan, { cacheDir: join(dir, 'custom-runs', '.cache') })).toBe(true);
  });

  it('never reads a plan that is not a regular file (a pipe can be read once, by the loader)', () => {
    const fifo = join(dir, 'plan.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // Opening a FIFO with no writer would block this thread: the answer comes from stat alone.
    expect(mayAnswerFromCache(fifo, {})).toBe(true);
    expect(runNeedsHostEarly(['run', fifo])).toBe(false);
    expect(runNeedsHostEarly(['run', fifo, '--run-dir', join(dir, 'runs')])).toBe(true);
  });
});
