// A parsed YAML file that remembers where each value came from. Values are read like PyYAML reads them
// (YAML 1.1: `yes`/`no`/`on`/`off` are booleans, `<<` merges, but dates stay strings, a key written twice
// keeps its last value), so a plan means the same to Maestro as to maestro-cli. Positions are looked up
// only when an error or warning needs one.
import { createRequire } from 'node:module';
import type { Document, Node, Pair, ScalarTag, Tags } from 'yaml';
import { MaestroError, type SourceLocation } from '../../errors/index.ts';

// The full parser is loaded only when the fast reader hands a file over (anchors, tags, syntax errors,
// ...): most runs never need it, and loading it costs more than parsing a whole plan with the fast reader.
let yamlLibrary: typeof import('yaml') | undefined;
function yaml(): typeof import('yaml') {
  yamlLibrary ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yamlLibrary;
}

export type YamlPath = readonly (string | number)[];

/** A mapping key written again in the same mapping. */
export interface DuplicateKey {
  key: string;
  /** Where the repeated key is written (its value is the one kept). */
  location: SourceLocation;
  /** Where the key was written before. */
  previous: SourceLocation;
}

export interface YamlSource {
  /** Absolute path of the file. */
  readonly file: string;
  /** The document as plain data. */
  readonly value: unknown;
  /** Keys repeated within one mapping, in file order (the last value is the one in `value`). */
  readonly duplicateKeys: readonly DuplicateKey[];
  /** Where the value at `path` starts, or its nearest ancestor that exists in the text. */
  locate(path: YamlPath): SourceLocation;
  /** Where the key of the entry at `path` starts (falls back to `locate`). */
  locateKey(path: YamlPath): SourceLocation;
}

const TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp';

// PyYAML's implicit resolvers where the `yaml` package's YAML 1.1 schema is looser: booleans without the
// single letters y/n, floats that need digits (so `.` and `e1` stay strings) and a signed exponent, and
// decimal and sexagesimal integers without leading zeros.
const PYTHON_PATTERNS: { tag: string; probe: string; test: RegExp }[] = [
  { tag: 'tag:yaml.org,2002:bool', probe: 'yes', test: /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/ },
  { tag: 'tag:yaml.org,2002:bool', probe: 'no', test: /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/ },
  {
    tag: 'tag:yaml.org,2002:float',
    probe: '1.5e+3',
    test: /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*[eE][-+][0-9]+|\.[0-9][0-9_]*[eE][-+][0-9]+)$/,
  },
  { tag: 'tag:yaml.org,2002:float', probe: '1.5', test: /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/ },
  { tag: 'tag:yaml.org,2002:int', probe: '1:30', test: /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$/ },
  { tag: 'tag:yaml.org,2002:int', probe: '15', test: /^[-+]?(?:0|[1-9][0-9_]*)$/ },
];

function pythonTags(tags: Tags): Tags {
  const out: Tags = [];
  for (const tag of tags) {
    if (typeof tag !== 'object' || !('tag' in tag)) {
      out.push(tag);
      continue;
    }
    if (tag.tag === TIMESTAMP_TAG) continue;
    const scalar = tag as ScalarTag;
    const python = PYTHON_PATTERNS.find(
      (pattern) => pattern.tag === scalar.tag && scalar.test?.test(pattern.probe),
    );
    out.push(python ? { ...scalar, test: python.test } : tag);
  }
  return out;
}

const PARSE_OPTIONS = {
  prettyErrors: true,
  // PyYAML keeps the last value of a repeated key; the loader warns about it (duplicateKeys).
  uniqueKeys: false,
  version: '1.1',
  merge: true,
  customTags: pythonTags,
} as const;

/** Parse YAML text; syntax errors are MaestroError E090 with file:line:column. */
export function parseYamlText(text: string, file: string): YamlSource {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { ...PARSE_OPTIONS, lineCounter });
  const firstError = document.errors[0];
  if (firstError) {
    const position = firstError.linePos?.[0];
    throw new MaestroError({
      code: 'E090',
      message: `Invalid YAML: ${firstError.message}`,
      location: { file, line: position?.line ?? 1, column: position?.col ?? 1 },
    });
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // Alias bombs and other resolution failures.
    throw new MaestroError({
      code: 'E090',
      message: `Invalid YAML: ${error instanceof Error ? error.message : String(error)}`,
      location: { file, line: 1, column: 1 },
      cause: error,
    });
  }
  const toLocation = (offset: number): SourceLocation => {
    const position = lineCounter.linePos(offset);
    return { file, line: position.line, column: position.col };
  };
  const root = document.contents as Node | null;
  return {
    file,
    value,
    duplicateKeys: findDuplicateKeys(document, toLocation),
    locate: (path) => toLocation(walk(root, path).node?.range?.[0] ?? 0),
    locateKey: (path) => {
      const found = walk(root, path);
      const key = found.complete ? (found.pair?.key as Node | undefined) : undefined;
      return toLocation(key?.range?.[0] ?? found.node?.range?.[0] ?? 0);
    },
  };
}

// Keys as toJS writes them into an object: a null key is '', others their text, so `1` and `1.0` are
// one key, as in PyYAML. Merge keys (`<<`) and keys that are collections are left out.
function findDuplicateKeys(
  document: Document.Parsed,
  toLocation: (offset: number) => SourceLocation,
): DuplicateKey[] {
  const { isScalar, visit } = yaml();
  const found: { offset: number; duplicate: DuplicateKey }[] = [];
  visit(document, {
    Map(_, map) {
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key) || typeof key.value === 'symbol') continue;
        const text = key.value === null ? '' : String(key.value);
        const offset = key.range?.[0] ?? 0;
        const previous = seen.get(text);
        if (previous !== undefined) {
          found.push({
            offset,
            duplicate: { key: text, location: toLocation(offset), previous: toLocation(previous) },
          });
        }
        seen.set(text, offset);
      }
    },
  });
  return found.sort((left, right) => left.offset - right.offset).map(({ duplicate }) => duplicate);
}

interface WalkResult {
  node: Node | null;
  pair?: Pair;
  complete: boolean;
}

// Follow `path` through the node tree as far as it exists.
function walk(root: Node | null, path: YamlPath): WalkResult {
  let node = root;
  let pair: Pair | undefined;
  for (let index = 0; index < path.length; index += 1) {
    const segment = path[index];
    const { isMap, isScalar, isSeq } = yaml();
    if (isMap(node)) {
      // The last of repeated keys holds the value in effect.
      const found = node.items.findLast((item) => {
        const key = isScalar(item.key) ? item.key.value : item.key;
        return key === segment || String(key) === String(segment);
      });
      if (!found) return { node, complete: false };
      pair = found as Pair;
      const next = found.value as Node | null;
      // `key:` with nothing after it: the key is the best position there is.
      if (!next) return { node, pair, complete: index === path.length - 1 };
      node = next;
    } else if (isSeq(node) && typeof segment === 'number') {
      const next = node.items[segment] as Node | undefined;
      if (!next) return { node, complete: false };
      pair = undefined;
      node = next;
    } else {
      return { node, complete: false };
    }
  }
  return { node, pair, complete: true };
}
