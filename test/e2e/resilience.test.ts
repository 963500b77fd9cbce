// Escalation and fallback: a retry moves to the next model of `escalation`; a provider failure (rate
// limit, credentials) moves the task to `fallback_engine`/`fallback_model` once, and that switch gets its
// own attempt even when no retry is left. Each step is an event, and the record names what answered.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, runMaestro } from '../support/cli.ts';
import { runPlanLines } from '../support/plan-run.ts';
import { readResult } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function run(lines: string[]) {
  return runPlanLines(lines, cleanups, { prefix: 'maestro-resilience-' });
}

describe('escalation and fallback', () => {
  it('each retry escalates to the next model, and the result names the model that answered', async () => {
    const { result, runPath, events } = await run([
      'version: 1',
      'name: escalate',
      'tasks:',
      '  - id: solve',
      '    engine: mock',
      '    model: small',
      '    prompt: solve it',
      '    max_retries: 3',
      '    escalation: [small, medium, large]',
      '    mock:',
      '      sequence:',
      '        - {fail: {kind: exit_code, exit_code: 1, message: wrong answer}}',
      '        - {fail: {kind: exit_code, exit_code: 1, message: wrong again}}',
      '        - solved',
    ]);
    expect(result.code).toBe(0);
    const escalations = events.filter((event) => event.event === 'model_escalation');
    expect(escalations.map((event) => `${event.from_model}->${event.to_model}`)).toEqual([
      'small->medium',
      'medium->large',
    ]);
    const record = readResult(runPath, 'solve');
    expect(record.status).toBe('success');
    expect(record.model).toBe('large');
    expect(record.attempts).toBe(3);
  });

  it('the last model of the list is kept once the list is exhausted', async () => {
    const { events, runPath } = await run([
      'version: 1',
      'name: exhausted',
      'tasks:',
      '  - id: solve',
      '    engine: mock',
      '    model: medium',
      '    prompt: solve it',
      '    max_retries: 2',
      '    escalation: [small, medium]',
      '    mock: {fail: {kind: exit_code, exit_code: 1, message: nope}}',
    ]);
    expect(events.filter((event) => event.event === 'model_escalation')).toHaveLength(0);
    expect(readResult(runPath, 'solve')).toMatchObject({ status: 'failed', model: 'medium', attempts: 3 });
  });

  it('a rate-limited engine falls back once, and the fallback gets an attempt even with no retries left', async () => {
    const { result, runPath, events } = await run([
      'version: 1',
      'name: fallback',
      'tasks:',
      '  - id: ask',
      '    engine: mock',
      '    model: primary',
      '    prompt: question',
      '    max_retries: 0',
      '    fallback_engine: mock',
      '    fallback_model: backup',
      '    mock:',
      '      sequence:',
      '        - {fail: {kind: rate_limited, message: "429 Too Many Requests"}}',
      '        - answer from the backup',
    ]);
    expect(result.code).toBe(0);
    const fallback = events.filter((event) => event.event === 'engine_fallback');
    expect(fallback).toHaveLength(1);
    expect(fallback[0]).toMatchObject({ from_model: 'primary', to_model: 'backup', to_engine: 'mock' });
    expect(readResult(runPath, 'ask')).toMatchObject({ status: 'success', model: 'backup', attempts: 2 });
  });

  it('rejected credentials (not worth retrying on the same engine) still fall back', async () => {
    const { result, runPath, events } = await run([
      'version: 1',
      'name: fallback-auth',
      'tasks:',
      '  - id: ask',
      '    engine: mock',
      '    model: primary',
      '    prompt: question',
      '    max_retries: 2',
      '    fallback_engine: mock',
      '    fallback_model: backup',
      '    mock:',
      '      sequence:',
      '        - {fail: {kind: auth, message: "401 invalid API key"}}',
      '        - answer from the backup',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(events.filter((event) => event.event === 'engine_fallback')).toHaveLength(1);
    expect(readResult(runPath, 'ask')).toMatchObject({ status: 'success', model: 'backup', attempts: 2 });
  });

  it("a task's own failure (wrong output) does not trigger the fallback", async () => {
    const { result, events } = await run([
      'version: 1',
      'name: no-fallback',
      'tasks:',
      '  - id: ask',
      '    engine: mock',
      '    prompt: question',
      '    max_retries: 0',
      '    fallback_engine: mock',
      '    fallback_model: backup',
      '    verify_command: "exit 1"',
      '    mock: {reply: wrong}',
    ]);
    expect(result.code).toBe(1);
    expect(events.some((event) => event.event === 'engine_fallback')).toBe(false);
  });

  it('a fallback engine this machine cannot run is refused before the run starts (E102)', async () => {
    const dir = makeTempDir('maestro-resilience-');
    cleanups.push(dir.remove);
    const plan = join(dir.path, 'plan.yaml');
    writeFileSync(
      plan,
      [
        'version: 1',
        'name: missing-fallback',
        'tasks:',
        '  - {id: ask, engine: mock, prompt: q, fallback_engine: no-such-engine}',
        '',
      ].join('\n'),
    );
    const result = await runMaestro(['run', plan, '-q', '--run-dir', join(dir.path, 'runs')], {
      cwd: dir.path,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/E0\d\d|E1\d\d/);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
