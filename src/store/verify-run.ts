// `maestro verify` for a run directory written by Maestro or by maestro-cli: recomputes every event hash
// (numbers re-serialised exactly as Python wrote them), checks seq continuity and prev_hash links, and
// checks every artefact hash recorded by a task_complete event. Stricter than maestro-cli's verifier,
// which ignores unparsable lines, seq numbers and the flat format's prev_hash field.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { computeEventHash, eventPayload, GENESIS_HASH } from './event-hash.ts';
import { parseJsonPreservingNumbers, RawNumber } from './python-json.ts';
import { forEachLine } from './read-lines.ts';
import { assertSafeTaskId } from './run-directory.ts';
import { verifyTaskArtifacts } from './verify-artifacts.ts';

export interface RunVerification {
  /** Events parsed from events.jsonl. */
  events: number;
  /** Every event parsed, numbered in order, linked to its predecessor and hashed correctly. */
  chainValid: boolean;
  /** Every recorded artefact hash matches its file. */
  artifactsValid: boolean;
  /** One message per problem, naming the line or seq and the file concerned. */
  problems: string[];
}

/** Verifies `<runPath>/events.jsonl` and the artefacts it references. */
export function verifyRunDirectory(runPath: string): RunVerification {
  const eventsPath = join(runPath, 'events.jsonl');
  if (!existsSync(eventsPath)) {
    return { events: 0, chainValid: false, artifactsValid: true, problems: [`${eventsPath} is missing`] };
  }
  const chainProblems: string[] = [];
  const artifactProblems: string[] = [];
  let events = 0;
  let previousHash = GENESIS_HASH;
  let lastUnparsableLine = 0;

  const read = readEachLine(eventsPath, (line, lineNumber) => {
    // Python strips each line and skips blank ones.
    const text = line.trim();
    if (text === '') return;
    const record = parseRecord(text);
    if (typeof record === 'string') {
      chainProblems.push(`events.jsonl line ${lineNumber}: ${record}`);
      lastUnparsableLine = lineNumber;
      return;
    }
    const expectedSeq = events;
    events += 1;
    const where = describeEvent(record, lineNumber);
    const seq = record.seq;
    if (!(seq instanceof RawNumber) || seq.text !== String(expectedSeq)) {
      chainProblems.push(
        `${where}: seq is ${describeValue(seq)}, expected ${expectedSeq} (events missing or reordered)`,
      );
    }
    // maestro-cli's verifier also reads a nested `{payload: {...}}` form; hash what it would hash. Only a
    // record that is nothing else: a field beside `payload` would be shown without being hashed.
    const nested = record.payload;
    const payload = isPlainObject(nested) && isNestedForm(record) ? nested : eventPayload(record);
    if (record.prev_hash !== previousHash) {
      chainProblems.push(
        `${where}: prev_hash is ${describeValue(record.prev_hash)}, but the previous event's hash is ${previousHash}`,
      );
    }
    const recordedHash = record.hash;
    if (typeof recordedHash !== 'string') {
      chainProblems.push(`${where}: no hash recorded`);
    } else {
      const recomputed = hashOrProblem(payload, previousHash);
      if (recomputed === undefined) {
        chainProblems.push(`${where}: nested too deeply to be hashed`);
      } else if (recomputed !== recordedHash) {
        chainProblems.push(
          `${where}: content does not match its hash (recorded ${recordedHash}, recomputed ${recomputed}): the event was edited`,
        );
      }
      previousHash = recordedHash;
    }
    const eventType = 'type' in payload ? payload.type : payload.event;
    if (eventType === 'task_complete') {
      artifactProblems.push(...verifyTaskArtifacts(runPath, payload, where));
      // A group task's sub-plan ran as a run of its own in <run>/<task id>/: nothing in this chain covers
      // its chain or files, so they are verified too.
      const nested = nestedRunOf(runPath, payload.task_id);
      if (nested) {
        const report = verifyRunDirectory(nested.path);
        const named = (problem: string) => `${nested.taskId}/${problem.replace(`${nested.path}/`, '')}`;
        if (!report.chainValid) chainProblems.push(...report.problems.map(named));
        else if (!report.artifactsValid) artifactProblems.push(...report.problems.map(named));
      }
    }
  });

  if (typeof read === 'string') {
    return { events, chainValid: false, artifactsValid: true, problems: [`${eventsPath} ${read}`] };
  }
  const { lineCount, endsWithNewline } = read;
  if (lastUnparsableLine === lineCount && lineCount > 0 && !endsWithNewline) {
    chainProblems[chainProblems.length - 1] += ' (an incomplete final line: the writer was interrupted)';
  }
  if (events === 0 && chainProblems.length === 0) chainProblems.push('events.jsonl holds no events');
  return {
    events,
    chainValid: chainProblems.length === 0,
    artifactsValid: artifactProblems.length === 0,
    problems: [...chainProblems, ...artifactProblems],
  };
}

// The run folder a group task's sub-plan wrote, when there is one inside this run.
function nestedRunOf(runPath: string, taskId: unknown): { taskId: string; path: string } | undefined {
  if (typeof taskId !== 'string' || taskId === '') return undefined;
  try {
    assertSafeTaskId(runPath, taskId);
  } catch {
    return undefined;
  }
  const path = join(runPath, taskId);
  return existsSync(join(path, 'events.jsonl')) ? { taskId, path } : undefined;
}

// Every line, or why the file cannot be read (a folder, no permission, a read error).
function readEachLine(
  path: string,
  onLine: (line: string, lineNumber: number) => void,
): ReturnType<typeof forEachLine> | string {
  try {
    return forEachLine(path, onLine);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    return code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code})`;
  }
}

const NESTED_FORM_KEYS: ReadonlySet<string> = new Set(['payload', 'seq', 'prev_hash', 'hash']);

function isNestedForm(record: Readonly<Record<string, unknown>>): boolean {
  return Object.keys(record).every((key) => NESTED_FORM_KEYS.has(key));
}

// The event's hash, or undefined for a value nested beyond what the serialiser's recursion can take
// (a line that still parses: JSON.parse goes deeper than a recursive writer).
function hashOrProblem(payload: Readonly<Record<string, unknown>>, previousHash: string): string | undefined {
  try {
    return computeEventHash(payload, previousHash);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

// The parsed record, or a description of why the line is not one.
function parseRecord(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = parseJsonPreservingNumbers(text);
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
  return isPlainObject(value) ? value : 'not a JSON object';
}

function describeEvent(record: Readonly<Record<string, unknown>>, lineNumber: number): string {
  const seq = record.seq instanceof RawNumber ? record.seq.text : '?';
  const event = typeof record.event === 'string' ? ` ${record.event}` : '';
  const task = typeof record.task_id === 'string' ? ` task '${record.task_id}'` : '';
  return `events.jsonl line ${lineNumber} (seq ${seq}${event}${task})`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value instanceof RawNumber) return value.text;
  return JSON.stringify(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RawNumber)
  );
}
