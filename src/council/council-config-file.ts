// A council described in a YAML (or JSON) file instead of repeated flags: members with engine options,
// and any setting. Every problem names file:line:column: E090 for a syntax error (as plans report it),
// E080 for an unknown key (a typo such as `threshhold` must not be silently ignored), E018 for a wrong
// type, E008 for an unknown name, E012 for a value out of range. The CLI lays flags over the result.
import { readFileSync } from 'node:fs';
import { closest, distance } from 'fastest-levenshtein';
import { type Document, isMap, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import { MaestroError } from '../errors/index.ts';
import { MAX_MEMBERS, MAX_ROUNDS, MIN_MEMBERS } from './council-config.ts';
import {
  parseAnswerKind,
  parseRankingMethod,
  parseRolesMode,
  parseThreshold,
} from './council-flag-values.ts';
import type { CouncilMember } from './council-port.ts';
import { memberId, parseMemberSpec } from './member-spec.ts';
import type { CouncilOptions } from './types.ts';

/** Settings read from a council file; absent keys stay undefined so flags and defaults can fill them. */
export type CouncilFileSettings = Partial<CouncilOptions>;

const KEYS = [
  'question',
  'members',
  'rounds',
  'roles',
  'role_list',
  'seed',
  'chair',
  'quorum',
  'threshold',
  'anonymize',
  'early_stop',
  'answer',
  'ranking',
] as const;

/** Reads and checks a council file. */
export function loadCouncilConfigFile(filePath: string): CouncilFileSettings {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    throw new MaestroError({
      code: 'E120',
      flag: '--config',
      message: `Cannot read the council file ${filePath}: ${(error as Error).message}`,
      cause: error,
    });
  }
  return parseCouncilConfigText(text, filePath);
}

/** Parses the text of a council file; `file` is used in error locations. */
export function parseCouncilConfigText(text: string, file: string): CouncilFileSettings {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const syntaxError = document.errors[0];
  if (syntaxError) {
    const position = syntaxError.linePos?.[0];
    throw new MaestroError({
      code: 'E090',
      message: `Invalid YAML: ${syntaxError.message.split('\n')[0]}`,
      location: { file, line: position?.line ?? 1, column: position?.col ?? 1 },
    });
  }
  const fail = (path: (string | number)[], code: string, message: string): never => {
    // An unknown key is pointed at by its name, any other problem by its value.
    const node = code === 'E080' ? keyNode(document, path) : (document.getIn(path, true) as Node | undefined);
    const position = lineCounter.linePos(node?.range?.[0] ?? keyOffset(document, path));
    throw new MaestroError({ code, message, location: { file, line: position.line, column: position.col } });
  };
  const root: unknown = document.toJS();
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    return fail([], 'E018', 'A council file must be a mapping of settings (question, members, rounds, ...)');
  }
  return readSettings(root as Record<string, unknown>, fail);
}

type Fail = (path: (string | number)[], code: string, message: string) => never;

function readSettings(root: Record<string, unknown>, fail: Fail): CouncilFileSettings {
  for (const key of Object.keys(root)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      const guess = closest(key, KEYS as unknown as string[]);
      const hint =
        distance(key, guess) <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean '${guess}'?)` : '';
      fail([key], 'E080', `Unknown key '${key}'${hint}; known keys: ${KEYS.join(', ')}`);
    }
  }
  const settings: CouncilFileSettings = {};
  const text = (key: string): string | undefined => {
    const value = root[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') fail([key], 'E018', `'${key}' must be text`);
    return String(value);
  };
  const integer = (key: string, min: number, max: number): number | undefined => {
    const value = root[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value))
      fail([key], 'E018', `'${key}' must be an integer`);
    if ((value as number) < min || (value as number) > max) {
      fail([key], 'E012', `'${key}' must be ${min}-${max}, got ${String(value)}`);
    }
    return value as number;
  };
  const flag = (key: string): boolean | undefined => {
    const value = root[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') fail([key], 'E018', `'${key}' must be true or false`);
    return value as boolean;
  };
  const named = <T>(key: string, parse: (value: string) => T): T | undefined => {
    const value = text(key);
    if (value === undefined) return undefined;
    try {
      return parse(value);
    } catch (error) {
      return fail(
        [key],
        'E008',
        `'${key}': ${(error as Error).message.replace(/^Expected \S+ to be/, 'must be')}`,
      );
    }
  };
  settings.question = text('question');
  settings.members = readMembers(root.members, fail);
  settings.rounds = integer('rounds', 1, MAX_ROUNDS);
  settings.rolesMode = named('roles', (value) => parseRolesMode(value, 'roles'));
  settings.roles = readRoleList(root.role_list, fail);
  settings.seed = integer('seed', 0, Number.MAX_SAFE_INTEGER);
  settings.chair = root.chair === undefined ? undefined : readMember(root.chair, 'chair', ['chair'], fail);
  settings.quorum = integer('quorum', 1, settings.members?.length ?? MAX_MEMBERS);
  settings.threshold = readThreshold(root.threshold, fail);
  // Kept as written, so messages print `67%` or `2/3` as the file has it (see CouncilOptions).
  if (settings.threshold !== undefined) settings.thresholdText = String(root.threshold).trim();
  settings.anonymize = flag('anonymize');
  settings.earlyStop = flag('early_stop');
  settings.answerKind = named('answer', (value) => parseAnswerKind(value, 'answer'));
  settings.rankingMethod = named('ranking', (value) => parseRankingMethod(value, 'ranking'));
  return Object.fromEntries(
    Object.entries(settings).filter(([, value]) => value !== undefined),
  ) as CouncilFileSettings;
}

function readMembers(value: unknown, fail: Fail): CouncilMember[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value))
    return fail(['members'], 'E018', "'members' must be a list of engine:model entries");
  if (value.length < MIN_MEMBERS || value.length > MAX_MEMBERS) {
    fail(
      ['members'],
      'E012',
      `'members' must list ${MIN_MEMBERS}-${MAX_MEMBERS} members, got ${value.length}`,
    );
  }
  return value.map((entry, index) => readMember(entry, memberId(index), ['members', index], fail));
}

function readMember(value: unknown, id: string, path: (string | number)[], fail: Fail): CouncilMember {
  if (typeof value === 'string') return memberAt(value, id, path, fail);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(path, 'E018', 'a member must be engine:model or a mapping with engine, model and options');
  }
  const { engine, model, options, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined)
    fail([...path, unknown], 'E080', `Unknown member key '${unknown}' (engine, model, options)`);
  if (typeof engine !== 'string') return fail(path, 'E018', "a member needs 'engine' as text");
  if (model !== undefined && typeof model !== 'string')
    fail([...path, 'model'], 'E018', "'model' must be text");
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    fail([...path, 'options'], 'E018', "'options' must be a mapping");
  }
  const member = memberAt(model ? `${engine}:${model}` : engine, id, path, fail);
  return options === undefined ? member : { ...member, options: options as Record<string, unknown> };
}

function readRoleList(value: unknown, fail: Fail): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.some((role) => typeof role !== 'string' || !role.trim())
  ) {
    return fail(['role_list'], 'E018', "'role_list' must be a non-empty list of role names");
  }
  return value as string[];
}

function readThreshold(value: unknown, fail: Fail): number | undefined {
  if (value === undefined || value === null) return undefined;
  let threshold: number;
  try {
    threshold = typeof value === 'number' ? value : parseThreshold(String(value), 'threshold');
  } catch {
    return fail(
      ['threshold'],
      'E018',
      `'threshold' must be a fraction such as 2/3 or 0.67, got '${String(value)}'`,
    );
  }
  if (!(threshold > 0 && threshold <= 1))
    fail(['threshold'], 'E012', `'threshold' must be above 0 and at most 1`);
  return threshold;
}

// parseMemberSpec reports a flag; in a file the position is what helps.
function memberAt(spec: string, id: string, path: (string | number)[], fail: Fail): CouncilMember {
  try {
    return parseMemberSpec(spec, id, 'member');
  } catch (error) {
    return fail(path, 'E018', (error as Error).message);
  }
}

function keyNode(document: Document, path: (string | number)[]): Node | undefined {
  const parent = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === path[path.length - 1]);
  return pair?.key as Node | undefined;
}

// Offset of the deepest existing key on `path`, for values that are missing or null.
function keyOffset(document: Document, path: (string | number)[]): number {
  for (let depth = path.length; depth > 0; depth -= 1) {
    const node = document.getIn(path.slice(0, depth), true) as Node | undefined;
    if (node?.range) return node.range[0];
  }
  return 0;
}
