// `.maestro/council/history_log.jsonl`: the log seed B promised and never wrote. One line per event,
// `{ts, event, session_id, ...data, seq, prev_hash, hash}`, hash-chained by the same rule as a run's
// events.jsonl (computeEventHash over the record without seq/prev_hash/hash, plus the previous hash).
// Lines are appended as the session goes, each as one write() of one complete line under a short
// cross-process lock, after reading (and if need be repairing) the chain tail; so a SIGKILL at any
// point leaves at most a torn last line, which the next append cuts away, and never a broken chain.
// Top-level keys are snake_case like events.jsonl; nested records keep the session's own shape so that
// replay reads them back unchanged.
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  computeEventHash,
  formatEventTimestamp,
  GENESIS_HASH,
  makeFolders,
  pythonDumps,
  recoverChainTail,
} from '../store/index.ts';
import { type FileLockOptions, withFileLock } from './file-lock.ts';
import type { CouncilJournal } from './session-events.ts';

/** One line of history_log.jsonl. */
export interface HistoryRecord {
  ts: string;
  event: string;
  session_id: string;
  seq: number;
  prev_hash: string;
  hash: string;
  [key: string]: unknown;
}

export interface CouncilHistoryLogOptions extends FileLockOptions {
  /** Clock for `ts`. @default () => new Date() */
  now?: () => Date;
  /** Applied to every string in the data (at any depth) before hashing and writing, e.g. a secret masker. */
  mask?: (text: string) => string;
}

const RESERVED_KEYS = new Set(['ts', 'event', 'session_id', 'seq', 'prev_hash', 'hash']);

/** Where the history lives under a project directory. */
export function councilHistoryPath(projectDirectory: string): string {
  return join(projectDirectory, '.maestro', 'council', 'history_log.jsonl');
}

/** Appends council events; pass it to runCouncil as its `journal`. */
export class CouncilHistoryLog implements CouncilJournal {
  readonly path: string;
  readonly #lockPath: string;
  readonly #options: CouncilHistoryLogOptions;
  readonly #now: () => Date;

  /** No file is touched until the first append; the chain continues whatever is already there. */
  constructor(path: string, options: CouncilHistoryLogOptions = {}) {
    this.path = path;
    this.#lockPath = `${path}.lock`;
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** Appends one event of `sessionId` and returns the record as written. */
  append(sessionId: string, event: string, data: Readonly<Record<string, unknown>> = {}): HistoryRecord {
    for (const key of Object.keys(data)) {
      if (RESERVED_KEYS.has(key))
        throw new TypeError(`History event '${event}' cannot carry the key \`${key}\``);
    }
    makeFolders(dirname(this.path));
    return withFileLock(
      this.#lockPath,
      () => {
        const tail = hasContent(this.path)
          ? recoverChainTail(this.path)
          : { nextSeq: 0, previousHash: GENESIS_HASH };
        const mask = this.#options.mask;
        const body = mask ? (maskStrings(data, mask) as Record<string, unknown>) : data;
        const payload = { ts: formatEventTimestamp(this.#now()), event, session_id: sessionId, ...body };
        const hash = computeEventHash(payload, tail.previousHash);
        const record = { ...payload, seq: tail.nextSeq, prev_hash: tail.previousHash, hash } as HistoryRecord;
        appendLine(this.path, `${pythonDumps(record)}\n`);
        return record;
      },
      this.#options,
    );
  }
}

function maskStrings(value: unknown, mask: (text: string) => string): unknown {
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) return value.map((item) => maskStrings(item, mask));
  if (typeof value !== 'object' || value === null) return value;
  // fromEntries defines own properties, so a key named __proto__ stays data.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskStrings(item, mask)]));
}

function hasContent(path: string): boolean {
  try {
    return statSync(path).size > 0;
  } catch {
    return false;
  }
}

// One Buffer, one write: a kill between writes cannot interleave half lines from two writers.
function appendLine(path: string, line: string): void {
  const descriptor = openSync(path, 'a');
  try {
    const buffer = Buffer.from(line, 'utf8');
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(descriptor, buffer, offset, buffer.length - offset);
  } finally {
    closeSync(descriptor);
  }
}
