// `context_compaction`: shrinking upstream outputs that exceed the context budget while keeping what they
// say. `standard` is one lossless-in-substance pass (terminal escapes, trailing spaces, blank-line runs,
// repeated lines and repeated blocks collapsed into one copy and a count). `progressive` applies harsher
// steps one at a time until the outputs fit: the standard pass, then repeats anywhere and overlong lines,
// then lines without words and runs of spaces, then only the head, the key lines and the tail.
import { isKeyLine } from './key-lines.ts';

export type CompactionLevel = 'none' | 'standard' | 'progressive';

export interface CompactionStep {
  name: string;
  apply: (text: string) => string;
}

export const compactionSteps: readonly CompactionStep[] = [
  { name: 'collapse_repeats', apply: collapseRepeats },
  { name: 'drop_duplicates', apply: dropDuplicatesAndLongLines },
  { name: 'drop_noise', apply: dropNoise },
  { name: 'head_key_tail', apply: headKeyLinesTail },
];

/** The steps a level may apply, mildest first. */
export function stepsFor(level: CompactionLevel): readonly CompactionStep[] {
  if (level === 'standard') return compactionSteps.slice(0, 1);
  if (level === 'progressive') return compactionSteps;
  return [];
}

const ANSI_ESCAPE = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07/g;
const longestBlock = 10;

export function collapseRepeats(text: string): string {
  const lines = text
    .replace(ANSI_ESCAPE, '')
    .split('\n')
    // A progress line redrawn with carriage returns shows only its last state.
    .map((line) => line.slice(line.lastIndexOf('\r') + 1).trimEnd());
  const withoutBlankRuns = lines.filter(
    (line, index) => line !== '' || (index > 0 && lines[index - 1] !== ''),
  );
  return collapseRepeatedBlocks(withoutBlankRuns).join('\n');
}

function collapseRepeatedBlocks(lines: string[]): string[] {
  const result: string[] = [];
  let index = 0;
  while (index < lines.length) {
    let best = { size: 0, repeats: 0 };
    for (let size = 1; size <= longestBlock && index + 2 * size <= lines.length; size += 1) {
      const block = lines.slice(index, index + size);
      if (block.every((line) => line.trim() === '')) continue;
      let repeats = 1;
      while (sameLines(lines, index + repeats * size, block)) repeats += 1;
      if (repeats >= 2 && size * repeats > best.size * best.repeats) best = { size, repeats };
    }
    if (best.repeats >= 2 && best.size * (best.repeats - 1) >= 2) {
      result.push(...lines.slice(index, index + best.size));
      const what = best.size === 1 ? 'previous line' : `previous ${best.size} lines`;
      result.push(`[${what} repeated ${best.repeats - 1} more time${best.repeats - 1 === 1 ? '' : 's'}]`);
      index += best.size * best.repeats;
    } else {
      result.push(lines[index] ?? '');
      index += 1;
    }
  }
  return result;
}

function sameLines(lines: readonly string[], start: number, block: readonly string[]): boolean {
  if (start + block.length > lines.length) return false;
  return block.every((line, offset) => lines[start + offset] === line);
}

const longLine = 400;

export function dropDuplicatesAndLongLines(text: string): string {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const line of text.split('\n')) {
    const key = line.trim();
    if (key.length >= 8) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    kept.push(line.length > longLine ? `${line.slice(0, 240)} […] ${line.slice(-80)}` : line);
  }
  return kept.join('\n');
}

export function dropNoise(text: string): string {
  return text
    .split('\n')
    .filter((line) => line.trim() === '' || /[\p{L}\p{N}]/u.test(line))
    .map((line) => {
      const indent = /^\s*/.exec(line)?.[0] ?? '';
      return indent + line.slice(indent.length).replace(/[ \t]{2,}/g, ' ');
    })
    .filter((line, index, all) => line !== '' || (index > 0 && all[index - 1] !== ''))
    .join('\n');
}

const keepHead = 20;
const keepTail = 20;

export function headKeyLinesTail(text: string): string {
  const lines = text.split('\n');
  if (lines.length <= keepHead + keepTail + 20) return text;
  const middle = lines.slice(keepHead, lines.length - keepTail);
  const key = middle.filter((line) => isKeyLine(line));
  return [
    ...lines.slice(0, keepHead),
    `[… ${middle.length - key.length} of ${middle.length} lines omitted; key lines kept …]`,
    ...key,
    ...lines.slice(-keepTail),
  ].join('\n');
}
