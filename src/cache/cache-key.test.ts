import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Task } from '../plan/types.ts';
import {
  CACHE_POLICY_VERSION,
  type CacheKeyInput,
  componentHashes,
  computeCacheKey,
  cyrb53Hex,
  fieldHashes,
  quickHash,
} from './cache-key.ts';
import { canonicalJson, sha256Hex } from './canonical-json.ts';
import { diffKeys } from './key-diff.ts';

function task(overrides: Partial<Task> = {}): Task {
  return {
    id: 'build',
    tags: [],
    depends_on: [],
    env: {},
    allow_failure: false,
    max_retries: 0,
    requires_approval: false,
    context_from: [],
    stdout_tail_lines: 40,
    cache: true,
    command: 'make',
    ...overrides,
  };
}

function input(overrides: Partial<CacheKeyInput> = {}): CacheKeyInput {
  const base = overrides.task ?? task();
  return { task: base, rendered: { command: base.command }, workdir: '/work', upstream: [], ...overrides };
}

const keyOf = (overrides: Partial<CacheKeyInput> = {}) => computeCacheKey(input(overrides)).key;
const identity = (text: string) => text;

describe('computeCacheKey', () => {
  it('is the sha256 of the canonical JSON of {policy_version, components}, assembled from component texts', () => {
    const key = computeCacheKey(
      input({
        task: task({ env: { B: '2', A: '1' }, timeout_sec: 9, judge: { criteria: 'ok' } } as Partial<Task>),
        upstream: [{ id: 'u', key: null, status: 'success', outputHash: 'h' }],
      }),
    );
    const whole = canonicalJson({ policy_version: CACHE_POLICY_VERSION, components: key.components });
    expect(key.key).toBe(sha256Hex(whole));
    for (const [name, text] of Object.entries(key.componentTexts)) {
      expect(text).toBe(canonicalJson(key.components[name as keyof typeof key.components]));
    }
  });

  it('is a stable sha256 that ignores what cannot change a result', () => {
    const key = keyOf();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(keyOf()).toBe(key);
    expect(keyOf({ task: task({ description: 'other words', tags: ['x'], requires_approval: true }) })).toBe(
      key,
    );
    expect(keyOf({ task: task({ negative_cache_ttl_sec: 5 }) })).toBe(key);
  });

  it('changes with the rendered command, env, workdir, limits, checks, upstream and unknown keys', () => {
    const key = keyOf();
    const variants = [
      keyOf({ rendered: { command: 'make all' } }),
      keyOf({ task: task({ env: { MODE: 'fast' } }) }),
      keyOf({ workdir: '/elsewhere' }),
      keyOf({ task: task({ timeout_sec: 5 }) }),
      keyOf({ task: task({ allow_failure: true }) }),
      keyOf({ rendered: { command: 'make', verify_command: 'test -f out' } }),
      keyOf({ upstream: [{ id: 'a', key: null, status: 'success', outputHash: 'h1' }] }),
      keyOf({ task: task({ some_future_key: 1 }) }),
    ];
    for (const variant of variants) expect(variant).not.toBe(key);
    expect(new Set(variants).size).toBe(variants.length);
  });

  it('covers an engine task: model, prompt, goal, engine options and execution profile', () => {
    const engineTask = task({ command: undefined, engine: 'mock', model: 'm1', prompt: 'hi' });
    const base: Partial<CacheKeyInput> = {
      task: engineTask,
      rendered: { prompt: 'hi' },
      goal: 'g',
      engineOptions: {},
      executionProfile: 'plan',
    };
    const key = keyOf(base);
    expect(keyOf({ ...base, task: { ...engineTask, model: 'm2' } })).not.toBe(key);
    expect(keyOf({ ...base, rendered: { prompt: 'hello' } })).not.toBe(key);
    expect(keyOf({ ...base, goal: 'other goal' })).not.toBe(key);
    expect(keyOf({ ...base, engineOptions: { temperature: 0.2 } })).not.toBe(key);
    expect(keyOf({ ...base, executionProfile: 'yolo' })).not.toBe(key);
  });

  it('does not depend on the order of depends_on or of env keys', () => {
    const a = keyOf({ task: task({ depends_on: ['x', 'y'], env: { A: '1', B: '2' } }) });
    const b = keyOf({ task: task({ depends_on: ['y', 'x'], env: { B: '2', A: '1' } }) });
    expect(a).toBe(b);
  });
});

describe('component and field hashes', () => {
  it('name the component and field that changed', () => {
    const before = computeCacheKey(input({ task: task({ env: { MODE: 'a', KEEP: 'k' } }) }));
    const after = computeCacheKey(input({ task: task({ env: { MODE: 'b', KEEP: 'k' } }) }));
    const previous = {
      key: before.key,
      stored_at: 'then',
      kind: 'success' as const,
      components: componentHashes(before, identity),
      fields: fieldHashes(before, identity),
    };
    expect(diffKeys(after, previous, identity)).toEqual([{ component: 'env', fields: ['MODE'] }]);
    expect(diffKeys(before, previous, identity)).toEqual([]);
  });

  it('never hash a secret value: masked values are recorded as masked', () => {
    const secret = 'hunter2-secret';
    const key = computeCacheKey(input({ task: task({ env: { TOKEN: secret, MODE: 'x' } }) }));
    const masker = (text: string) => text.replaceAll(secret, '***');
    const fields = fieldHashes(key, masker);
    expect(fields.env.TOKEN).toBe('masked');
    expect(fields.env.MODE).toMatch(/^[0-9a-f]{16}$/);
    const components = componentHashes(key, masker);
    expect(components.env).toBe('masked');
    expect(components.command).toMatch(/^[0-9a-f]{16}$/);
    // A secret that changes is still reported, as the masked field of its component.
    const changed = computeCacheKey(input({ task: task({ env: { TOKEN: 'other', MODE: 'x' } }) }));
    const previous = { key: key.key, stored_at: 'then', kind: 'success' as const, components, fields };
    expect(diffKeys(changed, previous, (text) => text.replaceAll('other', '***'))).toEqual([
      { component: 'env', fields: ['TOKEN'] },
    ]);
  });

  it('sees a secret holding a quote or a backslash, which its JSON text escapes', () => {
    const secret = 'pa"ss\\word42';
    const key = computeCacheKey(input({ task: task({ env: { TOKEN: secret }, args: [`--key=${secret}`] }) }));
    const masker = (text: string) => text.replaceAll(secret, '***');
    expect(fieldHashes(key, masker).env.TOKEN).toBe('masked');
    expect(componentHashes(key, masker).env).toBe('masked');
    expect(componentHashes(key, masker).command).toBe('masked');
    expect(componentHashes(key, masker).graph).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('quickHash', () => {
  it('gives the fingerprints indexes on disk already hold', () => {
    // Written by the arithmetic form before the byte-by-byte one: an index keeps these strings.
    expect(quickHash('')).toBe('000bdcb81aee8d83');
    expect(quickHash('a')).toBe('001c2ba782c97901');
    expect(quickHash('{"task_id":"build"}')).toBe('000de08dd4a70656');
    expect(quickHash('héllo ✓')).toBe('0018ec3739470f77');
  });

  it('formats any 53-bit value as the arithmetic form does', () => {
    const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    fc.assert(
      fc.property(int32, int32, (h1, h2) => {
        const expected = (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(16, '0');
        expect(cyrb53Hex(h1, h2)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });
});
