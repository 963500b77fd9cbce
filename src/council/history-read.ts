// Reading and verifying history_log.jsonl. Verification recomputes every hash from the line as written
// (numbers kept exactly as serialised), and checks seq continuity and prev_hash links, as `maestro
// verify` does for a run. Reading is lenient: a torn last line (the writer was killed) is skipped.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import {
  computeEventHash,
  eventPayload,
  GENESIS_HASH,
  parseJsonPreservingNumbers,
  RawNumber,
} from '../store/index.ts';
import type { HistoryRecord } from './history-log.ts';

export interface HistoryVerification {
  ok: boolean;
  records: number;
  /** One message per problem, naming the line. */
  problems: string[];
  /**
   * The file ends in an unfinished, unparsable line: a writer was killed mid-append. The chain of the
   * complete lines is unaffected and the next append cuts the torn line away, so this is not a problem.
   */
  tornTail: boolean;
}

/** Every parsable record, in file order; a missing file has none. */
export function readHistory(path: string): HistoryRecord[] {
  const records: HistoryRecord[] = [];
  if (!existsSync(path)) return records;
  forEachLine(path, (line) => {
    if (line.trim() === '') return;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        records.push(value as HistoryRecord);
    } catch {
      // A torn line; verifyHistory reports it.
    }
  });
  return records;
}

/** Checks the whole chain. A missing file is an empty, valid history. */
export function verifyHistory(path: string): HistoryVerification {
  const problems: string[] = [];
  let records = 0;
  let previousHash = GENESIS_HASH;
  if (!existsSync(path)) return { ok: true, records, problems, tornTail: false };
  let unparsableLine = 0;
  const { endsWithNewline, lineCount } = forEachLine(path, (line, lineNumber) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = parseJsonPreservingNumbers(line);
    } catch (error) {
      problems.push(`line ${lineNumber}: not valid JSON (${(error as Error).message})`);
      unparsableLine = lineNumber;
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof RawNumber) {
      problems.push(`line ${lineNumber}: not a JSON object`);
      return;
    }
    const record = value as Record<string, unknown>;
    const where = `line ${lineNumber} (${typeof record.event === 'string' ? record.event : '?'})`;
    if (!(record.seq instanceof RawNumber) || record.seq.text !== String(records)) {
      problems.push(`${where}: seq is ${describe(record.seq)}, expected ${records}`);
    }
    records += 1;
    if (record.prev_hash !== previousHash) {
      problems.push(`${where}: prev_hash is ${describe(record.prev_hash)}, expected ${previousHash}`);
    }
    if (typeof record.hash !== 'string') {
      problems.push(`${where}: no hash recorded`);
      return;
    }
    const recomputed = computeEventHash(eventPayload(record), previousHash);
    if (recomputed !== record.hash) {
      problems.push(
        `${where}: content does not match its hash (recorded ${record.hash}, recomputed ${recomputed})`,
      );
    }
    previousHash = record.hash;
  });
  const tornTail = !endsWithNewline && unparsableLine === lineCount;
  if (tornTail) problems.pop();
  return { ok: problems.length === 0, records, problems, tornTail };
}

function describe(value: unknown): string {
  if (value instanceof RawNumber) return value.text;
  return value === undefined ? 'missing' : JSON.stringify(value);
}

// Chunked, so a long history costs memory in proportion to its longest line.
function forEachLine(
  path: string,
  onLine: (line: string, lineNumber: number) => void,
): { endsWithNewline: boolean; lineCount: number } {
  const descriptor = openSync(path, 'r');
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.allocUnsafe(1 << 20);
  let pending = '';
  let lineNumber = 0;
  try {
    for (;;) {
      const read = readSync(descriptor, buffer, 0, buffer.length, null);
      const text = read === 0 ? decoder.end() : decoder.write(buffer.subarray(0, read));
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line, ++lineNumber);
      if (read === 0) break;
    }
  } finally {
    closeSync(descriptor);
  }
  if (pending !== '') onLine(pending, ++lineNumber);
  return { endsWithNewline: pending === '', lineCount: lineNumber };
}
