// Whatever a plan file contains, loading either succeeds or throws a MaestroError with a code E000-E999:
// never a TypeError, never an uncoded error.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { MaestroError } from '../../src/errors/index.ts';
import { memoryPlanFiles, validatePlanText } from '../../src/plan/index.ts';

const CORPUS = '/work/shared/compat/plans';
const texts = ['examples', 'fixtures', 'invalid', 'peer-bugs'].flatMap((folder) =>
  readdirSync(join(CORPUS, folder))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => readFileSync(join(CORPUS, folder, name), 'utf8')),
);
const documents = texts.map((text) => {
  try {
    return parse(text) as unknown;
  } catch {
    return {};
  }
});
const files = memoryPlanFiles({ '/plans/frag.yaml': 'tasks:\n  - {id: x, command: echo}\n' }, ['/plans']);

async function expectCodedOutcome(text: string): Promise<void> {
  try {
    await validatePlanText(text, '/plans/plan.yaml', { files });
  } catch (error) {
    if (!MaestroError.isInstance(error)) throw error;
    expect(error.code).toMatch(/^E\d{3}$/);
    expect(error.message.length).toBeGreaterThan(0);
  }
}

type Path = (string | number)[];

function allPaths(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      paths.push(...allPaths(item, [...prefix, index]));
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) paths.push(...allPaths(item, [...prefix, key]));
  }
  return paths;
}

function containerAt(root: unknown, path: Path): Record<string | number, unknown> | undefined {
  let value = root;
  for (const segment of path) value = (value as Record<string | number, unknown>)[segment];
  return typeof value === 'object' && value !== null
    ? (value as Record<string | number, unknown>)
    : undefined;
}

const KEYS = [
  'id',
  'command',
  'engine',
  'prompt',
  'depends_on',
  'context_from',
  'when',
  'matrix',
  'batch',
  'judge',
  'group',
  'imports',
  'tasks',
  'defaults',
  'max_retries',
  'timeout_sec',
  'env',
  'mock',
  'context_mode',
  'worktree',
  'x',
];
const { randomValue } = fc.letrec((tie) => ({
  randomValue: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 10 }),
    fc.constantFrom(
      'claude',
      'mock',
      'a',
      'b',
      '{{ a.status }} == success',
      'frag.yaml',
      '*',
      'raw',
      'recursive',
      '../x',
      'a/../b',
      '-1',
      '4',
    ),
    fc.integer({ min: -5, max: 5 }),
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('randomValue'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('randomValue'), { maxKeys: 3 }),
  ),
}));

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: randomValue }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    key: fc.constantFrom(...KEYS),
    value: randomValue,
  }),
);

interface Mutation {
  kind: 'delete' | 'replace' | 'insert';
  at: number;
  key?: string;
  value?: unknown;
}

function mutate(document: unknown, mutations: Mutation[]): unknown {
  let root = structuredClone(document);
  for (const change of mutations) {
    const paths = allPaths(root);
    const path = paths[change.at % paths.length] as Path;
    if (path.length === 0) {
      if (change.kind === 'replace') root = change.value;
      continue;
    }
    const parent = containerAt(root, path.slice(0, -1));
    const last = path.at(-1) as string | number;
    if (!parent) continue;
    if (change.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
    } else if (change.kind === 'replace') {
      parent[last] = change.value;
    } else {
      const target = containerAt(root, path);
      if (target && !Array.isArray(target)) target[change.key as string] = change.value;
    }
  }
  return root;
}

describe('loading never fails without a code', () => {
  it('survives structural mutations of real plans', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...documents),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        async (document, mutations) => {
          await expectCodedOutcome(stringify(mutate(document, mutations)));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('survives text edits of real plans', async () => {
    const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 5 }), insert: fc.string({ maxLength: 6 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...texts),
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        async (text, edits) => {
          let mutated = text;
          for (const { at, remove, insert } of edits) {
            const index = at % (mutated.length + 1);
            mutated = mutated.slice(0, index) + insert + mutated.slice(index + remove);
          }
          await expectCodedOutcome(mutated);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('survives random text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        await expectCodedOutcome(text);
      }),
      { numRuns: 300 },
    );
  });
});
