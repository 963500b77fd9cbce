// `maestro council` through the built CLI: mock councils scripted in a council file (a 2-of-3 vote with a
// dissenter, a council below quorum), a council of three different HTTP engines against their fake
// provider servers, and a SIGKILL in the middle of a session that leaves history_log.jsonl verifiable.
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, makeTempDir, runMaestro, startMaestro } from '../support/cli.ts';
import {
  type FakeProviderServer,
  type RecordedRequest,
  startFakeAnthropicServer,
  startFakeGeminiServer,
  startFakeOpenAIServer,
} from '../support/fake-providers/index.ts';
import { onlyRunDirectory, readEvents } from '../support/run-dir.ts';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function project(): string {
  const dir = makeTempDir('maestro-council-');
  cleanups.push(dir.remove);
  return dir.path;
}

/** A mock member that answers `value`, ranks in the given order and, as chair, reports the dissent. */
function mockMember(model: string, value: string | null, latencyMs = 0): string {
  const answer = value === null ? null : `I worked it out.\\nFINAL ANSWER: ${value}`;
  return [
    `  - engine: mock`,
    `    model: ${model}`,
    `    options:`,
    `      mock:`,
    `        latency_ms: ${latencyMs}`,
    ...(answer === null
      ? [`        fail: {kind: crashed, message: "${model} is down"}`]
      : [
          `        replies:`,
          `          - match: "FINAL RANKING"`,
          `            reply: "FINAL RANKING:\\n1. Response A\\n2. Response B\\n3. Response C"`,
          `          - match: "MINORITY REPORT"`,
          `            reply: "The majority is right.\\nFINAL ANSWER: ${value}\\nMINORITY REPORT: one member held another value."`,
          `          - match: "."`,
          `            reply: "${answer}"`,
        ]),
  ].join('\n');
}

function writeCouncil(dir: string, members: string[], extra: string[] = []): string {
  const file = join(dir, 'council.yaml');
  writeFileSync(file, ['question: "What is 6 times 7?"', ...extra, 'members:', ...members, ''].join('\n'));
  return file;
}

describe('maestro council', () => {
  it('a 2-of-3 council reaches consensus, records the dissenter and a minority report, and is replayable', async () => {
    const dir = project();
    const file = writeCouncil(dir, [
      mockMember('alpha', '42'),
      mockMember('beta', '42'),
      mockMember('gamma', '41'),
    ]);
    const result = await runMaestro(['council', '--config', file, '--output', 'json'], { cwd: dir });
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(result.code).toBe(0);
    const session = JSON.parse(result.stdout);
    expect(session.status).toBe('consensus');
    expect(session.consensus).toMatchObject({ basis: 'vote', leadingPosition: { value: '42' } });
    expect(session.consensus.support).toBeCloseTo(2 / 3);
    expect(session.final.text).toContain('42');
    expect(session.minorityReport.dissenterIds).toEqual(['m3']);
    expect(session.minorityReport.text).toMatch(/another value/);
    const lastRound = Math.max(...session.dissent.map((record: { round: number }) => record.round));
    expect(
      session.dissent.filter(
        (record: { round: number; loneDissenter: boolean }) =>
          record.round === lastRound && record.loneDissenter,
      ),
    ).toEqual([expect.objectContaining({ memberId: 'm3', agreesWithFinal: false })]);

    // The session is a kernel run: each call is a task with its log and result, and the chain verifies.
    const runPath = onlyRunDirectory(join(dir, '.maestro-runs'));
    const events = readEvents(runPath).map((record) => record.event);
    expect(events.filter((event) => event === 'task_complete')).toHaveLength(session.calls.length);
    expect(events).toContain('council_consensus');
    expect(existsSync(join(runPath, 'r0-m3-answer.result.json'))).toBe(true);
    expect((await runMaestro(['verify', runPath], { cwd: dir })).code).toBe(0);

    const verify = await runMaestro(['council', 'history', '--verify'], { cwd: dir });
    expect(verify.stdout).toMatch(/^OK .*chain valid/);
    const list = await runMaestro(['council', 'history', '--output', 'json'], { cwd: dir });
    const rows = JSON.parse(list.stdout);
    expect(rows).toEqual([
      expect.objectContaining({ sessionId: session.id, status: 'consensus', answer: session.final.text }),
    ]);
    const replay = await runMaestro(['council', 'replay', session.id.slice(0, 24), '--output', 'json'], {
      cwd: dir,
    });
    expect(JSON.parse(replay.stdout)).toMatchObject({
      id: session.id,
      final: session.final,
      consensus: session.consensus,
    });
    const stats = await runMaestro(['council', 'history', '--stats', '--output', 'json'], { cwd: dir });
    expect(JSON.parse(stats.stdout)).toContainEqual(
      expect.objectContaining({ key: 'mock:gamma', loneDissenter: 1 }),
    );
  });

  it('below quorum the session ends as no_quorum with no final answer, and exits 1', async () => {
    const dir = project();
    const file = writeCouncil(dir, [
      mockMember('alpha', '42'),
      mockMember('beta', null),
      mockMember('gamma', null),
    ]);
    const result = await runMaestro(['council', '--config', file, '--output', 'json'], { cwd: dir });
    expect(result.code).toBe(1);
    const session = JSON.parse(result.stdout);
    expect(session.status).toBe('no_quorum');
    expect(session.final.text).toBeNull();
    expect(
      session.calls
        .filter((call: { ok: boolean }) => !call.ok)
        .map((call: { memberId: string }) => call.memberId),
    ).toEqual(['m2', 'm3']);
  });

  it('bad flags give a coded error naming the flag and exit 1', async () => {
    const dir = project();
    const rounds = await runMaestro(
      ['council', 'q', '--member', 'mock', '--member', 'mock', '--rounds', '9'],
      { cwd: dir },
    );
    expect(rounds.code).toBe(1);
    expect(rounds.stderr).toMatch(/\[E012\] --rounds/);
    const none = await runMaestro(['council', 'q'], { cwd: dir });
    expect(none.stderr).toMatch(/\[E120\] --member/);
    expect(existsSync(join(dir, '.maestro-runs'))).toBe(false);
  });

  it('a negative --retries is a coded flag error before anything runs', async () => {
    const dir = project();
    const result = await runMaestro(
      ['council', 'q', '--member', 'mock', '--member', 'mock', '--retries', '-1'],
      { cwd: dir },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\[E012\] --retries/);
    expect(result.stderr).not.toMatch(/internal error/i);
    expect(existsSync(join(dir, '.maestro-runs'))).toBe(false);
  });

  it('history: --limit is checked, --limit 0 lists nothing, a damaged session_start costs only its session', async () => {
    const dir = project();
    const file = writeCouncil(dir, [mockMember('a', '42'), mockMember('b', '42'), mockMember('c', '41')]);
    const council = await runMaestro(['council', '--config', file, '--output', 'json'], { cwd: dir });
    const { id } = JSON.parse(council.stdout);

    const negative = await runMaestro(['council', 'history', '--limit', '-1'], { cwd: dir });
    expect(negative.code).toBe(1);
    expect(negative.stderr).toMatch(/\[E012\] --limit/);
    expect(negative.stderr).not.toMatch(/internal error/i);
    const none = await runMaestro(['council', 'history', '--limit', '0'], { cwd: dir });
    expect(none.code).toBe(0);
    expect(none.stdout).not.toMatch(/no council sessions yet/);
    expect(none.stdout).not.toContain(id);
    const noneJson = await runMaestro(['council', 'history', '--limit', '0', '--output', 'json'], {
      cwd: dir,
    });
    expect(JSON.parse(noneJson.stdout)).toEqual([]);

    // Parseable JSON but no config: every history command used to fail with an internal error.
    const history = join(dir, '.maestro', 'council', 'history_log.jsonl');
    appendFileSync(
      history,
      `${JSON.stringify({ event: 'session_start', session_id: 'council-damaged', seq: 99 })}\n`,
    );
    for (const args of [
      ['council', 'history'],
      ['council', 'history', '--stats'],
      ['council', 'replay', id],
    ]) {
      const result = await runMaestro(args, { cwd: dir });
      expect([args, result.code]).toEqual([args, 0]);
      expect(result.stderr).toMatch(/warning: history log line seq 99: skipped session council-damaged/);
    }
    expect((await runMaestro(['council', 'history'], { cwd: dir })).stdout).toContain(id);
  });

  it("records no credentials from a member's options, even without --mask-secrets", async () => {
    const dir = project();
    const file = writeCouncil(dir, [
      `  - {engine: openai, model: gpt-x, options: {base_url: "http://bob:sk-live-SECRETPASS99@127.0.0.1:9/v1", api_key: "sk-live-APIKEY77"}}`,
      mockMember('b', '42'),
      mockMember('c', '42'),
    ]);
    await runMaestro(['council', '--config', file], { cwd: dir, env: { OPENAI_API_KEY: 'sk-test' } });
    const runPath = onlyRunDirectory(join(dir, '.maestro-runs'));
    const history = join(dir, '.maestro', 'council', 'history_log.jsonl');
    const start = readEvents(runPath).find((record) => record.event === 'council_session_start');
    expect(JSON.stringify(start)).toContain('"base_url":"http://127.0.0.1:9/v1"');
    for (const path of [
      history,
      ...readdirSync(runPath, { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(runPath, entry.name)),
    ]) {
      const text = readFileSync(path, 'utf8');
      expect([path, /SECRETPASS|APIKEY77/.test(text)]).toEqual([path, false]);
    }
  });

  it('a council of three different engines runs against their fake provider servers', async () => {
    const dir = project();
    // Each server answers like a member: a ranking when asked to rank, the chair's reply, or an answer.
    const reply = (value: string) => (request: RecordedRequest) => {
      const body = request.rawBody;
      if (body.includes('FINAL RANKING'))
        return 'FINAL RANKING:\n1. Response A\n2. Response B\n3. Response C';
      if (body.includes('MINORITY REPORT')) return `Agreed.\nFINAL ANSWER: ${value}\nMINORITY REPORT: none.`;
      return `Six sevens.\nFINAL ANSWER: ${value}`;
    };
    const servers: FakeProviderServer[] = [
      await startFakeOpenAIServer({ reply: reply('42') }),
      await startFakeAnthropicServer({ reply: reply('42') }),
      await startFakeGeminiServer({ reply: reply('42') }),
    ];
    for (const server of servers) cleanups.push(() => server.close());
    const [openai, anthropic, google] = servers as [
      FakeProviderServer,
      FakeProviderServer,
      FakeProviderServer,
    ];
    const file = writeCouncil(dir, [
      `  - {engine: openai, model: gpt-4.1-mini, options: {base_url: "${openai.url}"}}`,
      `  - {engine: anthropic, model: claude-sonnet-4-5, options: {base_url: "${anthropic.url}"}}`,
      `  - {engine: google, model: gemini-2.5-flash, options: {base_url: "${google.url}"}}`,
    ]);
    const result = await runMaestro(['council', '--config', file, '--output', 'json'], {
      cwd: dir,
      env: { OPENAI_API_KEY: 'sk-test', ANTHROPIC_API_KEY: 'sk-ant-test', GEMINI_API_KEY: 'g-test' },
    });
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    const session = JSON.parse(result.stdout);
    expect(session.status).toBe('consensus');
    expect(session.calls.every((call: { ok: boolean }) => call.ok)).toBe(true);
    expect(new Set(session.calls.map((call: { engine: string }) => call.engine))).toEqual(
      new Set(['openai', 'anthropic', 'google']),
    );
    // Two rounds, a ranking and a chair: each server saw its member's four calls (the chair is m1).
    expect(openai.requests.filter((request) => request.modelIndex !== undefined)).toHaveLength(4);
    expect(anthropic.requests.filter((request) => request.modelIndex !== undefined)).toHaveLength(3);
    expect(session.totals.tokens).toBeGreaterThan(0);
  });

  it('SIGKILL in the middle of a session leaves a verifiable history; the cut session shows as incomplete', async () => {
    const dir = project();
    const slow = writeCouncil(dir, [
      mockMember('a', '1', 4000),
      mockMember('b', '1', 4000),
      mockMember('c', '1', 4000),
    ]);
    const child = startMaestro(['council', '--config', slow], { cwd: dir });
    const history = join(dir, '.maestro', 'council', 'history_log.jsonl');
    const deadline = Date.now() + 30_000;
    while (
      !(existsSync(history) && readFileSync(history, 'utf8').includes('round_start')) &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
    await collect(child);
    const quick = writeCouncil(dir, [mockMember('a', '2'), mockMember('b', '2'), mockMember('c', '2')]);
    expect((await runMaestro(['council', '--config', quick], { cwd: dir })).code).toBe(0);
    const verify = await runMaestro(['council', 'history', '--verify'], { cwd: dir });
    expect(verify.code).toBe(0);
    const rows = JSON.parse(
      (await runMaestro(['council', 'history', '--output', 'json'], { cwd: dir })).stdout,
    );
    expect(rows.map((row: { status: string }) => row.status).sort()).toEqual(['consensus', 'incomplete']);
  });

  it('Ctrl-C ends the session and every started call still gets its one terminal record before run_complete', async () => {
    const dir = project();
    const slow = writeCouncil(dir, [
      mockMember('a', '1', 3000),
      mockMember('b', '1', 3000),
      mockMember('c', '1', 3000),
    ]);
    const child = startMaestro(['council', '--config', slow, '--output', 'json'], { cwd: dir });
    const runs = join(dir, '.maestro-runs');
    const deadline = Date.now() + 30_000;
    const started = () => {
      if (!existsSync(runs)) return false;
      const path = onlyRunDirectory(runs);
      return readEvents(path).filter((record) => record.event === 'task_start').length === 3;
    };
    while (!started() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGINT');
    const result = await collect(child);
    expect(result.code).toBe(130);
    expect(JSON.parse(result.stdout).status).toBe('interrupted');
    const events = readEvents(onlyRunDirectory(runs));
    const names = events.map((record) => record.event);
    expect(names.at(-1)).toBe('run_complete');
    const ended = events.filter((record) => record.event === 'task_complete' || record.event === 'task_skip');
    expect(ended.map((record) => record.task_id).sort()).toEqual([
      'r0-m1-answer',
      'r0-m2-answer',
      'r0-m3-answer',
    ]);
    expect(ended.every((record) => record.status === 'cancelled')).toBe(true);
  });

  it('--mask-secrets keeps a secret out of the run, the history log and the state database', async () => {
    const dir = project();
    const secret = 'sk-live-0123456789abcdef';
    const file = writeCouncil(dir, [mockMember('a', '42'), mockMember('b', '42'), mockMember('c', '41')]);
    const result = await runMaestro(
      ['council', '--config', file, '--mask-secrets', `Is ${secret} a valid key?`],
      { cwd: dir, env: { MAESTRO_TEST_API_KEY: secret } },
    );
    expect(result.code).toBe(0);
    const runPath = onlyRunDirectory(join(dir, '.maestro-runs'));
    for (const path of [
      join(runPath, 'events.jsonl'),
      join(runPath, 'r0-m1-answer.result.json'),
      join(dir, '.maestro', 'council', 'history_log.jsonl'),
      join(dir, '.maestro', 'maestro.db'),
    ]) {
      expect([path, readFileSync(path).includes(secret)]).toEqual([path, false]);
    }
    const list = await runMaestro(['council', 'history'], { cwd: dir });
    expect(list.stdout).not.toContain(secret);
    expect(list.stdout).toContain('Is ***');
  });
});
