import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectories } from '../../test/store/support/temporary-directory.ts';
import { artifactHash } from './short-hash.ts';
import { buildTaskResult, type TaskResultInput } from './task-result.ts';
import { serializeTaskResult, writeTaskResult } from './task-result-file.ts';

const newDirectory = useTemporaryDirectories();
const samples = '/work/shared/compat/runs';

/** Epoch microseconds of a Python isoformat() string such as 2026-11-21T12:27:16.565447+00:00. */
function microsecondsOf(iso: string): number {
  const [, seconds, fraction] = /^(.{19})(?:\.(\d{6}))?\+00:00$/.exec(iso)!;
  return Date.parse(`${seconds}Z`) * 1000 + Number(fraction ?? 0);
}

describe('buildTaskResult', () => {
  it("reproduces maestro-cli's a.result.json byte for byte", () => {
    const runPath = '/tmp/maestro-cli-peer/work/.maestro-runs/20261121_122716_550045_8d1512_demo';
    const result = buildTaskResult({
      taskId: 'a',
      status: 'success',
      exitCode: 0,
      startedAtMicroseconds: microsecondsOf('2026-11-21T12:27:16.565447+00:00'),
      finishedAtMicroseconds: microsecondsOf('2026-11-21T12:27:16.630709+00:00'),
      command: `python -c "print('A done')"`,
      logPath: `${runPath}/a.log`,
      resultPath: `${runPath}/a.result.json`,
      message: 'ok',
      stdoutTail: 'A done\n',
      // maestro-cli guessed this from stdout ("A done"); Maestro passes what it measured.
      structuredContext: { filesChanged: ['done'] },
    });
    expect(serializeTaskResult(result)).toBe(readFileSync(`${samples}/demo_run/a.result.json`, 'utf8'));
  });

  it("reproduces an engine task's result, with token usage and maestro-cli's optional keys", () => {
    const runPath = '/tmp/maestro-cli-peer/work/exp/.maestro-runs/20261121_123447_052894_e1b851_fake-engines';
    const expected = JSON.parse(readFileSync(`${samples}/fake_engines_run/cl.result.json`, 'utf8'));
    const result = buildTaskResult({
      taskId: 'cl',
      status: 'failed',
      exitCode: 0,
      startedAtMicroseconds: microsecondsOf(expected.started_at),
      finishedAtMicroseconds: microsecondsOf(expected.finished_at),
      command: expected.command,
      logPath: `${runPath}/cl.log`,
      resultPath: `${runPath}/cl.result.json`,
      message: expected.message,
      stdoutTail: expected.stdout_tail,
      costUsd: 0.0123,
      tokenUsage: { inputTokens: 1050, cachedTokens: 200, outputTokens: 300, cacheCreationTokens: 50 },
      structuredContext: {
        status: 'success',
        decisions: ['All done: modified src/app.py'],
        resultText: 'All done: modified src/app.py',
      },
      extra: { grant_violations: expected.grant_violations },
    });
    expect(serializeTaskResult(result)).toBe(
      readFileSync(`${samples}/fake_engines_run/cl.result.json`, 'utf8'),
    );
  });

  it('reproduces a skipped result: no exit code, no structured context, 0.0 duration', () => {
    const runPath = '/tmp/maestro-cli-peer/work/exp/.maestro-runs/20261121_123447_052894_e1b851_fake-engines';
    const instant = microsecondsOf('2026-11-21T12:34:47.147207+00:00');
    const result = buildTaskResult({
      taskId: 'down',
      status: 'skipped',
      startedAtMicroseconds: instant,
      finishedAtMicroseconds: instant,
      logPath: `${runPath}/down.log`,
      resultPath: `${runPath}/down.result.json`,
      message: "Skipped because dependency failed: {'cl', 'cx'}",
    });
    expect(serializeTaskResult(result)).toBe(
      readFileSync(`${samples}/fake_engines_run/down.result.json`, 'utf8'),
    );
  });

  it("appends Maestro's keys after maestro-cli's, only when set", () => {
    const input: TaskResultInput = {
      taskId: 'qa/lint',
      status: 'failed',
      exitCode: 1,
      startedAtMicroseconds: 1_000_000,
      finishedAtMicroseconds: 3_000_000,
      logPath: '/run/qa/lint.log',
      resultPath: '/run/qa/lint.result.json',
      engine: 'mock',
      attempts: 2,
      definitionHash: 'abc',
      failureHistory: [
        { attempt: 1, category: 'test_failure', exitCode: 1, message: 'boom', durationSec: 1 },
      ],
    };
    const result = buildTaskResult(input);
    const keys = Object.keys(result);
    expect(keys.slice(0, 29)).toContain('task_hash');
    expect(keys.slice(-4)).toEqual(['task_hash', 'engine', 'attempts', 'definition_hash']);
    expect(result.duration_sec).toBe(2);
    const text = serializeTaskResult(result);
    expect(text).toContain('"duration_sec": 2.0,');
    expect(text).toContain('"started_at": "1970-01-01T00:00:01+00:00"');
    expect(text).toContain(
      '"failure_history": [\n    {\n      "attempt": 1,\n      "category": "test_failure",\n      "exit_code": 1,\n' +
        '      "message": "boom",\n      "verify_tail": "",\n      "duration_sec": 1.0\n    }\n  ]',
    );
  });

  it('writes the file atomically and returns the hash a task_complete event records', () => {
    const runPath = newDirectory();
    const result = buildTaskResult({
      taskId: 'a',
      status: 'success',
      exitCode: 0,
      startedAtMicroseconds: 0,
      finishedAtMicroseconds: 1,
      logPath: join(runPath, 'a.log'),
      resultPath: join(runPath, 'a.result.json'),
      stdoutTail: 'r\u00e9sum\u00e9',
    });
    const written = writeTaskResult(result);
    expect(written.path).toBe(join(runPath, 'a.result.json'));
    expect(written.hash).toBe(artifactHash(written.path));
    expect(readFileSync(written.path, 'utf8')).toContain('"stdout_tail": "r\\u00e9sum\\u00e9"');
  });
});
