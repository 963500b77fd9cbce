import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectories } from '../../test/store/support/temporary-directory.ts';
import { computeEventHash, eventPayload, GENESIS_HASH } from '../store/index.ts';
import { resolveCouncilConfig } from './council-config.ts';
import { CouncilHistoryLog, councilHistoryPath } from './history-log.ts';
import { readHistory, verifyHistory } from './history-read.ts';
import { sessionsFromHistory } from './history-sessions.ts';
import { parseMemberSpecs } from './member-spec.ts';
import { renderSession } from './render-session.ts';
import { runCouncil } from './run-council.ts';
import {
  formatChairReply,
  formatRankingReply,
  responsesInPrompt,
  ScriptedCouncilPort,
} from './scripted-council-port.ts';

const newDirectory = useTemporaryDirectories();
const HISTORY_LOG_MODULE = fileURLToPath(new URL('./history-log.ts', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));

function config(question: string) {
  return resolveCouncilConfig({
    question,
    members: parseMemberSpecs(['mock:a', 'mock:b', 'mock:c']),
    seed: 1,
  }).config;
}

function port(values: Record<string, string>, latencyMs = 0) {
  return new ScriptedCouncilPort({
    latencyMs: (call) => (call.memberId === 'm2' ? latencyMs : 0),
    respond: (call) => {
      const labels = responsesInPrompt(call.prompt).map((response) => response.label);
      if (call.stage === 'rank') return formatRankingReply(labels);
      if (call.stage === 'chair') return formatChairReply(values.m1 ?? '', labels.slice(0, 1));
      return { text: `FINAL ANSWER: ${values[call.memberId]}`, costUsd: 0.25, tokens: 7 };
    },
  });
}

// Runs a child process that appends to the history with the real module (through tsx).
function childScript(directory: string, body: string): string {
  const script = join(directory, 'child.mts');
  writeFileSync(
    script,
    `import { CouncilHistoryLog } from ${JSON.stringify(HISTORY_LOG_MODULE)};\n` +
      `const log = new CouncilHistoryLog(process.argv[2]);\n${body}\n`,
  );
  return script;
}

describe('CouncilHistoryLog', () => {
  it('writes events.jsonl-style records chained from the genesis hash', () => {
    const path = councilHistoryPath(newDirectory());
    const log = new CouncilHistoryLog(path, { now: () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)) });
    const first = log.append('s1', 'session_start', { question: 'q' });
    const second = log.append('s1', 'member_reply', { call: { costUsd: 0.1, durationSec: 2.5 } });
    expect(Object.keys(first)).toEqual(['ts', 'event', 'session_id', 'question', 'seq', 'prev_hash', 'hash']);
    expect(first).toMatchObject({ ts: '2026-01-02T03:04:05.006Z', seq: 0, prev_hash: GENESIS_HASH });
    expect(first.hash).toBe(computeEventHash(eventPayload(first), GENESIS_HASH));
    expect(second).toMatchObject({ seq: 1, prev_hash: first.hash });
    expect(readFileSync(path, 'utf8').split('\n')[0]).toBe(
      `{"ts": "2026-01-02T03:04:05.006Z", "event": "session_start", "session_id": "s1", "question": "q", "seq": 0, "prev_hash": "0000000000000000", "hash": "${first.hash}"}`,
    );
    expect(() => log.append('s1', 'x', { seq: 3 })).toThrow(/cannot carry the key `seq`/);
  });

  it('masks every string of the data before hashing', () => {
    const path = councilHistoryPath(newDirectory());
    const log = new CouncilHistoryLog(path, { mask: (text) => text.replaceAll('sk-secret', '***') });
    const record = log.append('s1', 'member_reply', {
      call: { text: 'key sk-secret', options: ['sk-secret'] },
    });
    expect(record.call).toEqual({ text: 'key ***', options: ['***'] });
    expect(readFileSync(path, 'utf8')).not.toContain('sk-secret');
    expect(verifyHistory(path).ok).toBe(true);
  });

  it('verifies after two sessions and replays each one exactly as it ran', async () => {
    const path = councilHistoryPath(newDirectory());
    const history = new CouncilHistoryLog(path);
    const sessions = [];
    for (const [id, values] of [
      ['s-one', { m1: '4', m2: '4', m3: '5' }],
      ['s-two', { m1: 'yes', m2: 'yes', m3: 'yes' }],
    ] as const) {
      sessions.push(
        await runCouncil(config(`question ${id}`), port(values), {
          sessionId: id,
          journal: history,
        }),
      );
    }
    const verification = verifyHistory(path);
    expect(verification).toMatchObject({ ok: true, problems: [], tornTail: false });
    expect(verification.records).toBe(readHistory(path).length);
    const replayed = sessionsFromHistory(readHistory(path));
    expect(replayed.map((session) => session.id)).toEqual(['s-one', 's-two']);
    for (const [index, session] of sessions.entries()) {
      expect(replayed[index]).toEqual(JSON.parse(JSON.stringify(session)));
      for (const format of ['text', 'markdown', 'json'] as const) {
        expect(renderSession(replayed[index] as typeof session, format)).toBe(renderSession(session, format));
      }
    }
  });

  it('keeps one valid chain when two sessions append interleaved', async () => {
    const path = councilHistoryPath(newDirectory());
    // Two writers on one file, as two processes would have.
    const [first, second] = await Promise.all([
      runCouncil(config('first'), port({ m1: '1', m2: '1', m3: '1' }, 5), {
        sessionId: 'a',
        journal: new CouncilHistoryLog(path),
      }),
      runCouncil(config('second'), port({ m1: '2', m2: '2', m3: '3' }, 5), {
        sessionId: 'b',
        journal: new CouncilHistoryLog(path),
      }),
    ]);
    const records = readHistory(path);
    const order = records.map((record) => record.session_id).join('');
    expect(order).not.toMatch(/^a+b+$/);
    expect(verifyHistory(path).ok).toBe(true);
    const replayed = sessionsFromHistory(records);
    expect(replayed.map((session) => session.status)).toEqual([first.status, second.status]);
  });

  it('rebuilds a session cut short as incomplete', () => {
    const path = councilHistoryPath(newDirectory());
    const log = new CouncilHistoryLog(path);
    const council = config('cut short');
    log.append('s', 'session_start', {
      config: council,
      labels: { A: 'm1', B: 'm2', C: 'm3' },
      started_at: 'then',
    });
    log.append('s', 'member_reply', {
      call: {
        callId: 'r0-m1-answer',
        memberId: 'm1',
        round: 0,
        stage: 'answer',
        ok: true,
        text: 'FINAL ANSWER: 4',
        position: { kind: 'number', value: '4' },
        costUsd: null,
        tokens: null,
        durationSec: 1,
      },
    });
    const [session] = sessionsFromHistory(readHistory(path));
    expect(session).toMatchObject({ id: 's', status: 'incomplete', finishedAt: null, startedAt: 'then' });
    expect(session?.calls).toHaveLength(1);
    expect(session?.totals.calls).toBe(1);
  });

  it('repairs a torn last line on the next append, and flags edited lines', () => {
    const path = councilHistoryPath(newDirectory());
    const log = new CouncilHistoryLog(path);
    for (let index = 0; index < 3; index += 1) log.append('s', 'member_reply', { index });
    appendFileSync(path, '{"ts": "2026-01-01T00:00:00.000Z", "event": "member_re');
    expect(verifyHistory(path)).toMatchObject({ ok: true, records: 3, tornTail: true });
    expect(readHistory(path)).toHaveLength(3);
    const next = log.append('s', 'session_complete', {});
    expect(next.seq).toBe(3);
    expect(verifyHistory(path)).toMatchObject({ ok: true, records: 4, tornTail: false });

    writeFileSync(path, readFileSync(path, 'utf8').replace('"index": 1', '"index": 9'));
    const tampered = verifyHistory(path);
    expect(tampered.ok).toBe(false);
    expect(tampered.problems[0]).toMatch(/line 2 \(member_reply\): content does not match its hash/);
  });

  it('treats a missing file as an empty, valid history', () => {
    const path = join(newDirectory(), 'none.jsonl');
    expect(verifyHistory(path)).toEqual({ ok: true, records: 0, problems: [], tornTail: false });
    expect(readHistory(path)).toEqual([]);
  });

  it('survives SIGKILL mid-append: the next writer continues a valid chain', async () => {
    const directory = newDirectory();
    const path = councilHistoryPath(directory);
    // Big lines make a kill inside a write likely; the child reports each append on stdout.
    const script = childScript(
      directory,
      `const text = 'x'.repeat(256 * 1024);\nfor (let index = 0; ; index += 1) {\n  log.append('killed', 'member_reply', { index, text });\n  process.stdout.write('.');\n}`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script, path], {
      cwd: REPOSITORY,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await new Promise<void>((resolve, reject) => {
      let appended = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        appended += chunk.length;
        if (appended >= 20) resolve();
      });
      child.on('exit', () => reject(new Error(`child exited early: ${stderr}`)));
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const log = new CouncilHistoryLog(path, { timeoutMs: 5_000 });
    const record = log.append('after', 'session_start', { question: 'after the kill' });
    const verification = verifyHistory(path);
    expect(verification).toMatchObject({ ok: true, problems: [], tornTail: false });
    expect(verification.records).toBe(record.seq + 1);
    expect(record.seq).toBeGreaterThanOrEqual(20);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('serialises appends from several processes into one chain', async () => {
    const directory = newDirectory();
    const path = councilHistoryPath(directory);
    const go = join(directory, 'go');
    // Every child starts appending at once (after all have loaded), so their appends contend.
    const script = childScript(
      directory,
      `import { existsSync } from 'node:fs';\nprocess.stdout.write('ready');\n` +
        `while (!existsSync(${JSON.stringify(go)})) {}\n` +
        `for (let index = 0; index < 150; index += 1) log.append(process.argv[3], 'member_reply', { index });`,
    );
    const names = ['p1', 'p2', 'p3'];
    const ready: Promise<void>[] = [];
    const exits = names.map((name) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, path, name], {
        cwd: REPOSITORY,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      ready.push(new Promise((resolve) => child.stdout.once('data', () => resolve())));
      return new Promise<number | null>((resolve) => child.on('exit', resolve));
    });
    await Promise.all(ready);
    writeFileSync(go, '');
    expect(await Promise.all(exits)).toEqual([0, 0, 0]);
    expect(verifyHistory(path)).toMatchObject({ ok: true, records: 450, problems: [] });
    const bySession = readHistory(path).map((record) => record.session_id);
    for (const name of names) expect(bySession.filter((id) => id === name)).toHaveLength(150);
  });
});
