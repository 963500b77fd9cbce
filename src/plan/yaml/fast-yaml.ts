// A fast reader for the YAML that plans are made of: block mappings and sequences, plain and quoted
// one-line scalars, one-line flow collections, and literal/folded block scalars. It records
// where every key and value starts. Anything else (anchors, tags, multi-line flow or quoted scalars,
// unusual numbers, odd indentation, ...) makes it give up, and the full `yaml` parser takes over; so it
// never has to produce an error message. Property tests check it against the full parser.
import { fold, isSequenceEntry, keyEnd, plainText, readKey } from './fast-yaml-lines.ts';
import {
  bail,
  expectLineEnd,
  FastYamlBail,
  type FlowDuplicate,
  keyText,
  plainValue,
  readFlow,
  readQuoted,
  skipSpaces,
} from './fast-yaml-scalars.ts';

export interface FastYamlResult {
  value: unknown;
  /** Start offset of the root value. */
  rootOffset: number;
  /** Per mapping: key -> [offset of the key, offset of the value]. */
  mappingOffsets: Map<object, Map<string, [number, number]>>;
  /** Per sequence: offset of each item. */
  sequenceOffsets: Map<unknown[], number[]>;
  /** Keys written again in the same mapping (the last value is kept): where, and where before. */
  duplicateKeys: { key: string; offset: number; previousOffset: number }[];
  lineStarts: number[];
}

// Characters the fast reader does not handle: tabs, carriage returns, BOM, control characters and the
// line separators YAML treats specially.
const UNSUPPORTED_TEXT = /[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufeff]/;
const MAX_DEPTH = 64;

/** The parsed document, or undefined when the text needs the full parser. */
export function fastParseYaml(text: string): FastYamlResult | undefined {
  if (UNSUPPORTED_TEXT.test(text)) return undefined;
  try {
    return new FastYamlReader(text).read();
  } catch (error) {
    if (error instanceof FastYamlBail) return undefined;
    throw error;
  }
}

class FastYamlReader {
  readonly #lines: string[];
  readonly #lineStarts: number[] = [];
  // Plain maps: the result keeps its values alive anyway, and WeakMap insertions cost several times more.
  readonly #mappingOffsets = new Map<object, Map<string, [number, number]>>();
  readonly #sequenceOffsets = new Map<unknown[], number[]>();
  readonly #duplicateKeys: FastYamlResult['duplicateKeys'] = [];
  /** Indentation per line, computed on first use (-1: not yet). */
  readonly #indents: Int32Array;
  #line = 0;
  #depth = 0;

  constructor(text: string) {
    this.#lines = text.split('\n');
    let offset = 0;
    for (const line of this.#lines) {
      this.#lineStarts.push(offset);
      offset += line.length + 1;
    }
    this.#indents = new Int32Array(this.#lines.length).fill(-1);
  }

  read(): FastYamlResult {
    this.#skipComments();
    const first = this.#lines[this.#line];
    if (first !== undefined && /^---(?: +#.*)?$/.test(first)) this.#line += 1;
    this.#skipBlank();
    let value: unknown = null;
    let rootOffset = 0;
    if (this.#line < this.#lines.length) {
      const indent = this.#indentOf(this.#line);
      rootOffset = this.#offset(this.#line, indent);
      value = this.#blockNode(indent, -1);
      this.#skipBlank();
      if (this.#line < this.#lines.length) bail();
    }
    return {
      value,
      rootOffset,
      mappingOffsets: this.#mappingOffsets,
      sequenceOffsets: this.#sequenceOffsets,
      duplicateKeys: this.#duplicateKeys,
      lineStarts: this.#lineStarts,
    };
  }

  // A node whose first line is the current line, indented by `indent`, inside a parent at `parentIndent`.
  #blockNode(indent: number, parentIndent: number): unknown {
    this.#depth += 1;
    if (this.#depth > MAX_DEPTH) bail();
    const line = this.#lines[this.#line] as string;
    let value: unknown;
    if (isSequenceEntry(line, indent)) value = this.#sequence(indent);
    else if (keyEnd(line, indent) !== undefined) value = this.#mapping(indent);
    else value = this.#inlineValue(line, indent, parentIndent);
    this.#depth -= 1;
    return value;
  }

  // Entries at column `indent`. The first one may sit on a line that starts with `- ` (a mapping inside a
  // sequence item); the others start their own lines.
  #mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    const offsets = new Map<string, [number, number]>();
    this.#mappingOffsets.set(map, offsets);
    let first = true;
    while (this.#line < this.#lines.length) {
      const line = this.#lines[this.#line] as string;
      if (!first && (this.#indentOf(this.#line) !== indent || isSequenceEntry(line, indent))) break;
      first = false;
      const colon = keyEnd(line, indent) ?? bail();
      const key = keyText(readKey(line, indent, colon));
      const valueStart = skipSpaces(line, colon + 1);
      const keyOffset = this.#offset(this.#line, indent);
      // As the full parser: the last value wins (in the first key's place), and the repeat is noted.
      const previous = offsets.get(key);
      if (previous) this.#duplicateKeys.push({ key, offset: keyOffset, previousOffset: previous[0] });
      let valueOffset: number;
      if (valueStart >= line.length || line[valueStart] === '#') {
        this.#line += 1;
        [map[key], valueOffset] = this.#nestedValue(indent, this.#offset(this.#line - 1, valueStart), true);
      } else {
        valueOffset = this.#offset(this.#line, valueStart);
        map[key] = this.#inlineValue(line, valueStart, indent);
      }
      offsets.set(key, [keyOffset, valueOffset]);
      this.#skipBlank();
    }
    return map;
  }

  #sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    const offsets: number[] = [];
    this.#sequenceOffsets.set(items, offsets);
    while (this.#line < this.#lines.length && this.#indentOf(this.#line) === indent) {
      const line = this.#lines[this.#line] as string;
      if (!isSequenceEntry(line, indent)) break;
      const start = skipSpaces(line, indent + 1);
      if (start >= line.length || line[start] === '#') {
        this.#line += 1;
        const [value, offset] = this.#nestedValue(indent, this.#offset(this.#line - 1, start), false);
        items.push(value);
        offsets.push(offset);
      } else if (isSequenceEntry(line, start)) {
        bail();
      } else {
        offsets.push(this.#offset(this.#line, start));
        this.#depth += 1;
        if (this.#depth > MAX_DEPTH) bail();
        items.push(
          keyEnd(line, start) !== undefined ? this.#mapping(start) : this.#inlineValue(line, start, indent),
        );
        this.#depth -= 1;
      }
      this.#skipBlank();
    }
    return items;
  }

  // The value of `key:` / `-` with nothing after it on the line: a deeper block, an indentless
  // sequence, or null.
  #nestedValue(parentIndent: number, emptyOffset: number, mappingValue: boolean): [unknown, number] {
    this.#skipBlank();
    if (this.#line >= this.#lines.length) return [null, emptyOffset];
    const indent = this.#indentOf(this.#line);
    const line = this.#lines[this.#line] as string;
    const offset = this.#offset(this.#line, indent);
    if (indent > parentIndent) return [this.#blockNode(indent, parentIndent), offset];
    // An indentless sequence: `key:` followed by `- item` lines at the key's own column.
    if (mappingValue && indent === parentIndent && isSequenceEntry(line, indent))
      return [this.#sequence(indent), offset];
    return [null, emptyOffset];
  }

  // A scalar, flow collection or block scalar starting at `start` on the current line. The current
  // line is consumed; a plain scalar must not continue on the next line.
  #inlineValue(line: string, start: number, parentIndent: number): unknown {
    const first = line[start];
    let value: unknown;
    if (first === '|' || first === '>') return this.#blockScalar(line, start, parentIndent);
    if (first === '"' || first === "'") {
      const quoted = readQuoted(line, start);
      expectLineEnd(line, quoted.end);
      value = quoted.value;
    } else if (first === '[' || first === '{') {
      const lineOffset = this.#offset(this.#line, 0);
      const flow = readFlow(line, start, (collection, columns, duplicates) =>
        this.#recordFlow(collection, columns, lineOffset, duplicates),
      );
      expectLineEnd(line, flow.end);
      value = flow.value;
    } else {
      value = plainValue(plainText(line, start));
    }
    this.#line += 1;
    this.#skipBlank();
    // A deeper line right after a one-line value is a multi-line plain scalar (or an error).
    if (this.#line < this.#lines.length && this.#indentOf(this.#line) > parentIndent) bail();
    return value;
  }

  #recordFlow(
    collection: unknown[] | Record<string, unknown>,
    columns: number[] | Map<string, [number, number]>,
    lineOffset: number,
    duplicates: readonly FlowDuplicate[],
  ): void {
    for (const { key, column, previousColumn } of duplicates) {
      this.#duplicateKeys.push({
        key,
        offset: lineOffset + column,
        previousOffset: lineOffset + previousColumn,
      });
    }
    if (Array.isArray(collection)) {
      this.#sequenceOffsets.set(
        collection,
        (columns as number[]).map((column) => lineOffset + column),
      );
      return;
    }
    const offsets = new Map<string, [number, number]>();
    for (const [key, [keyColumn, valueColumn]] of columns as Map<string, [number, number]>) {
      offsets.set(key, [lineOffset + keyColumn, lineOffset + valueColumn]);
    }
    this.#mappingOffsets.set(collection, offsets);
  }

  #blockScalar(line: string, start: number, parentIndent: number): string {
    const header = /^([|>])([-+]?)(?: +#.*| *)$/.exec(line.slice(start)) ?? bail();
    const [, style, chomping] = header;
    if (chomping === '+') bail();
    this.#line += 1;
    const body: string[] = [];
    let blockIndent = -1;
    let longestLeadingBlank = 0;
    while (this.#line < this.#lines.length) {
      const text = this.#lines[this.#line] as string;
      const indent = this.#indentOf(this.#line);
      if (indent === text.length) {
        // Blank lines with spaces beyond the block indentation are content; leave them to the parser.
        if (blockIndent >= 0 && text.length > blockIndent) bail();
        longestLeadingBlank = Math.max(longestLeadingBlank, text.length);
        body.push('');
      } else {
        if (blockIndent < 0) {
          if (indent <= parentIndent) break;
          blockIndent = indent;
          if (longestLeadingBlank > blockIndent) bail();
        }
        if (indent < blockIndent) break;
        body.push(text.slice(blockIndent));
      }
      this.#line += 1;
    }
    if (this.#line >= this.#lines.length && !this.#endsWithNewline()) bail();
    while (body.length > 0 && body.at(-1) === '') body.pop();
    if (body.length === 0) return '';
    const content = style === '|' ? body.join('\n') : fold(body);
    return chomping === '-' ? content : `${content}\n`;
  }

  #endsWithNewline(): boolean {
    return this.#lines.at(-1) === '';
  }

  #skipComments(): void {
    while (this.#line < this.#lines.length && /^\s*(?:#.*)?$/.test(this.#lines[this.#line] as string))
      this.#line += 1;
  }

  #skipBlank(): void {
    while (this.#line < this.#lines.length) {
      const text = this.#lines[this.#line] as string;
      const indent = this.#indentOf(this.#line);
      if (indent < text.length && text[indent] !== '#') {
        if (text.startsWith('---') || text.startsWith('...')) bail();
        return;
      }
      this.#line += 1;
    }
  }

  #indentOf(line: number): number {
    let indent = this.#indents[line] as number;
    if (indent >= 0) return indent;
    const text = this.#lines[line] as string;
    indent = 0;
    while (text.charCodeAt(indent) === 32) indent += 1;
    this.#indents[line] = indent;
    return indent;
  }

  #offset(line: number, column: number): number {
    return (this.#lineStarts[line] ?? 0) + column;
  }
}
