// The fast reader must agree with the full parser on values and positions whenever it does not give up.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { MaestroError } from '../../errors/index.ts';
import { type FastYamlResult, fastParseYaml } from './fast-yaml.ts';
import { fastYamlSource } from './fast-yaml-source.ts';
import { parseYamlText, type YamlPath, type YamlSource } from './yaml-source.ts';

const FILE = '/plans/test.yaml';

function fullParse(text: string): YamlSource | MaestroError {
  try {
    return parseYamlText(text, FILE);
  } catch (error) {
    if (MaestroError.isInstance(error)) return error;
    throw error;
  }
}

function paths(value: unknown, prefix: YamlPath = []): YamlPath[] {
  const found: YamlPath[] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      found.push(...paths(item, [...prefix, index]));
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) found.push(...paths(item, [...prefix, key]));
  }
  return found;
}

/** Fast and full agree, or fast gave up. Returns whether the fast reader handled the text. */
function agree(text: string): boolean {
  const fast = fastParseYaml(text);
  if (!fast) return false;
  const full = fullParse(text);
  if (full instanceof MaestroError)
    throw new Error(`fast reader accepted invalid YAML:\n${text}\n${full.message}`);
  expect(fast.value).toEqual(full.value);
  const source = fastYamlSource(fast, FILE);
  expect(source.duplicateKeys, `duplicate keys in\n${text}`).toEqual(full.duplicateKeys);
  for (const path of paths(full.value)) {
    expect(source.locate(path), `locate ${JSON.stringify(path)} in\n${text}`).toEqual(full.locate(path));
    expect(source.locateKey(path), `locateKey ${JSON.stringify(path)} in\n${text}`).toEqual(
      full.locateKey(path),
    );
  }
  return true;
}

const word = fc.constantFrom(
  'id',
  'a',
  'build',
  'depends_on',
  'yes',
  'no',
  'on',
  'off',
  'null',
  '~',
  'true',
  'y',
  'n',
  '1',
  '0',
  '-1',
  '007',
  '1.5',
  '1e3',
  '.inf',
  '1:30',
  '2024-01-01',
  'x: y',
  'a #b',
  '#c',
  '- d',
  '[e]',
  '{f}',
  "it's",
  'say "hi"',
  ' lead',
  'trail ',
  '',
  'multi\nline',
  'tab\there',
  'é ü',
  '{{ a.status }}',
  '*ref',
  '&anchor',
  '!tag',
  '%',
  '@',
  '`',
  '?q',
  ': colon',
  'back\\slash',
  '---',
  '...',
  'a:b',
  'http://x.y/z',
  '__proto__',
  '<<',
);
const scalar = fc.oneof(
  word,
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -100, max: 100 }),
  fc.boolean(),
  fc.constant(null),
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('tree'), { maxLength: 4 }),
  map: fc.dictionary(word, tie('tree'), { maxKeys: 5 }),
}));
const styles = fc.record({
  indent: fc.constantFrom(2, 4),
  indentSeq: fc.boolean(),
  defaultStringType: fc.constantFrom(
    'PLAIN',
    'QUOTE_DOUBLE',
    'QUOTE_SINGLE',
    'BLOCK_LITERAL',
    'BLOCK_FOLDED',
  ),
  defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE'),
  flowLevel: fc.constantFrom(0, 1, 2, 3),
  lineWidth: fc.constantFrom(0, 20, 80),
});

describe('fast YAML reader', () => {
  it('agrees with the full parser on generated documents', () => {
    let handled = 0;
    fc.assert(
      fc.property(tree, styles, (value, style) => {
        const { flowLevel, ...options } = style;
        const text = stringify(value, {
          ...options,
          version: '1.1',
          defaultKeyType: options.defaultKeyType as 'PLAIN' | 'QUOTE_DOUBLE' | null,
          defaultStringType: options.defaultStringType as 'PLAIN',
          collectionStyle: flowLevel === 0 ? 'block' : 'any',
        });
        if (agree(text)) handled += 1;
      }),
      { numRuns: 400 },
    );
    expect(handled).toBeGreaterThan(50);
  });

  it('agrees with the full parser on mutated plan files', () => {
    const corpus = '/work/shared/compat/plans';
    const texts = ['examples', 'fixtures', 'invalid', 'peer-bugs'].flatMap((folder) =>
      readdirSync(join(corpus, folder))
        .filter((name) => name.endsWith('.yaml'))
        .map((name) => readFileSync(join(corpus, folder, name), 'utf8')),
    );
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 3 }),
      insert: fc.constantFrom(
        '',
        ' ',
        '  ',
        '\n',
        '-',
        '- ',
        ':',
        ': ',
        '#',
        ' #',
        '"',
        "'",
        '[',
        ']',
        '{',
        '}',
        '|',
        '>',
        ',',
        'a',
        '1',
        '\t',
        '&a ',
        '*a',
        '!!str ',
      ),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...texts),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        (text, edits) => {
          let mutated = text;
          for (const { at, remove, insert } of edits) {
            const index = at % (mutated.length + 1);
            mutated = mutated.slice(0, index) + insert + mutated.slice(index + remove);
          }
          agree(mutated);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('agrees with the full parser on random line soup', () => {
    const value = fc.constantFrom(
      '',
      'x',
      'a b',
      '1',
      '2.5',
      'yes',
      '~',
      '"q: x"',
      "'s''t'",
      '[a, b]',
      '{k: v}',
      '[]',
      '{}',
      '|',
      '|-',
      '>',
      '>-',
      '# c',
      'a #c',
      'e1',
      '-',
      '- x',
      'k: v',
      '"',
      '[a',
      'a:',
      ':',
    );
    const line = fc
      .record({
        indent: fc.constantFrom('', ' ', '  ', '   ', '    ', '      '),
        dash: fc.constantFrom('', '- ', '-', '-   '),
        key: fc.constantFrom('', 'a: ', 'b:', 'key: ', '"q k": ', 'a b: ', '1: ', 'yes: ', 'a:b: '),
        value,
      })
      .map(({ indent, dash, key, value: text }) => `${indent}${dash}${key}${text}`);
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.boolean(), (lines, newline) => {
        agree(lines.join('\n') + (newline ? '\n' : ''));
      }),
      { numRuns: 1500 },
    );
  });

  it('reads every corpus plan itself', () => {
    const corpus = '/work/shared/compat/plans';
    for (const folder of ['examples', 'fixtures', 'peer-bugs']) {
      for (const name of readdirSync(join(corpus, folder)).filter((file) => file.endsWith('.yaml'))) {
        const text = readFileSync(join(corpus, folder, name), 'utf8');
        if (name === 'pitfall-audit.yaml') continue; // anchors and merge keys: the full parser's job
        expect(agree(text), name).toBe(true);
      }
    }
  });

  it('handles the usual plan shapes', () => {
    const cases = [
      'version: 1\nname: x\ntasks:\n  - id: a\n    command: echo\n',
      'tasks:\n- id: a\n  depends_on:\n  - b\n  - c\n- id: b\n',
      'a: |\n  line 1\n\n  line 3\nb: >-\n  folded\n  text\n\n  para\nc: end\n',
      'env: {A: "1", B: \'two\'}\nlist: []\nmap: {}\n',
      '# comment\n---\nkey: value # trailing\nempty:\nnull_value: ~\n',
      'nested:\n  deeper:\n    deepest: [1, 2.5, yes, no, null]\n',
    ];
    for (const text of cases) expect(agree(text), text).toBe(true);
  });

  it('keeps the last value of a repeated key and notes where it was repeated, as the full parser', () => {
    const cases = [
      'a: 1\na: 2\n',
      'tasks:\n  - id: a\n    timeout_sec: 10\n    command: echo\n    timeout_sec: 20\n',
      'env: {A: 1, B: 2, A: 3}\nenv: {C: 4}\n',
      'a:\n  b: {x: 1, x: [1, 2]}\n  b: 2\nc: 3\nc: 4\nc: 5\n',
      '1: a\n1.0: b\nyes: c\ntrue: d\n',
    ];
    for (const text of cases) expect(agree(text), text).toBe(true);
    const source = fastYamlSource(fastParseYaml(cases[1] as string) as FastYamlResult, FILE);
    expect(source.value).toEqual({ tasks: [{ id: 'a', timeout_sec: 20, command: 'echo' }] });
    expect(source.locate(['tasks', 0, 'timeout_sec'])).toMatchObject({ line: 5, column: 18 });
    expect(source.duplicateKeys).toEqual([
      {
        key: 'timeout_sec',
        location: { file: FILE, line: 5, column: 5 },
        previous: { file: FILE, line: 3, column: 5 },
      },
    ]);
  });

  it('gives up on what it does not handle', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: "multi\n  line"\n',
      'a: [1,\n 2]\n',
      'a: 0755\n',
      'a:\tb\n',
      'a: b\n  c\n',
    ]) {
      expect(fastParseYaml(text), text).toBeUndefined();
    }
  });
});
