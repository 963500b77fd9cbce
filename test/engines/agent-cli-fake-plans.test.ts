// The peer-bug plans that exposed maestro-cli's engine bugs (shared/compat/plans/peer-bugs), run through
// the real kernel with fake CLIs on PATH: tokens and cost land right in result.json, and every command
// line is one the real CLI accepts (checked against each CLI's --help).
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentCliEngines } from '../../src/engines/agent-cli/index.ts';
import { createDefaultEngines, createEngineRegistry } from '../../src/engines/index.ts';
import { LocalExecutor } from '../../src/executors/local/local-executor.ts';
import { loadPlan } from '../../src/plan/index.ts';
import type { Plan } from '../../src/plan/types.ts';
import { type ExecutionProfile, runPlan } from '../../src/run/index.ts';
import { FAKEBIN, type FakeCliRecord } from '../support/agent-cli/fake-cli.ts';
import { compatDir, makeTempDir, projectRoot } from '../support/cli.ts';
import { readResult } from '../support/run-dir.ts';

const peerBugs = join(compatDir, 'plans', 'peer-bugs');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

// The engines the lead adds to the default registry; listed here so the test runs either way.
function executor(): LocalExecutor {
  return new LocalExecutor({
    engines: createEngineRegistry([...createDefaultEngines(), ...createAgentCliEngines()]),
  });
}

async function loadPeerPlan(file: string): Promise<{ plan: Plan; dir: string }> {
  const temp = makeTempDir();
  cleanups.push(temp.remove);
  copyFileSync(join(peerBugs, file), join(temp.path, file));
  return { plan: await loadPlan(join(temp.path, file)), dir: temp.path };
}

/** Runs the plan with the given fake folder first on PATH; with `recordDir`, each fake records its argv. */
async function runWithFakes(
  plan: Plan,
  options: { dir: string; fakebin: string; recordDir?: string; only?: string[]; profile?: ExecutionProfile },
) {
  if (options.recordDir) {
    for (const task of plan.tasks) task.env = { ...task.env, FAKE_CLI_RECORD_DIR: options.recordDir };
  }
  return runPlan(plan, {
    executor: executor(),
    runsDir: join(options.dir, '.maestro-runs'),
    cwd: options.dir,
    only: options.only,
    executionProfile: options.profile,
    parentEnv: { ...process.env, PATH: `${options.fakebin}:${process.env.PATH}` },
  });
}

function readRecord(recordDir: string, taskId: string): FakeCliRecord {
  return JSON.parse(readFileSync(join(recordDir, `${taskId}.json`), 'utf8')) as FakeCliRecord;
}

describe('peer-bug plans with fake agent CLIs', () => {
  it('fake_engines.yaml: claude cost and tokens, codex tokens without double counting, gemini JSON usage', async () => {
    // maestro-cli's own fakes (python scripts printing each CLI's format, ignoring their arguments)
    const { plan, dir } = await loadPeerPlan('fake_engines.yaml');
    const outcome = await runWithFakes(plan, { dir, fakebin: join(peerBugs, 'fakebin') });
    expect(outcome.success).toBe(true);
    expect(readResult(outcome.runPath, 'cl')).toMatchObject({
      status: 'success',
      cost_usd: 0.0123,
      token_usage: {
        input_tokens: 1000,
        cached_tokens: 200,
        cache_creation_tokens: 50,
        output_tokens: 300,
        total_tokens: 1550,
      },
    });
    expect(readResult(outcome.runPath, 'cx')).toMatchObject({
      status: 'success',
      token_usage: { input_tokens: 7000, cached_tokens: 1000, output_tokens: 1000, total_tokens: 9000 },
    });
    expect(readResult(outcome.runPath, 'gm')).toMatchObject({
      status: 'success',
      token_usage: { input_tokens: 1100, cached_tokens: 100, output_tokens: 100, total_tokens: 1300 },
    });
    expect(readResult(outcome.runPath, 'down').status).toBe('success');
  });

  it.each(['plan', 'safe', 'yolo'] as const)(
    'all_engines.yaml (%s): valid command lines, `qwen` binary, model aliases',
    async (profile) => {
      const { plan, dir } = await loadPeerPlan('all_engines.yaml');
      const recordDir = join(dir, 'records');
      mkdirSync(recordDir);
      const only = ['codex-task', 'claude-task', 'gemini-task', 'copilot-task', 'qwen-task'];
      const outcome = await runWithFakes(plan, { dir, fakebin: FAKEBIN, recordDir, only, profile });
      expect(outcome.success).toBe(true);
      const codex = readRecord(recordDir, 'codex-task').argv;
      expect(codex.slice(0, 3)).toEqual(['exec', '--json', '--skip-git-repo-check']);
      expect(codex).toContain('gpt-5.4-codex');
      expect(codex).toContain('model_reasoning_effort="medium"');
      expectValidCodex(codex, profile);
      const claude = readRecord(recordDir, 'claude-task').argv;
      expect(claude.slice(0, 4)).toEqual(['-p', '--output-format', 'stream-json', '--verbose']);
      expectValidClaude(claude, profile);
      expect(readRecord(recordDir, 'gemini-task').argv).toContain('gemini-2.5-flash');
      expectValidGemini(readRecord(recordDir, 'gemini-task').argv, profile);
      expect(readRecord(recordDir, 'copilot-task').argv).toContain('claude-sonnet-4.6');
      // the `qwen` fake ran: maestro-cli called `qwen-code`, which does not exist
      expect(readRecord(recordDir, 'qwen-task').argv).toContain('qwen-coder-plus');
      for (const id of only) expect(readRecord(recordDir, id).stdin).toBe('/dev/null');
    },
  );

  it.each(['plan', 'safe', 'yolo'] as const)(
    'engines_flags.yaml (%s): grants win, one sandbox flag, no workspace-read-only',
    async (profile) => {
      const { plan, dir } = await loadPeerPlan('engines_flags.yaml');
      const recordDir = join(dir, 'records');
      mkdirSync(recordDir);
      const outcome = await runWithFakes(plan, { dir, fakebin: FAKEBIN, recordDir, profile });
      expect(outcome.success).toBe(true);
      const claude = readRecord(recordDir, 'c1');
      expect(claude.argv).toEqual(
        expect.arrayContaining([
          '--agent',
          'reviewer',
          '--tools',
          'Read,Bash',
          '--allowedTools',
          'Read,Bash(git *)',
        ]),
      );
      expect(claude.argv).toEqual(
        expect.arrayContaining(['--permission-mode', 'dontAsk', '--disallowedTools', 'Write']),
      );
      expect(claude.argv).not.toContain('--dangerously-skip-permissions');
      expect(claude.env.CLAUDE_CODE_EFFORT_LEVEL).toBe('high');
      const system = claude.argv[claude.argv.indexOf('--append-system-prompt') + 1];
      expect(system).toContain('Be terse.');
      expect(claude.argv.at(-1)).toContain('Ship it');
      const codex = readRecord(recordDir, 'x1').argv;
      expect(
        codex.filter((arg) => arg === '-s' || arg.startsWith('--dangerously') || arg === '--yolo'),
      ).toEqual(['-s']);
      expect(codex[codex.indexOf('-s') + 1]).toBe('read-only');
      expect(codex.join(' ')).not.toContain('workspace-read-only');
      const gemini = readRecord(recordDir, 'g1').argv;
      expect(gemini).toContain('gemini-2.5-pro');
      expectValidGemini(gemini, profile);
      if (profile === 'plan') expect(gemini).toContain('--yolo');
    },
  );
});

describe('examples/engines', () => {
  it.each(['claude', 'codex', 'gemini', 'qwen', 'copilot', 'opencode'])(
    '%s.yaml loads and uses its engine',
    async (name) => {
      const plan = await loadPlan(join(projectRoot, 'examples', 'engines', `${name}.yaml`));
      expect(plan.tasks.some((task) => task.engine === name)).toBe(true);
      expect(createEngineRegistry(createAgentCliEngines()).has(name)).toBe(true);
    },
  );
});

function expectValidCodex(argv: string[], profile: ExecutionProfile): void {
  const sandbox = argv.filter(
    (arg) =>
      arg === '-s' ||
      arg === '--sandbox' ||
      arg === '--yolo' ||
      arg.startsWith('--dangerously') ||
      arg === '--full-auto',
  );
  expect(sandbox.length).toBeLessThanOrEqual(1);
  expect(argv.join(' ')).not.toContain('workspace-read-only');
  if (profile === 'safe') expect(argv[argv.indexOf('-s') + 1]).toBe('workspace-write');
  if (profile === 'yolo') expect(sandbox).toEqual(['--dangerously-bypass-approvals-and-sandbox']);
}

function expectValidClaude(argv: string[], profile: ExecutionProfile): void {
  const bypass = argv.includes('--dangerously-skip-permissions');
  const modes = argv.filter((arg) => arg === '--permission-mode');
  expect(bypass && modes.length > 0).toBe(false);
  expect(modes.length).toBeLessThanOrEqual(1);
  if (profile === 'safe') expect(argv[argv.indexOf('--permission-mode') + 1]).toBe('default');
  if (profile === 'yolo') expect(bypass).toBe(true);
}

function expectValidGemini(argv: string[], profile: ExecutionProfile): void {
  const yolo = argv.includes('--yolo') || argv.includes('-y');
  const modes = argv.filter((arg) => arg === '--approval-mode');
  expect(yolo && modes.length > 0).toBe(false);
  expect(argv).toContain('--skip-trust');
  if (profile === 'safe') expect(argv[argv.indexOf('--approval-mode') + 1]).toBe('auto_edit');
  if (profile === 'yolo') expect(argv[argv.indexOf('--approval-mode') + 1]).toBe('yolo');
}
