import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAKEBIN, runWithFakeCli } from '../../../test/support/agent-cli/fake-cli.ts';
import { ClaudeEngine } from '../claude/claude-engine.ts';
import { GeminiEngine } from '../gemini/gemini-engine.ts';
import { OpencodeEngine } from '../opencode/opencode-engine.ts';
import { createDefaultEngines, DEFAULT_ENGINE_FACTORIES } from '../registry.ts';
import { AgentCliEngine, createAgentCliEngines, locateAgentCli } from './index.ts';

const stateRoot = mkdtempSync(join(tmpdir(), 'maestro-agent-state-'));
afterAll(() => rmSync(stateRoot, { recursive: true, force: true }));

const engine = new ClaudeEngine({
  parentEnv: { ANTHROPIC_API_KEY: 'from-parent', EXTRA_VAR: 'extra', OTHER_SECRET: 'never' },
  stateRoot,
  killGraceMs: 300,
});

// Whether a process whose command line contains `marker` is still running.
function isRunning(marker: string): boolean {
  return execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .some((line) => line.includes(marker));
}

describe('AgentCliEngine', () => {
  it('kills a CLI that hangs after its final event and keeps the result', async () => {
    const marker = `hang-marker-${process.pid}-${Date.now()}`;
    const { outcome, elapsedMs, stderr } = await runWithFakeCli(
      engine,
      { prompt: marker, options: { result_grace_ms: 300 } },
      { scenario: 'hang' },
    );
    expect(outcome).toMatchObject({
      ok: true,
      exitCode: 0,
      text: 'All done: modified src/app.py',
      costUsd: 0.0123,
    });
    expect(elapsedMs).toBeLessThan(5000);
    expect(stderr).toContain('did not exit within 300 ms of its final event');
    expect(isRunning(marker)).toBe(false);
  });

  it('kills a CLI that ignores SIGTERM after its result with SIGKILL', async () => {
    const marker = `hang-hard-marker-${process.pid}-${Date.now()}`;
    const { outcome, elapsedMs } = await runWithFakeCli(
      engine,
      { prompt: marker, options: { result_grace_ms: 200 } },
      { scenario: 'hang-hard' },
    );
    expect(outcome.ok).toBe(true);
    expect(elapsedMs).toBeLessThan(5000);
    expect(isRunning(marker)).toBe(false);
  });

  it('uses a 3 s grace by default, so a normal exit is never cut short', async () => {
    const { outcome, elapsedMs } = await runWithFakeCli(engine);
    expect(outcome.ok).toBe(true);
    expect(elapsedMs).toBeLessThan(3000);
  });

  it('times out a CLI that never answers, killing its group (exit 124)', async () => {
    const marker = `stall-marker-${process.pid}-${Date.now()}`;
    const { outcome } = await runWithFakeCli(
      engine,
      { prompt: marker, timeoutMs: 400 },
      { scenario: 'stall' },
    );
    expect(outcome).toMatchObject({ ok: false, exitCode: 124 });
    expect(outcome.error).toMatchObject({ kind: 'timeout', retryable: true });
    expect(isRunning(marker)).toBe(false);
  });

  it('reports an abort as cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const { outcome } = await runWithFakeCli(engine, {}, { scenario: 'stall', signal: controller.signal });
    expect(outcome.error).toMatchObject({ kind: 'cancelled', retryable: false });
  });

  it('reports a missing CLI as not_found with how to install it', async () => {
    const { outcome } = await runWithFakeCli(engine, { options: { binary: '/nonexistent/claude' } });
    expect(outcome.error?.kind).toBe('not_found');
    expect(outcome.error?.message).toContain('npm install -g @anthropic-ai/claude-code');
  });

  it('maps a non-zero exit without a result to exit_code with the stderr reason', async () => {
    const { outcome } = await runWithFakeCli(engine, {}, { scenario: 'exit-2' });
    expect(outcome).toMatchObject({ ok: false, exitCode: 2 });
    expect(outcome.error?.kind).toBe('exit_code');
    expect(outcome.error?.message).toContain('fake failure with exit 2');
  });

  it('refuses before starting: unset api_key_env (auth), bad option types and an empty prompt (unsupported)', async () => {
    const key = await runWithFakeCli(engine, { options: { api_key_env: 'NOT_SET_ANYWHERE' } });
    expect(key.record).toBeUndefined();
    expect(key.outcome.error).toMatchObject({ kind: 'auth', retryable: false });
    const badOption = await runWithFakeCli(engine, { options: { isolate_state: 'yes' } });
    expect(badOption.outcome.error?.kind).toBe('unsupported');
    expect(badOption.outcome.error?.message).toContain('`isolate_state`');
    const noPrompt = await runWithFakeCli(engine, { prompt: '' });
    expect(noPrompt.outcome.error?.kind).toBe('unsupported');
  });

  it('adds only the CLI credentials and pass_env variables of the parent; plan env wins over them', async () => {
    const { record } = await runWithFakeCli(engine, {
      env: { ANTHROPIC_API_KEY: 'from-plan' },
      options: { pass_env: ['EXTRA_VAR'] },
    });
    expect(record?.env.ANTHROPIC_API_KEY).toBe('from-plan');
    expect(record?.env.EXTRA_VAR).toBe('extra');
    expect(record?.env.OTHER_SECRET).toBeUndefined();
  });

  it('isolates state: a fresh folder per call (removed after), or a kept state_dir', async () => {
    const fresh = await runWithFakeCli(engine, { options: { isolate_state: true } });
    const freshDir = fresh.record?.env.CLAUDE_CONFIG_DIR ?? '';
    expect(freshDir.startsWith(stateRoot)).toBe(true);
    expect(existsSync(freshDir)).toBe(false);
    const kept = join(stateRoot, 'kept-claude');
    const fixed = await runWithFakeCli(engine, { options: { state_dir: kept } });
    expect(fixed.record?.env.CLAUDE_CONFIG_DIR).toBe(kept);
    expect(existsSync(kept)).toBe(true);
  });

  it('refuses a state_dir it cannot create instead of throwing', async () => {
    const { outcome, record } = await runWithFakeCli(engine, {
      options: { state_dir: join(FAKEBIN, 'claude', 'state') },
    });
    expect(record).toBeUndefined();
    expect(outcome.error?.kind).toBe('unsupported');
    expect(outcome.error?.message).toContain('cannot prepare its files');
  });

  it("refuses an argument of exactly 128 KiB, which Linux's limit (it counts the NUL) would fail", async () => {
    // gemini takes the prompt as `--prompt=<prompt>`, one argument
    const argumentOf = (bytes: number) => 'x'.repeat(bytes - '--prompt='.length);
    const atLimit = await runWithFakeCli(new GeminiEngine(), { prompt: argumentOf(128 * 1024) });
    expect(atLimit.record).toBeUndefined();
    expect(atLimit.outcome.error).toMatchObject({ kind: 'unsupported', retryable: false });
    expect(atLimit.outcome.error?.message).toContain('(131072 bytes)');
    // one byte less is what execve still accepts
    const justUnder = await runWithFakeCli(new GeminiEngine(), { prompt: argumentOf(128 * 1024 - 1) });
    expect(justUnder.outcome.ok).toBe(true);
    expect(justUnder.record?.argv.at(-1)?.length).toBe(128 * 1024 - 1);
  });

  it('does not require a final event from opencode, whose run ends with the process', async () => {
    const { outcome } = await runWithFakeCli(new OpencodeEngine(), {}, { scenario: 'ok' });
    expect(outcome.ok).toBe(true);
  });

  it('creates all six engines with their capabilities', () => {
    const engines = createAgentCliEngines();
    expect(engines.map((item) => item.name)).toEqual([
      'claude',
      'codex',
      'gemini',
      'copilot',
      'qwen',
      'opencode',
    ]);
    for (const item of engines) expect(item.capabilities?.toolGrants).toBe(true);
    expect(engines.find((item) => item.name === 'codex')?.capabilities?.structuredOutput).toBe(true);
  });

  it('locates a CLI on PATH or by its binary option, for preflight checks', () => {
    expect(locateAgentCli('qwen', undefined, { PATH: `/nonexistent:${FAKEBIN}` })).toBe(
      join(FAKEBIN, 'qwen'),
    );
    expect(locateAgentCli('qwen', undefined, { PATH: '/nonexistent' })).toBeUndefined();
    expect(locateAgentCli('codex', { binary: join(FAKEBIN, 'codex') }, { PATH: '' })).toBe(
      join(FAKEBIN, 'codex'),
    );
    expect(locateAgentCli('shell')).toBeUndefined();
  });

  // Passes once the lead registers the engines in DEFAULT_ENGINE_FACTORIES (skipped until then).
  it.skipIf(!Object.hasOwn(DEFAULT_ENGINE_FACTORIES, 'claude'))('is in the default registry', () => {
    const names = createDefaultEngines()
      .filter((item) => item instanceof AgentCliEngine)
      .map((item) => item.name);
    expect(names.sort()).toEqual(['claude', 'codex', 'copilot', 'gemini', 'opencode', 'qwen']);
  });
});
