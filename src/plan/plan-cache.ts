// Remembers the validated Plan of a big plan file, so an unchanged plan is not parsed and checked again
// (reading a 1000-task plan costs ~80 ms of a ~200 ms `maestro validate`; the remembered one ~5 ms).
//
// An entry is keyed by everything loading reads besides the files: this build of Maestro (a hash of its
// sources and locked dependencies, written by the build), the Node version, the plan's absolute path,
// `--strict` and the plan's text. Every other file the loader touched through PlanFiles
// (imports, prompt files, group sub-plans, folders and files it checked) is listed in the entry with what
// was seen (a hash of the text, or whether it existed), and the entry is used only when all of them are
// still the same. Only plans that loaded without error are remembered, only plain data that JSON keeps
// exactly, only for plans of 16 Ki characters or more (smaller ones load in a few milliseconds anyway)
// and up to 16 MiB of JSON. Entries hold the plan as loaded (commands, prompts, env values written in
// it), so they live in a folder of the user's own, ${XDG_CACHE_HOME:-~/.cache}/maestro/plans
// (MAESTRO_PLAN_CACHE_DIR moves it; MAESTRO_PLAN_CACHE=0 turns it off), owner-only, and an entry is
// trusted only when the folder and the file belong to this user and nobody else can write them. Any
// failure to read or write one just means loading as usual.
import { hash, randomBytes } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { localPlanFiles, type PlanFiles } from './plan-files.ts';
import { adoptDefinitionHashes, planDefinitionHashes } from './task-definition-hash.ts';
import type { Plan } from './types.ts';

const ENTRY_FORMAT = 2;
const MIN_PLAN_CHARACTERS = 16 * 1024;
const MAX_ENTRIES = 256;
const MAX_ENTRY_CHARACTERS = 16 * 1024 * 1024;
// Only files named like entries (or their temp files) are ever pruned from the folder.
const ENTRY_NAME = /^[0-9a-f]{64}\.json(?:\.[0-9a-f]{8}\.tmp)?$/;

/** What loading saw of one file besides the plan itself. */
type Dependency =
  | { kind: 'text'; path: string; sha: string | null }
  | { kind: 'file' | 'directory'; path: string; exists: boolean };

interface Entry {
  format: typeof ENTRY_FORMAT;
  dependencies: Dependency[];
  plan: Plan;
  /** The definition hash of each task, in order (see task-definition-hash.ts). */
  definitionHashes: string[];
}

/**
 * Loads `file` with `load`, or returns the Plan remembered for it when nothing it depends on changed.
 * `load` gets the PlanFiles to read through (they record what it touches).
 */
export async function loadPlanThroughCache(
  file: string,
  strict: boolean,
  load: (files: PlanFiles) => Promise<Plan>,
): Promise<Plan> {
  const place = entryPlace();
  if (place === undefined) return load(localPlanFiles);
  let text: string | undefined;
  try {
    text = await localPlanFiles.readText(file);
  } catch {
    // A plan that cannot be read: loading reads it again and says why.
    return load(localPlanFiles);
  }
  if (text === undefined || text.length < MIN_PLAN_CHARACTERS) return load(filesWithPlanText(file, text));
  const key = hash(
    'sha256',
    JSON.stringify([ENTRY_FORMAT, place.build, process.version, file, strict, text]),
  );
  const path = join(place.folder, `${key}.json`);
  const remembered = await readEntry(place.folder, path);
  if (remembered) return remembered;
  const recorder = recordingFiles(file, text);
  const plan = await load(recorder.files);
  writeEntry(place.folder, path, {
    format: ENTRY_FORMAT,
    dependencies: recorder.dependencies,
    plan,
    definitionHashes: planDefinitionHashes(plan),
  });
  return plan;
}

// The folder and this build's id, or undefined when plans are not remembered.
function entryPlace(): { folder: string; build: string } | undefined {
  const env = process.env;
  // From the TypeScript sources (the test suite) the loader's code changes without a new build: never.
  if (env.MAESTRO_PLAN_CACHE === '0' || import.meta.url.endsWith('.ts')) return undefined;
  try {
    const build = buildId();
    if (env.MAESTRO_PLAN_CACHE_DIR) return { folder: resolve(env.MAESTRO_PLAN_CACHE_DIR), build };
    const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
    return { folder: join(base, 'maestro', 'plans'), build };
  } catch {
    // No build id (a build without it) or no home folder: load every time.
    return undefined;
  }
}

// Written by `npm run build` (scripts/bundle-cli.mjs) beside this module: a hash of every source file
// and the locked dependency versions.
let cachedBuildId: string | undefined;
function buildId(): string {
  cachedBuildId ??= readFileSync(new URL('./loader-build-id.txt', import.meta.url), 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(cachedBuildId)) throw new Error('no loader build id');
  return cachedBuildId;
}

async function readEntry(folder: string, path: string): Promise<Plan | undefined> {
  try {
    if (!ownedByMe(lstatSync(folder), true) || !ownedByMe(lstatSync(path), false)) return undefined;
    const entry = JSON.parse(readFileSync(path, 'utf8')) as Entry;
    if (entry?.format !== ENTRY_FORMAT || !Array.isArray(entry.dependencies)) return undefined;
    if (typeof entry.plan !== 'object' || entry.plan === null || !Array.isArray(entry.plan.tasks))
      return undefined;
    for (const dependency of entry.dependencies) {
      if (!(await stillTheSame(dependency))) return undefined;
    }
    // Its time says when it was last used, which is what pruning goes by.
    const now = new Date();
    utimesSync(path, now, now);
    adoptDefinitionHashes(entry.plan, entry.definitionHashes);
    return entry.plan;
  } catch {
    return undefined;
  }
}

// A folder or file that is this user's and that nobody else can write (anyone who could write an entry
// could choose the commands of a plan). Where there are no uids (Windows), the user's profile folder.
function ownedByMe(stats: Stats, directory: boolean): boolean {
  if (directory ? !stats.isDirectory() : !stats.isFile()) return false;
  const uid = process.getuid?.();
  if (uid === undefined) return true;
  return stats.uid === uid && (stats.mode & 0o022) === 0;
}

async function stillTheSame(dependency: Dependency): Promise<boolean> {
  if (dependency.kind === 'text')
    return shaOf(await localPlanFiles.readText(dependency.path)) === dependency.sha;
  const exists =
    dependency.kind === 'file'
      ? await localPlanFiles.isFile(dependency.path)
      : await localPlanFiles.isDirectory(dependency.path);
  return exists === dependency.exists;
}

function shaOf(text: string | undefined): string | null {
  return text === undefined ? null : hash('sha256', text);
}

// The local files, with the plan file itself answered from `text` (undefined: it does not exist), so
// loading does not read it a second time.
function filesWithPlanText(file: string, text: string | undefined): PlanFiles {
  return {
    readText: async (path) => (path === file ? text : localPlanFiles.readText(path)),
    isFile: (path) => localPlanFiles.isFile(path),
    isDirectory: (path) => localPlanFiles.isDirectory(path),
  };
}

// The same, with a note of every other read and check.
function recordingFiles(file: string, text: string): { files: PlanFiles; dependencies: Dependency[] } {
  const base = filesWithPlanText(file, text);
  const dependencies: Dependency[] = [];
  const files: PlanFiles = {
    async readText(path) {
      const read = await base.readText(path);
      if (path !== file) dependencies.push({ kind: 'text', path, sha: shaOf(read) });
      return read;
    },
    async isFile(path) {
      const exists = await base.isFile(path);
      dependencies.push({ kind: 'file', path, exists });
      return exists;
    },
    async isDirectory(path) {
      const exists = await base.isDirectory(path);
      dependencies.push({ kind: 'directory', path, exists });
      return exists;
    },
  };
  return { files, dependencies };
}

function writeEntry(folder: string, path: string, entry: Entry): void {
  const text = exactJson(entry);
  if (text === undefined || text.length > MAX_ENTRY_CHARACTERS) return;
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    // The plan may hold values a user would not share (env): readable by its owner only.
    writeFileSync(temporary, text, { mode: 0o600 });
    renameSync(temporary, path);
    // Temp files count, so a crashed writer's go too.
    pruneEntries(folder, MAX_ENTRIES);
  } catch {
    // Remembering is an optimisation; a read-only or full disk just means loading every time.
    rmSync(temporary, { force: true });
  }
}

// JSON of `value` when parsing it back gives the same data: plain objects and arrays, strings, finite
// numbers, booleans, null (and undefined object members, which loading treats as absent). Otherwise
// undefined, and nothing is remembered.
function exactJson(value: unknown): string | undefined {
  let exact = true;
  const check = function (this: Record<string, unknown>, key: string, item: unknown): unknown {
    const original = this[key];
    if (typeof original === 'number') {
      if (!Number.isFinite(original) || Object.is(original, -0)) exact = false;
    } else if (original === undefined) {
      if (Array.isArray(this)) exact = false;
    } else if (typeof original === 'object') {
      const prototype = original === null ? null : Object.getPrototypeOf(original);
      if (
        original !== null &&
        !Array.isArray(original) &&
        prototype !== Object.prototype &&
        prototype !== null
      )
        exact = false;
    } else if (typeof original !== 'string' && typeof original !== 'boolean') {
      exact = false;
    }
    return item;
  };
  try {
    const text = JSON.stringify(value, check);
    return exact ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Deletes all but the `keep` most recently used entries of `folder`; nothing else in it is touched. */
export function pruneEntries(folder: string, keep: number): void {
  const names = readdirSync(folder).filter((name) => ENTRY_NAME.test(name));
  if (names.length <= keep) return;
  const byAge = names
    .map((name) => ({ name, time: statSync(join(folder, name)).mtimeMs }))
    .sort((a, b) => a.time - b.time);
  for (const { name } of byAge.slice(0, names.length - keep)) {
    rmSync(join(folder, name), { force: true });
  }
}
