import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Task } from '../plan/types.ts';
import {
  CACHE_POLICY_VERSION,
  type CacheKeyInput,
  componentHashes,
  computeCacheKey,
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
});

describe('quickHash', () => {
  // cyrb53 as 16 hex digits, written the arithmetic way: indexes on disk hold these strings, so the
  // fast byte-by-byte formatting must give exactly the same ones.
  function cyrb53Hex(text: string): string {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let index = 0; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      h1 = Math.imul(h1 ^ code, 2654435761);
      h2 = Math.imul(h2 ^ code, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(16, '0');
  }

  it('is cyrb53 as 16 lowercase hex digits, for any text', () => {
    expect(quickHash('')).toBe(cyrb53Hex(''));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const hash = quickHash(text);
        expect(hash).toMatch(/^[0-9a-f]{16}$/);
        expect(hash).toBe(cyrb53Hex(text));
      }),
      { numRuns: 2000 },
    );
  });
});
