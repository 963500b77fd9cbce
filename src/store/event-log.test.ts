import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasPython, pythonVerifierPath, runPython } from '../../test/store/support/python.ts';
import { useTemporaryDirectories } from '../../test/store/support/temporary-directory.ts';
import { computeEventHash, eventPayload, GENESIS_HASH } from './event-hash.ts';
import { EventLog, type EventRecord } from './event-log.ts';
import { pythonFloat } from './python-json.ts';
import { verifyRunDirectory } from './verify-run.ts';

const newDirectory = useTemporaryDirectories();
const fixedClock = () => new Date(Date.UTC(2026, 10, 21, 12, 27, 16, 123));

function readLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean);
}

describe('EventLog', () => {
  it('writes records in maestro-cli key order with a millisecond UTC timestamp', () => {
    const path = join(newDirectory(), 'events.jsonl');
    const log = EventLog.open({ path, planName: 'demo', now: fixedClock });
    const record = log.append('task_start', { task_id: 'a', wave: 0, engine: null, model: null });
    log.close();
    expect(Object.keys(record)).toEqual([
      'ts',
      'event',
      'plan_name',
      'task_id',
      'wave',
      'engine',
      'model',
      'seq',
      'prev_hash',
      'hash',
    ]);
    expect(record.ts).toBe('2026-11-21T12:27:16.123Z');
    expect(record.prev_hash).toBe(GENESIS_HASH);
    expect(record.hash).toBe(computeEventHash(eventPayload(record), GENESIS_HASH));
    expect(readLines(path)).toEqual([
      `{"ts": "2026-11-21T12:27:16.123Z", "event": "task_start", "plan_name": "demo", "task_id": "a", "wave": 0, "engine": null, "model": null, "seq": 0, "prev_hash": "0000000000000000", "hash": "${record.hash}"}`,
    ]);
  });

  it('reproduces the hash maestro-cli computed for a known event', () => {
    // First event of the sample demo run, re-hashed from its payload.
    const payload = {
      ts: '2026-11-21T12:27:16Z',
      event: 'run_start',
      plan_name: 'demo',
      run_id: '20261121_122716_550045_8d1512',
      plan: 'demo',
      goal: '',
      tasks: 4,
      max_parallel: 2,
      run_path: '/tmp/maestro-cli-peer/work/.maestro-runs/20261121_122716_550045_8d1512_demo',
    };
    expect(computeEventHash(payload, GENESIS_HASH)).toBe('c97086bc0b30676e');
  });

  it('round-trips 10 000 events through one descriptor and verifies them', () => {
    const runPath = newDirectory();
    const seen: string[] = [];
    const log = EventLog.open({
      path: join(runPath, 'events.jsonl'),
      planName: 'big plan',
      onRecord: (_record, line) => seen.push(line),
    });
    for (let index = 0; index < 10_000; index += 1) {
      log.append(index % 2 ? 'task_complete' : 'task_start', {
        task_id: `t${index}`,
        duration_sec: index / 7,
        cost_usd: index % 3 ? null : pythonFloat(index),
        note: index % 100 ? 'ok' : 'caf\u00e9 \ud83d\ude00 "quoted"\n',
      });
    }
    expect(log.nextSeq).toBe(10_000);
    log.close();
    log.close();
    expect(log.isClosed).toBe(true);
    expect(() => log.append('late', {})).toThrow(/closed/);
    const lines = readLines(join(runPath, 'events.jsonl'));
    expect(lines).toEqual(seen);
    expect(verifyRunDirectory(runPath)).toEqual({
      events: 10_000,
      chainValid: true,
      artifactsValid: true,
      problems: [],
    });
  });

  it('continues the chain of an existing log', () => {
    const runPath = newDirectory();
    const path = join(runPath, 'events.jsonl');
    const first = EventLog.open({ path, planName: 'demo' });
    first.append('run_start', { run_id: 'x' });
    const last = first.append('task_start', { task_id: 'a' });
    first.close();
    const second = EventLog.open({ path, planName: 'demo' });
    expect(second.truncatedBytes).toBe(0);
    expect(second.nextSeq).toBe(2);
    expect(second.lastHash).toBe(last.hash);
    const continued = second.append('run_complete', { success: true });
    second.close();
    expect(continued.seq).toBe(2);
    expect(continued.prev_hash).toBe(last.hash);
    expect(verifyRunDirectory(runPath).chainValid).toBe(true);
  });

  it('continues a log written by maestro-cli', () => {
    const runPath = newDirectory();
    const path = join(runPath, 'events.jsonl');
    writeFileSync(path, readFileSync('/work/shared/compat/runs/demo_run/events.jsonl'));
    const log = EventLog.open({ path, planName: 'demo' });
    const record = log.append('resume_note', { ok: true });
    log.close();
    expect(record.seq).toBe(11);
    expect(record.prev_hash).toBe('63d3aafdef9d4586');
    const result = verifyRunDirectory(runPath);
    expect(result.chainValid).toBe(true);
    expect(result.events).toBe(12);
  });

  it('cuts a torn final line before continuing', () => {
    const runPath = newDirectory();
    const path = join(runPath, 'events.jsonl');
    const first = EventLog.open({ path, planName: 'demo' });
    first.append('run_start', {});
    const kept = first.append('task_start', { task_id: 'a' });
    first.close();
    const intact = readFileSync(path);
    appendFileSync(path, '{"ts": "2026-11-21T12:27:16.123Z", "event": "task_compl');
    const second = EventLog.open({ path, planName: 'demo' });
    expect(second.truncatedBytes).toBe(55);
    expect(readFileSync(path)).toEqual(intact);
    expect(second.append('task_complete', { task_id: 'a' }).prev_hash).toBe(kept.hash);
    second.close();
    expect(verifyRunDirectory(runPath)).toMatchObject({ events: 3, chainValid: true, problems: [] });
  });

  it('drops one complete but unparsable final line, and keeps a final record that only lacks its newline', () => {
    const runPath = newDirectory();
    const path = join(runPath, 'events.jsonl');
    const first = EventLog.open({ path, planName: 'demo' });
    first.append('run_start', {});
    const last = first.append('task_start', { task_id: 'a' });
    first.close();
    appendFileSync(path, 'garbage that is not json\n');
    const second = EventLog.open({ path, planName: 'demo' });
    expect(second.truncatedBytes).toBe(25);
    expect(second.nextSeq).toBe(2);
    second.close();

    const size = readFileSync(path).length;
    truncateSync(path, size - 1);
    const third = EventLog.open({ path, planName: 'demo' });
    expect(third.truncatedBytes).toBe(0);
    expect(third.lastHash).toBe(last.hash);
    third.append('run_complete', {});
    third.close();
    expect(verifyRunDirectory(runPath)).toMatchObject({ events: 3, chainValid: true });
  });

  it('refuses to continue a file whose last two lines are not events', () => {
    const path = join(newDirectory(), 'events.jsonl');
    writeFileSync(path, 'not json\nnot json either\n');
    expect(() => EventLog.open({ path, planName: 'demo' })).toThrow(/last two lines/);
    expect(readFileSync(path, 'utf8')).toBe('not json\nnot json either\n');
  });

  it('masks every string value before hashing and writing', () => {
    const runPath = newDirectory();
    const path = join(runPath, 'events.jsonl');
    const mask = (text: string) => text.replaceAll('sk-secret', '***');
    const log = EventLog.open({ path, planName: 'demo', mask });
    const record = log.append('task_start', { command: 'run sk-secret', nested: { list: ['sk-secret', 1] } });
    log.close();
    expect(record.command).toBe('run ***');
    expect(record.nested).toEqual({ list: ['***', 1] });
    expect(readFileSync(path, 'utf8')).not.toContain('sk-secret');
    expect(verifyRunDirectory(runPath).chainValid).toBe(true);
  });

  it('rejects keys the log owns and a nested payload object', () => {
    const log = EventLog.open({ path: join(newDirectory(), 'events.jsonl'), planName: 'demo' });
    expect(() => log.append('x', { seq: 1 })).toThrow(/`seq`/);
    expect(() => log.append('x', { ts: 'now' })).toThrow(/`ts`/);
    expect(() => log.append('x', { payload: { a: 1 } })).toThrow(/payload/);
    expect(log.append('x', { payload: 'text is fine' }).seq).toBe(0);
    log.close();
  });

  it.skipIf(!hasPython)("is accepted by a verifier that follows maestro-cli's eventsource.py", () => {
    const runPath = newDirectory();
    const log = EventLog.open({ path: join(runPath, 'events.jsonl'), planName: 'pl\u00e4n' });
    const records: EventRecord[] = [];
    for (let index = 0; index < 200; index += 1) {
      records.push(
        log.append('task_complete', {
          task_id: `t${index}`,
          duration_sec: index / 3,
          cost_usd: index ? 1 / index : pythonFloat(0),
          tokens: index * 1000,
          big: 1e21 + index,
          tiny: 1e-7 * index,
          text: 'caf\u00e9 \ud83d\ude00 \u0000 \\ "q"',
          list: [true, false, null, { b: 1, a: 2 }],
        }),
      );
    }
    log.close();
    const verdict = JSON.parse(runPython(readFileSync(pythonVerifierPath, 'utf8'), '', [runPath]));
    expect(verdict).toEqual({ chain: 'valid', events: 200, mismatches: [] });
  });

  it('writes the lines of one turn together at its end, and every line before close returns', async () => {
    const path = join(newDirectory(), 'events.jsonl');
    const log = EventLog.open({ path, planName: 'demo' });
    log.append('a');
    log.append('b');
    expect(readFileSync(path, 'utf8')).toBe('');
    await new Promise((resolve) => setImmediate(resolve));
    expect(readLines(path).map((line) => JSON.parse(line).event)).toEqual(['a', 'b']);
    log.append('c');
    log.close();
    expect(readLines(path)).toHaveLength(3);
  });

  it('writes pending lines when the process exits without closing the log', () => {
    const path = join(newDirectory(), 'events.jsonl');
    const source = `
      const { EventLog } = await import(${JSON.stringify(new URL('./event-log.ts', import.meta.url).href)});
      const log = EventLog.open({ path: ${JSON.stringify(path)}, planName: 'demo' });
      log.append('before_exit');
      process.exit(3);`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], {
      encoding: 'utf8',
    });
    expect(child.status).toBe(3);
    expect(readLines(path).map((line) => JSON.parse(line).event)).toEqual(['before_exit']);
  });

  it('keeps one exit listener however many logs are open', () => {
    const before = process.listenerCount('exit');
    const logs = Array.from({ length: 12 }, (_, index) =>
      EventLog.open({ path: join(newDirectory(), `e${index}.jsonl`), planName: 'demo' }),
    );
    expect(process.listenerCount('exit')).toBe(before + 1);
    for (const log of logs) log.close();
    expect(process.listenerCount('exit')).toBe(before);
  });

  it('reports a failed end-of-turn write on the next append and on close, not as an uncaught error', async () => {
    const folder = newDirectory();
    const path = join(folder, 'events.jsonl');
    symlinkSync('/dev/full', path);
    const log = EventLog.open({ path, planName: 'demo' });
    log.append('lost');
    await new Promise((resolve) => setImmediate(resolve));
    expect(() => log.append('next')).toThrow(/ENOSPC/);
    expect(() => log.close()).toThrow(/ENOSPC/);
    expect(log.isClosed).toBe(true);
  });

  it('honours toJSON once and drops members without a JSON form, as a whole-record dump does', () => {
    const path = join(newDirectory(), 'events.jsonl');
    const log = EventLog.open({ path, planName: 'demo', now: fixedClock });
    let calls = 0;
    const record = log.append('shapes', {
      when: {
        toJSON: () => {
          calls += 1;
          return 'then';
        },
      },
      gone: { toJSON: () => undefined },
      fn: () => 1,
    });
    log.close();
    const [line] = readLines(path);
    expect(calls).toBe(1);
    expect(JSON.parse(line!)).toMatchObject({ when: 'then', seq: 0 });
    expect(line).not.toContain('gone');
    expect(line).not.toContain('"fn"');
    expect(record.hash).toBe(computeEventHash(eventPayload(JSON.parse(line!)), GENESIS_HASH));
  });
});
