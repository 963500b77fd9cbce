import {
  appendFileSync,
  chmodSync,
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasPython, pythonVerifierPath, runPython } from '../../test/store/support/python.ts';
import { useTemporaryDirectories } from '../../test/store/support/temporary-directory.ts';
import { EventLog } from './event-log.ts';
import { createRunDirectory, taskArtifactPaths } from './run-directory.ts';
import { artifactHash } from './short-hash.ts';
import { buildTaskResult } from './task-result.ts';
import { writeTaskResult } from './task-result-file.ts';
import { verifyRunDirectory } from './verify-run.ts';

const newDirectory = useTemporaryDirectories();
const samples = '/work/shared/compat/runs';

// A writable copy of a sample run (the originals are read-only).
function copyOfSample(run: string): string {
  const copy = join(newDirectory(), run);
  cpSync(join(samples, run), copy, { recursive: true });
  chmodSync(copy, 0o755);
  for (const name of readdirSync(copy)) chmodSync(join(copy, name), 0o644);
  return copy;
}

function editFile(path: string, from: string, to: string): void {
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

function pythonVerdict(runPath: string): unknown {
  return JSON.parse(runPython(readFileSync(pythonVerifierPath, 'utf8'), '', [runPath]));
}

describe('verifyRunDirectory on runs written by maestro-cli', () => {
  it.each(['demo_run', 'fake_engines_run'])('reports %s as fully valid', (run) => {
    expect(verifyRunDirectory(join(samples, run))).toEqual({
      events: 11,
      chainValid: true,
      artifactsValid: true,
      problems: [],
    });
  });

  it('names the seq of an edited event', () => {
    const runPath = copyOfSample('demo_run');
    editFile(join(runPath, 'events.jsonl'), '"duration_sec": 0.067', '"duration_sec": 0.068');
    const result = verifyRunDirectory(runPath);
    expect(result.chainValid).toBe(false);
    expect(result.artifactsValid).toBe(true);
    expect(result.problems).toEqual([
      "events.jsonl line 6 (seq 5 task_complete task 'c'): content does not match its hash " +
        '(recorded b18bd174706fa01b, recomputed ' +
        result.problems[0]!.match(/recomputed ([0-9a-f]{16})/)![1] +
        '): the event was edited',
    ]);
  });

  it('names the file and the event of an edited artefact', () => {
    const runPath = copyOfSample('demo_run');
    editFile(join(runPath, 'b.log'), 'B done', 'B done!');
    const result = verifyRunDirectory(runPath);
    expect(result.chainValid).toBe(true);
    expect(result.artifactsValid).toBe(false);
    expect(result.problems).toEqual([
      "b.log was modified: recorded hash 99a9ce5a4becf692 at events.jsonl line 7 (seq 6 task_complete task 'b'), " +
        `file now hashes to ${artifactHash(join(runPath, 'b.log'))}`,
    ]);
  });

  it('reports a missing result file', () => {
    const runPath = copyOfSample('fake_engines_run');
    rmSync(join(runPath, 'cx.result.json'));
    expect(verifyRunDirectory(runPath).problems).toEqual([
      "cx.result.json is missing (recorded hash 5fa1f8eaa40d4e83 at events.jsonl line 7 (seq 6 task_complete task 'cx'))",
    ]);
  });

  it('reports a removed event as a seq gap and a broken link', () => {
    const runPath = copyOfSample('demo_run');
    const path = join(runPath, 'events.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.splice(3, 1);
    writeFileSync(path, lines.join('\n'));
    const result = verifyRunDirectory(runPath);
    expect(result.chainValid).toBe(false);
    expect(result.events).toBe(10);
    expect(result.problems[0]).toBe(
      "events.jsonl line 4 (seq 4 task_start task 'c'): seq is 4, expected 3 (events missing or reordered)",
    );
    expect(result.problems[1]).toBe(
      "events.jsonl line 4 (seq 4 task_start task 'c'): prev_hash is \"309c11fb7dc3f715\", but the previous event's hash is a82d305dbd41a43d",
    );
  });

  it('reports a torn final line', () => {
    const runPath = copyOfSample('demo_run');
    appendFileSync(join(runPath, 'events.jsonl'), '{"ts": "2026-11-21T12:27:17Z", "event": "memory_wr');
    const result = verifyRunDirectory(runPath);
    expect(result.chainValid).toBe(false);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(
      /^events\.jsonl line 12: not valid JSON \(.*\) \(an incomplete final line: the writer was interrupted\)$/,
    );
  });

  it('hashes a record in the nested payload form only when nothing stands beside its payload', () => {
    const runPath = copyOfSample('demo_run');
    const path = join(runPath, 'events.jsonl');
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    const { seq, prev_hash, hash, ...fields } = JSON.parse(lines[2]!) as Record<string, unknown>;
    const rewrite = (record: Record<string, unknown>) => {
      lines[2] = JSON.stringify(record);
      writeFileSync(path, `${lines.join('\n')}\n`);
      return verifyRunDirectory(runPath);
    };
    // The nested form alone hashes its payload, as maestro-cli's verifier does.
    expect(rewrite({ payload: fields, seq, prev_hash, hash }).chainValid).toBe(true);
    // A visible field beside it is not covered by that hash: the record is hashed whole, and fails.
    const shown = rewrite({ event: fields.event, status: 'failed', payload: fields, seq, prev_hash, hash });
    expect(shown.chainValid).toBe(false);
    expect(shown.problems[0]).toMatch(/line 3 .*content does not match its hash/);
  });

  it('reports an events.jsonl that is a folder as a problem, not an error', () => {
    const runPath = copyOfSample('demo_run');
    const path = join(runPath, 'events.jsonl');
    rmSync(path);
    mkdirSync(path);
    expect(verifyRunDirectory(runPath)).toMatchObject({
      chainValid: false,
      problems: [`${path} is a folder, not a file`],
    });
  });

  it('refuses artefact paths outside the run directory and reports a missing log', () => {
    const runPath = newDirectory();
    const log = EventLog.open({ path: join(runPath, 'events.jsonl'), planName: 'p' });
    log.append('task_complete', { task_id: '../../etc/passwd', log_hash: '0123456789abcdef' });
    log.close();
    expect(verifyRunDirectory(runPath).problems).toEqual([
      "events.jsonl line 1 (seq 0 task_complete task '../../etc/passwd'): task id '../../etc/passwd' does not " +
        'name a file inside the run directory; artefacts not checked',
    ]);
    expect(verifyRunDirectory(newDirectory()).problems[0]).toMatch(/events\.jsonl is missing$/);
  });
});

describe('verifyRunDirectory on runs written by Maestro', () => {
  function writeRun(): string {
    const { runId, path: runPath } = createRunDirectory({ runsDir: newDirectory(), planName: 'mixed plan' });
    const log = EventLog.open({ path: join(runPath, 'events.jsonl'), planName: 'mixed plan' });
    log.append('run_start', {
      run_id: runId,
      plan: 'mixed plan',
      goal: '',
      tasks: 3,
      max_parallel: 2,
      run_path: runPath,
    });
    for (const [wave, taskId] of ['build', 'qa/lint', 'qa/t\u00e9st'].entries()) {
      log.append('task_start', { task_id: taskId, wave, engine: null, model: null });
      const { logPath, resultPath } = taskArtifactPaths(runPath, taskId);
      writeFileSync(logPath, `task=${taskId}\n\nline \u00e9\n\nstatus=success\nmessage=ok\n`);
      const result = buildTaskResult({
        taskId,
        status: 'success',
        exitCode: 0,
        startedAtMicroseconds: 1_763_700_000_000_000 + wave,
        finishedAtMicroseconds: 1_763_700_001_500_000,
        logPath,
        resultPath,
        message: 'ok',
        costUsd: 0.1 * (wave + 1),
      });
      const written = writeTaskResult(result);
      log.append('task_complete', {
        task_id: taskId,
        status: 'success',
        duration_sec: 1.5,
        cost_usd: result.cost_usd,
        tokens: null,
        failure_category: null,
        checkpoint_count: null,
        judge_verdict: null,
        log_hash: artifactHash(logPath),
        result_hash: written.hash,
      });
    }
    log.append('run_complete', { success: true, ok: 3, soft_failed: 0, failed: 0, skipped: 0 });
    log.close();
    return runPath;
  }

  it('accepts a complete run, including task ids with a slash', () => {
    expect(verifyRunDirectory(writeRun())).toEqual({
      events: 8,
      chainValid: true,
      artifactsValid: true,
      problems: [],
    });
  });

  it.skipIf(!hasPython)("is accepted by a verifier following maestro-cli's eventsource.py", () => {
    expect(pythonVerdict(writeRun())).toEqual({ chain: 'valid', events: 8, mismatches: [] });
  });

  it.skipIf(!hasPython)('detects tampering that the Python verifier also detects', () => {
    const runPath = writeRun();
    editFile(join(runPath, 'qa', 'lint.result.json'), '"message": "ok"', '"message": "OK"');
    expect(pythonVerdict(runPath)).toEqual({
      chain: 'valid',
      events: 8,
      mismatches: ['qa/lint.result.json'],
    });
    expect(verifyRunDirectory(runPath).problems).toEqual([
      expect.stringMatching(/^qa\/lint\.result\.json was modified/),
    ]);
  });
});
