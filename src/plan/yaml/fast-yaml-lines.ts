// Line-level pieces of the fast YAML reader: recognising `- ` entries and `key:` entries, plain scalar
// text, and folding of `>` block scalars. Like the rest of the reader they give up (FastYamlBail) on
// anything the full parser should decide.
import {
  bail,
  FastYamlBail,
  plainValue,
  readQuoted,
  skipSpaces,
  startsWithIndicator,
} from './fast-yaml-scalars.ts';

export function isSequenceEntry(line: string, column: number): boolean {
  return line[column] === '-' && (column + 1 === line.length || line[column + 1] === ' ');
}

// Index of the `:` that ends a key starting at `column`, or undefined when the line is no `key:` entry.
export function keyEnd(line: string, column: number): number | undefined {
  const first = line[column];
  if (first === '"' || first === "'") {
    let end: number;
    try {
      end = readQuoted(line, column).end;
    } catch (error) {
      if (error instanceof FastYamlBail) return undefined;
      throw error;
    }
    const colon = skipSpaces(line, end);
    return line[colon] === ':' && (colon + 1 === line.length || line[colon + 1] === ' ') ? colon : undefined;
  }
  if (startsWithIndicator(line, column)) return undefined;
  // The first `: ` (or a `:` ending the line), unless a ` #` comment starts before it.
  let colon = line.indexOf(':', column);
  while (colon >= 0 && colon + 1 < line.length && line[colon + 1] !== ' ')
    colon = line.indexOf(':', colon + 1);
  if (colon < 0) return undefined;
  const comment = line.indexOf(' #', column);
  return comment >= 0 && comment + 1 < colon ? undefined : colon;
}

export function readKey(line: string, column: number, colon: number): unknown {
  const first = line[column];
  if (first === '"' || first === "'") return readQuoted(line, column).value;
  const text = line.slice(column, colon).trimEnd();
  if (text === '' || text.includes(': ')) bail();
  return plainValue(text);
}

// A plain scalar runs to the end of the line or to a ` #` comment.
export function plainText(line: string, start: number): string {
  if (startsWithIndicator(line, start)) bail();
  const comment = line.indexOf(' #', start);
  const text = (comment < 0 ? line.slice(start) : line.slice(start, comment)).trim();
  if (text.includes(': ') || text.endsWith(':')) bail();
  return text;
}

// Folded scalar: lines join with a space, blank lines become newlines. More-indented lines keep their
// breaks in YAML; those are left to the full parser.
export function fold(body: readonly string[]): string {
  let text = '';
  let blanks = 0;
  let started = false;
  for (const line of body) {
    if (line === '') {
      blanks += 1;
      continue;
    }
    if (line.startsWith(' ')) bail();
    if (!started) text += '\n'.repeat(blanks);
    else text += blanks > 0 ? '\n'.repeat(blanks) : ' ';
    text += line;
    blanks = 0;
    started = true;
  }
  return text;
}
