import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Task } from '../plan/types.ts';
import { ArtifactWriter } from '../store/artifact-writer.ts';
import { entryFolder } from './cache-entry.ts';
import { readCacheIndex } from './cache-index.ts';
import { computeCacheKey } from './cache-key.ts';
import { entryDocumentText, ResultCache, type StoreInput } from './result-cache.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function setUp() {
  const root = mkdtempSync(join(tmpdir(), 'maestro-result-cache-'));
  folders.push(root);
  const logPath = join(root, 'run', 't.log');
  mkdirSync(join(root, 'run'));
  writeFileSync(logPath, 'task=t\nsecret-value printed\n');
  const task = {
    id: 't',
    tags: [],
    depends_on: [],
    env: {},
    allow_failure: false,
    max_retries: 0,
    requires_approval: false,
    context_from: [],
    stdout_tail_lines: 40,
    cache: true,
  } as Task;
  const key = computeCacheKey({ task, rendered: { command: 'true' }, workdir: root, upstream: [] });
  const cache = new ResultCache({ dir: join(root, '.cache'), planName: 'p' });
  const store = (status: string, extra: Partial<StoreInput> = {}) =>
    cache.store(
      {
        taskId: 't',
        key,
        result: { task_id: 't', status, exit_code: status === 'success' ? 0 : 1, message: 'm' },
        output: 'out',
        outputHash: 'h',
        logPath,
        logHash: 'l',
        failure: { status, exitCode: 1, failureCategory: null, lastVerifyTail: '', judgeVerdict: null },
        negativeTtlSec: 300,
        ...extra,
      },
      (text) => text.replaceAll('secret-value', '***'),
      new Date('2026-01-01T00:00:00Z'),
    );
  return { root, cache, key, store };
}

const rules = (now: string, negativeTtlSec = 300, useNegative = true) => ({
  negativeTtlSec,
  useNegative,
  now: new Date(now),
});

describe('ResultCache', () => {
  it('stores a success in maestro-cli layout and finds it at any later time', async () => {
    const { cache, key, store } = setUp();
    const stored = await store('success', { output: 'out with secret-value' });
    expect(stored).toMatchObject({ kind: 'success', why: 'success' });
    const folder = entryFolder(cache.dir, key.key);
    expect(folder).toBe(join(cache.dir, key.key.slice(0, 2), key.key));
    const document = JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8'));
    expect(document).toMatchObject({
      _cache_policy_version: 1,
      _cache_kind: 'success',
      _cache_why: 'success',
      task_hash: key.key,
      output: 'out with ***',
    });
    expect(document._cache_expires_at).toBeUndefined();
    expect(readFileSync(join(folder, 'task.log'), 'utf8')).toContain('task=t');
    const found = cache.lookup(key.key, rules('2030-01-01T00:00:00Z'));
    expect(found.found).toBe(true);
  });

  it('remembers a failure until its TTL, the shorter of the stored and the current one', async () => {
    const { cache, key, store } = setUp();
    const stored = await store('failed');
    expect(stored).toMatchObject({ kind: 'negative', why: 'negative:generic' });
    expect(stored.expiresAt).toBe('2026-01-01T00:05:00+00:00');
    expect(cache.lookup(key.key, rules('2026-01-01T00:04:59Z')).found).toBe(true);
    expect(cache.lookup(key.key, rules('2026-01-01T00:05:00Z'))).toMatchObject({
      found: false,
      reason: 'expired',
    });
    expect(cache.lookup(key.key, rules('2026-01-01T00:00:02Z', 1))).toMatchObject({
      found: false,
      reason: 'expired',
    });
    expect(cache.lookup(key.key, rules('2026-01-01T00:00:01Z', 0))).toMatchObject({
      found: false,
      reason: 'negative_disabled',
    });
    expect(cache.lookup(key.key, rules('2026-01-01T00:00:01Z', 300, false)).found).toBe(false);
  });

  it('names the kind of failure', async () => {
    const { store } = setUp();
    const timeout = await store('failed', {
      failure: {
        status: 'failed',
        exitCode: 124,
        failureCategory: 'timeout',
        lastVerifyTail: '',
        judgeVerdict: null,
      },
    });
    expect(timeout.why).toBe('negative:timeout');
    const verify = await store('failed', {
      failure: {
        status: 'failed',
        exitCode: 1,
        failureCategory: null,
        lastVerifyTail: 'boom',
        judgeVerdict: null,
      },
    });
    expect(verify.why).toBe('negative:verify_fail');
  });

  it('treats a missing, torn or inconsistent entry as a miss', async () => {
    const { cache, key, store } = setUp();
    expect(cache.lookup(key.key, rules('2026-01-01T00:00:00Z'))).toMatchObject({
      found: false,
      reason: 'no_entry',
    });
    await store('success');
    const path = join(entryFolder(cache.dir, key.key), 'result.json');
    const document = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify({ ...document, status: 'failed' }));
    expect(cache.lookup(key.key, rules('2026-01-01T00:00:00Z'))).toMatchObject({
      found: false,
      reason: 'unreadable',
    });
    writeFileSync(path, JSON.stringify({ ...document, _cache_policy_version: 99 }));
    expect(cache.lookup(key.key, rules('2026-01-01T00:00:00Z'))).toMatchObject({
      found: false,
      reason: 'policy_version',
    });
    writeFileSync(path, '{"torn');
    expect(cache.lookup(key.key, rules('2026-01-01T00:00:00Z'))).toMatchObject({
      found: false,
      reason: 'unreadable',
    });
    // JSON of another shape is unreadable too (a hit's document becomes the task's record).
    for (const text of [
      'null',
      '[1]',
      '"text"',
      JSON.stringify({ ...document, failure_history: [null] }),
      JSON.stringify({ ...document, failure_history: 'none' }),
      JSON.stringify({ ...document, token_usage: 12 }),
    ]) {
      writeFileSync(path, text);
      expect(cache.lookup(key.key, rules('2026-01-01T00:00:00Z'))).toMatchObject({
        found: false,
        reason: 'unreadable',
      });
    }
    // A whole result.json whose task.log is gone: a hit would restore an empty log.
    writeFileSync(path, JSON.stringify(document));
    expect(cache.lookup(key.key, rules('2026-01-01T00:00:00Z'))).toMatchObject({ found: true });
    rmSync(join(entryFolder(cache.dir, key.key), 'task.log'));
    expect(cache.lookup(key.key, rules('2026-01-01T00:00:00Z'))).toMatchObject({
      found: false,
      reason: 'unreadable',
    });
  });

  it('replaces an entry stored before, whole, and leaves no temp folder behind', async () => {
    const { cache, key, store } = setUp();
    await store('success');
    await store('failed', { output: 'second' });
    const folder = entryFolder(cache.dir, key.key);
    expect(JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8'))).toMatchObject({
      status: 'failed',
      output: 'second',
    });
    expect(readdirSync(join(cache.dir, key.key.slice(0, 2)))).toEqual([key.key]);
    expect(readdirSync(folder).sort()).toEqual(['result.json', 'task.log']);
    // A store that fails half-way (its log is gone) leaves the entry as it was and no temp folder.
    await expect(store('success', { logPath: join(cache.dir, 'gone.log') })).rejects.toThrow(/ENOENT/);
    expect(readdirSync(join(cache.dir, key.key.slice(0, 2)))).toEqual([key.key]);
    expect(JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8')).output).toBe('second');
  });

  it('stores the log bytes the file worker just wrote when they are the log the run hashed', async () => {
    const { root, cache, key, store } = setUp();
    const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
    const writer = new ArtifactWriter();
    const written = 'task=t\nwritten by the worker\n';
    const logPath = join(root, 'run', 'worker.log');
    // (The writer stays open: the worker, shared by every open writer, keeps what it wrote.)
    await writer.write(logPath, Buffer.from(written));
    // The file changes afterwards: the entry keeps the bytes whose hash the run recorded...
    writeFileSync(logPath, 'changed on disk\n');
    await store('success', { logPath, logHash: short(written) });
    const entryLog = join(entryFolder(cache.dir, key.key), 'task.log');
    expect(readFileSync(entryLog, 'utf8')).toBe(written);
    // ... and when the run's hash names what is on disk instead, the file is copied.
    await writer.write(logPath, Buffer.from(written));
    writeFileSync(logPath, 'streamed later\n');
    await store('success', { logPath, logHash: short('streamed later\n') });
    expect(readFileSync(entryLog, 'utf8')).toBe('streamed later\n');
    await writer.close();
  });

  it('keeps one index per plan, written once and merged with what is there', async () => {
    const { cache, key, store } = setUp();
    await store('success');
    expect(readCacheIndex(cache.dir, 'p').size).toBe(0);
    cache.flushIndex();
    const index = readCacheIndex(cache.dir, 'p');
    expect(index.get('t')).toMatchObject({ key: key.key, kind: 'success' });
    expect(index.get('t')?.components.command).toMatch(/^[0-9a-f]{16}$/);
    const other = new ResultCache({ dir: cache.dir, planName: 'p' });
    expect(other.changesSinceLast('t', key, (text) => text)).toBeUndefined();
  });
});

describe('entryDocumentText', () => {
  it('is the JSON of the result merged with the facts, the facts winning', () => {
    const text = entryDocumentText(
      {
        task_id: 'a',
        task_hash: null,
        cost_usd: 0.5,
        skipped: undefined,
        nested: { task_hash: 'kept' },
        callback: () => 1,
        hidden: { toJSON: () => undefined },
        symbol: Symbol('s'),
      },
      { task_hash: 'k1', _cache_kind: 'success' },
    );
    expect(JSON.parse(text)).toEqual({
      task_id: 'a',
      task_hash: 'k1',
      cost_usd: 0.5,
      nested: { task_hash: 'kept' },
      _cache_kind: 'success',
    });
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.dictionary(fc.string(), fc.jsonValue()),
        (result, facts) => {
          expect(JSON.parse(entryDocumentText(result, facts))).toEqual(
            JSON.parse(JSON.stringify({ ...result, ...facts })),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
