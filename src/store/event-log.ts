// The append-only, hash-chained events.jsonl of one run, written in maestro-cli's format so that either
// tool's `verify` accepts it. One file descriptor stays open for the whole run. Lines appended in the same
// event-loop turn leave in one write() at the end of that turn (a write per event was a tenth of a cached
// re-run's time); whole lines only, so a killed process leaves at most a torn final line, which the next
// writer repairs, and loses at most the events of its last turn. `flush()` writes at once; closing and
// process exit flush too.
import { closeSync, existsSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { GENESIS_HASH } from './event-hash.ts';
import { recoverChainTail } from './event-log-tail.ts';
import { makeFolders } from './make-folders.ts';
import { compareCodePoints, pythonDumps, quotePythonString, RawNumber } from './python-json.ts';
import { formatEventTimestamp } from './python-time.ts';
import { shortSha256 } from './short-hash.ts';

/** One line of events.jsonl: `{ts, event, plan_name, ...data, seq, prev_hash, hash}` in that order. */
export interface EventRecord {
  ts: string;
  event: string;
  plan_name: string;
  seq: number;
  prev_hash: string;
  hash: string;
  [key: string]: unknown;
}

export interface EventLogOptions {
  /** Path of events.jsonl. An existing file is continued (its chain extended), not replaced. */
  path: string;
  planName: string;
  /** Applied to every string value (plan name and data, at any depth) before hashing and writing. */
  mask?: (text: string) => string;
  /**
   * Called with each record as it is appended, with the exact line (without its newline). The line reaches
   * the file at the end of the current event-loop turn.
   */
  onRecord?: (record: EventRecord, line: string) => void;
  /** Clock for `ts`. @default () => new Date() */
  now?: () => Date;
}

// Logs still open, flushed when the process exits (one listener for all of them).
const openLogs = new Set<EventLog>();

function trackOpenLog(log: EventLog): void {
  if (openLogs.size === 0) process.on('exit', flushOpenLogs);
  openLogs.add(log);
}

function untrackOpenLog(log: EventLog): void {
  openLogs.delete(log);
  if (openLogs.size === 0) process.off('exit', flushOpenLogs);
}

function flushOpenLogs(): void {
  for (const log of openLogs) {
    try {
      log.flush();
    } catch {
      // Exiting: nothing left to report to.
    }
  }
}

// Pending text beyond this many characters is written at once rather than at the end of the turn.
const flushAtLength = 64 * 1024;

// `seq`, `prev_hash` and `hash` belong to the chain; `ts`, `event` and `plan_name` are set by the log. A
// top-level object named `payload` would make maestro-cli's verifier read the line in its nested format.
const RESERVED_KEYS = new Set(['ts', 'event', 'plan_name', 'seq', 'prev_hash', 'hash']);

export class EventLog {
  readonly path: string;
  /** Bytes cut from the end of an existing file to repair a torn final line (0 for a new file). */
  readonly truncatedBytes: number;
  readonly #planName: string;
  readonly #mask: ((text: string) => string) | undefined;
  readonly #onRecord: ((record: EventRecord, line: string) => void) | undefined;
  readonly #now: () => Date;
  #descriptor: number | undefined;
  #pending = '';
  // Bytes of a flush that failed part-way (a full disk): written before anything newer, and only they, so
  // that the part already in the file is not written twice.
  #unwritten: Buffer | undefined;
  #flushScheduled: NodeJS.Immediate | undefined;
  // A failed deferred write: thrown by the next append or close, so the run fails through its usual path.
  #writeError: Error | undefined;
  #nextSeq: number;
  #previousHash: string;
  // Events come several to a millisecond: the last `ts` text is reused while the clock reads the same.
  #lastTime = Number.NaN;
  #lastTimestamp = '';

  private constructor(options: EventLogOptions) {
    this.path = options.path;
    this.#planName = options.planName;
    this.#mask = options.mask;
    this.#onRecord = options.onRecord;
    this.#now = options.now ?? (() => new Date());
    makeFolders(dirname(options.path));
    const tail = existsSync(options.path)
      ? recoverChainTail(options.path)
      : { nextSeq: 0, previousHash: GENESIS_HASH, truncatedBytes: 0 };
    this.truncatedBytes = tail.truncatedBytes;
    this.#nextSeq = tail.nextSeq;
    this.#previousHash = tail.previousHash;
    this.#descriptor = openSync(options.path, 'a');
    trackOpenLog(this);
  }

  /**
   * Opens (creating or continuing) the event log of a run.
   *
   * @example
   * const log = EventLog.open({ path: join(runPath, 'events.jsonl'), planName: 'demo' });
   * log.append('task_start', { task_id: 'a', wave: 0, engine: null, model: null });
   * log.close();
   */
  static open(options: EventLogOptions): EventLog {
    return new EventLog(options);
  }

  /** `seq` of the next event. */
  get nextSeq(): number {
    return this.#nextSeq;
  }

  /** `hash` of the last event written, or the genesis hash. */
  get lastHash(): string {
    return this.#previousHash;
  }

  get isClosed(): boolean {
    return this.#descriptor === undefined;
  }

  /** Appends one event and returns the record as written. */
  append(event: string, data: Readonly<Record<string, unknown>> = {}): EventRecord {
    if (this.#descriptor === undefined) throw new Error(`Event log ${this.path} is closed`);
    if (this.#writeError) throw this.#writeError;
    checkDataKeys(event, data);
    const mask = this.#mask;
    const payload: Record<string, unknown> = {
      ts: this.#timestamp(),
      event,
      plan_name: mask ? mask(this.#planName) : this.#planName,
      ...(mask ? (maskStrings(data, mask) as Record<string, unknown>) : data),
    };
    const { hash, line } = serializeEvent(payload, this.#nextSeq, this.#previousHash);
    // The payload becomes the record: a copy with the chain keys added cost half of an append.
    const record = payload as EventRecord;
    record.seq = this.#nextSeq;
    record.prev_hash = this.#previousHash;
    record.hash = hash;
    this.#pending += `${line}\n`;
    if (this.#pending.length >= flushAtLength) this.flush();
    else this.#flushScheduled ??= setImmediate(() => this.#flushLater());
    this.#nextSeq += 1;
    this.#previousHash = hash;
    this.#onRecord?.(record, line);
    return record;
  }

  #timestamp(): string {
    const now = this.#now();
    const time = now.getTime();
    if (time !== this.#lastTime) {
      this.#lastTime = time;
      this.#lastTimestamp = formatEventTimestamp(now);
    }
    return this.#lastTimestamp;
  }

  /**
   * Writes the lines appended so far (they are otherwise written at the end of the current turn). Throws
   * when the write fails; what was not written stays pending (and only that is written next time).
   */
  flush(): void {
    clearImmediate(this.#flushScheduled);
    this.#flushScheduled = undefined;
    if (this.#descriptor === undefined) return;
    if (this.#pending === '' && this.#unwritten === undefined) return;
    // One Buffer keeps the whole text in a single write in the normal case.
    const text = Buffer.from(this.#pending, 'utf8');
    const bytes = this.#unwritten ? Buffer.concat([this.#unwritten, text]) : text;
    this.#pending = '';
    this.#unwritten = undefined;
    let offset = 0;
    try {
      // writeSync may write fewer bytes than asked (never for regular files on Linux, but the API allows it).
      while (offset < bytes.length)
        offset += writeSync(this.#descriptor, bytes, offset, bytes.length - offset);
      this.#writeError = undefined;
    } catch (error) {
      this.#unwritten = bytes.subarray(offset);
      this.#writeError = error as Error;
      throw error;
    }
  }

  // The end-of-turn write has no caller to throw to: its error waits for the next append or close.
  #flushLater(): void {
    try {
      this.flush();
    } catch {
      // kept in #writeError
    }
  }

  /** Flushes to disk and closes the file. Safe to call more than once. */
  close(): void {
    if (this.#descriptor === undefined) return;
    untrackOpenLog(this);
    const descriptor = this.#descriptor;
    // The first failure is the one reported; the file is closed either way.
    let failure: unknown;
    try {
      this.flush();
    } catch (error) {
      failure = error;
    }
    this.#descriptor = undefined;
    try {
      fsyncSync(descriptor);
    } catch (error) {
      failure ??= error;
    } finally {
      closeSync(descriptor);
    }
    if (failure !== undefined) throw failure;
  }
}

/**
 * The chain hash and the line of one event, each member serialised once where its text does not depend
 * on key order (strings, numbers, null: nearly every member): the hash covers the payload with sorted keys
 * (see event-hash.ts), the line keeps the order it was given in.
 */
function serializeEvent(
  payload: Readonly<Record<string, unknown>>,
  seq: number,
  previousHash: string,
): { hash: string; line: string } {
  const keys = Object.keys(payload);
  const inOrder: string[] = [];
  const sortedMembers: [string, string][] = [];
  for (const key of keys) {
    let value = payload[key];
    // As the whole-record dump did: toJSON() is honoured (once), and members with no JSON form dropped.
    if (value !== null && typeof value === 'object' && !(value instanceof RawNumber)) {
      const withToJson = value as { toJSON?: () => unknown };
      if (typeof withToJson.toJSON === 'function') value = withToJson.toJSON();
    }
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    const quotedKey = quotePythonString(key);
    if (value !== null && typeof value === 'object' && !(value instanceof RawNumber)) {
      const sortedText = pythonDumps(value, { sortKeys: true });
      inOrder.push(`${quotedKey}: ${pythonDumps(value)}`);
      sortedMembers.push([key, `${quotedKey}: ${sortedText}`]);
      continue;
    }
    const text = pythonDumps(value);
    inOrder.push(`${quotedKey}: ${text}`);
    sortedMembers.push([key, `${quotedKey}: ${text}`]);
  }
  sortedMembers.sort((left, right) => compareCodePoints(left[0], right[0]));
  let sortedText = '{';
  for (let index = 0; index < sortedMembers.length; index += 1) {
    if (index > 0) sortedText += ', ';
    sortedText += sortedMembers[index]![1];
  }
  const hash = shortSha256(`${sortedText}}${previousHash}`);
  const line = `{${inOrder.join(', ')}, "seq": ${seq}, "prev_hash": ${quotePythonString(previousHash)}, "hash": "${hash}"}`;
  return { hash, line };
}

function checkDataKeys(event: string, data: Readonly<Record<string, unknown>>): void {
  for (const key of Object.keys(data)) {
    if (RESERVED_KEYS.has(key)) {
      throw new TypeError(`Event '${event}' cannot carry the key \`${key}\`: the event log sets it`);
    }
  }
  const payload = data.payload;
  if (
    typeof payload === 'object' &&
    payload !== null &&
    !Array.isArray(payload) &&
    !(payload instanceof RawNumber)
  ) {
    throw new TypeError(
      `Event '${event}' cannot carry an object under \`payload\`: maestro-cli's verifier would read it as the event`,
    );
  }
}

function maskStrings(value: unknown, mask: (text: string) => string): unknown {
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) return value.map((item) => maskStrings(item, mask));
  if (typeof value !== 'object' || value === null || value instanceof RawNumber) return value;
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return maskStrings(withToJson.toJSON(), mask);
  // fromEntries defines own properties, so a key named __proto__ stays data.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskStrings(item, mask)]));
}
