// Remembers the validated Plan of a big plan file, so an unchanged plan is not parsed and checked again
// (reading a 1000-task plan costs ~80 ms of a ~200 ms `maestro validate`; the remembered one ~5 ms).
//
// An entry is keyed by everything loading reads besides the files: this build of Maestro, the plan's
// absolute path, `--strict` and the plan's bytes. Every other file the loader touched through PlanFiles
// (imports, prompt files, group sub-plans, folders and files it checked) is listed in the entry with what
// was seen (a hash of the text, or whether it existed), and the entry is used only when all of them are
// still the same. Only plans that loaded without error are remembered, only plain data that JSON keeps
// exactly, and only for plans of 16 KiB or more (smaller ones load in a few milliseconds anyway).
// Entries live in ${XDG_CACHE_HOME:-~/.cache}/maestro/plans (MAESTRO_PLAN_CACHE_DIR moves it;
// MAESTRO_PLAN_CACHE=0 turns it off); any failure to read or write one just means loading as usual.
import { hash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localPlanFiles, type PlanFiles } from './plan-files.ts';
import type { Plan } from './types.ts';

const ENTRY_FORMAT = 1;
const MIN_PLAN_BYTES = 16 * 1024;
const MAX_ENTRIES = 256;

/** What loading saw of one file besides the plan itself. */
type Dependency =
  | { kind: 'text'; path: string; sha: string | null }
  | { kind: 'file' | 'directory'; path: string; exists: boolean };

interface Entry {
  format: typeof ENTRY_FORMAT;
  dependencies: Dependency[];
  plan: Plan;
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
  const folder = cacheFolder();
  const text = folder === undefined ? undefined : await localPlanFiles.readText(file);
  if (folder === undefined || text === undefined || text.length < MIN_PLAN_BYTES) {
    return load(localPlanFiles);
  }
  const key = hash('sha256', JSON.stringify([ENTRY_FORMAT, buildId(), file, strict, text]));
  const path = join(folder, `${key}.json`);
  const remembered = await readEntry(path);
  if (remembered) return remembered;
  const recorder = recordingFiles(file, text);
  const plan = await load(recorder.files);
  writeEntry(folder, path, { format: ENTRY_FORMAT, dependencies: recorder.dependencies, plan });
  return plan;
}

function cacheFolder(): string | undefined {
  const env = process.env;
  // From the TypeScript sources (the test suite) the loader's code changes without a new build: never.
  if (env.MAESTRO_PLAN_CACHE === '0' || import.meta.url.endsWith('.ts')) return undefined;
  if (env.MAESTRO_PLAN_CACHE_DIR) return env.MAESTRO_PLAN_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'maestro', 'plans');
}

// This build: the package version (an installed package's files all carry one fixed time) and this
// module's size and time (every `npm run build` writes it anew).
let cachedBuildId: string | undefined;
function buildId(): string {
  if (cachedBuildId === undefined) {
    const modulePath = fileURLToPath(import.meta.url);
    const stats = statSync(modulePath);
    const packageJson = createRequire(import.meta.url)('../../package.json') as { version: string };
    cachedBuildId = `${packageJson.version}:${stats.size}:${stats.mtimeMs}`;
  }
  return cachedBuildId;
}

async function readEntry(path: string): Promise<Plan | undefined> {
  let entry: Entry;
  try {
    entry = JSON.parse(readFileSync(path, 'utf8')) as Entry;
  } catch {
    return undefined;
  }
  if (entry?.format !== ENTRY_FORMAT || !Array.isArray(entry.dependencies)) return undefined;
  for (const dependency of entry.dependencies) {
    if (!(await stillTheSame(dependency))) return undefined;
  }
  return entry.plan;
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

// The local files, with a note of every read and check; the plan file itself is answered from `text`.
function recordingFiles(file: string, text: string): { files: PlanFiles; dependencies: Dependency[] } {
  const dependencies: Dependency[] = [];
  const files: PlanFiles = {
    async readText(path) {
      if (path === file) return text;
      const read = await localPlanFiles.readText(path);
      dependencies.push({ kind: 'text', path, sha: shaOf(read) });
      return read;
    },
    async isFile(path) {
      const exists = await localPlanFiles.isFile(path);
      dependencies.push({ kind: 'file', path, exists });
      return exists;
    },
    async isDirectory(path) {
      const exists = await localPlanFiles.isDirectory(path);
      dependencies.push({ kind: 'directory', path, exists });
      return exists;
    },
  };
  return { files, dependencies };
}

function writeEntry(folder: string, path: string, entry: Entry): void {
  const text = exactJson(entry);
  if (text === undefined) return;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    // The plan may hold values a user would not share (env): readable by its owner only.
    writeFileSync(temporary, text, { mode: 0o600 });
    renameSync(temporary, path);
    pruneOldest(folder);
  } catch {
    // Remembering is an optimisation; a read-only or full disk just means loading every time.
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

// Keeps the folder to the MAX_ENTRIES most recently written entries.
function pruneOldest(folder: string): void {
  const names = readdirSync(folder);
  if (names.length <= MAX_ENTRIES) return;
  const byAge = names
    .map((name) => ({ name, time: statSync(join(folder, name)).mtimeMs }))
    .sort((a, b) => a.time - b.time);
  for (const { name } of byAge.slice(0, names.length - MAX_ENTRIES)) {
    rmSync(join(folder, name), { force: true });
  }
}
