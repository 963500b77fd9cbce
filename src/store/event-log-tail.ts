// Finds where an existing events.jsonl left off so a new writer can continue its chain. A crash can leave
// a final line without its newline; that line is cut away (and one unparsable final line with it) so the
// file ends on a complete, hashed record. Anything worse is reported, never silently truncated.
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { MaestroError } from '../errors/index.ts';
import { GENESIS_HASH } from './event-hash.ts';
import { parseJsonPreservingNumbers, RawNumber } from './python-json.ts';

export interface ChainTail {
  /** `seq` the next event gets. */
  nextSeq: number;
  /** `prev_hash` the next event gets. */
  previousHash: string;
  /** Bytes cut from the end of the file to remove a torn or unparsable final line. */
  truncatedBytes: number;
}

const NEWLINE = 0x0a;
const CHUNK_BYTES = 64 * 1024;
const HASH_PATTERN = /^[0-9a-f]{16}$/;

/** Reads the last record of the log at `filePath` (which must exist), repairing a torn ending. */
export function recoverChainTail(filePath: string): ChainTail {
  const descriptor = openSync(filePath, 'r+');
  try {
    const size = fstatSync(descriptor).size;
    let end = size;
    let droppedCompleteLine = false;
    while (end > 0) {
      const hasNewline = end === size ? endsWithNewline(descriptor, end) : true;
      const start = findLastNewline(descriptor, hasNewline ? end - 1 : end) + 1;
      const line = readRange(descriptor, start, hasNewline ? end - 1 : end).trim();
      const tail = line === '' ? undefined : parseTail(line);
      if (tail !== undefined && !hasNewline) {
        // The record is whole and only its newline is missing: finish the line instead of dropping it.
        writeSync(descriptor, '\n', size);
        return { ...tail, truncatedBytes: 0 };
      }
      if (tail !== undefined) {
        if (end !== size) ftruncateSync(descriptor, end);
        return { ...tail, truncatedBytes: size - end };
      }
      if (!hasNewline) {
        // Bytes after the last newline are a line the writer never finished.
        end = start;
        continue;
      }
      if (line !== '') {
        if (droppedCompleteLine) throw corruptLog(filePath, start);
        droppedCompleteLine = true;
      }
      end = start;
    }
    if (size > 0) ftruncateSync(descriptor, 0);
    return { nextSeq: 0, previousHash: GENESIS_HASH, truncatedBytes: size };
  } finally {
    closeSync(descriptor);
  }
}

function parseTail(line: string): Omit<ChainTail, 'truncatedBytes'> | undefined {
  let record: unknown;
  try {
    record = parseJsonPreservingNumbers(line);
  } catch {
    return undefined;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
  const { seq, hash } = record as Record<string, unknown>;
  const seqValue = seq instanceof RawNumber && !seq.isFloat ? seq.value : undefined;
  if (seqValue === undefined || !Number.isSafeInteger(seqValue) || seqValue < 0) return undefined;
  if (typeof hash !== 'string' || !HASH_PATTERN.test(hash)) return undefined;
  return { nextSeq: seqValue + 1, previousHash: hash };
}

// Index of the last newline before `end`, or -1. Reads backwards in chunks so long lines cost no more
// than their own length.
function findLastNewline(descriptor: number, end: number): number {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let chunkEnd = end;
  while (chunkEnd > 0) {
    const chunkStart = Math.max(0, chunkEnd - CHUNK_BYTES);
    const length = chunkEnd - chunkStart;
    readSync(descriptor, buffer, 0, length, chunkStart);
    const index = buffer.subarray(0, length).lastIndexOf(NEWLINE);
    if (index >= 0) return chunkStart + index;
    chunkEnd = chunkStart;
  }
  return -1;
}

function endsWithNewline(descriptor: number, end: number): boolean {
  const buffer = Buffer.alloc(1);
  readSync(descriptor, buffer, 0, 1, end - 1);
  return buffer[0] === NEWLINE;
}

function readRange(descriptor: number, start: number, end: number): string {
  const buffer = Buffer.allocUnsafe(end - start);
  let offset = 0;
  while (offset < buffer.length) {
    const read = readSync(descriptor, buffer, offset, buffer.length - offset, start + offset);
    if (read === 0) break;
    offset += read;
  }
  return buffer.toString('utf8', 0, offset);
}

function corruptLog(filePath: string, offset: number): MaestroError {
  return new MaestroError({
    code: 'EVENT_LOG_CORRUPT',
    message: `Cannot continue the event log ${filePath}: its last two lines (from byte ${offset}) are not hashed events`,
    hint: 'Run `maestro verify` on the run directory, or start a new run instead of resuming into it.',
  });
}
