// Splits a `when:` condition into tokens: template references, quoted strings, bare words, operators and
// parentheses. No eval: the condition is data.
import { WhenSyntaxError } from './when-syntax-error.ts';

export type WhenToken =
  | { type: 'reference'; parts: string[]; text: string; column: number }
  | { type: 'string'; value: string; column: number }
  | { type: 'word'; value: string; column: number }
  | { type: 'operator'; value: '==' | '!=' | '<' | '<=' | '>' | '>='; column: number }
  | { type: 'logical'; value: 'and' | 'or' | 'not'; column: number }
  | { type: 'paren'; value: '(' | ')'; column: number };

const REFERENCE_BODY = /^\s*([A-Za-z0-9_\-/]+(?:\.[A-Za-z0-9_\-/]+)*)\s*$/;
const WORD = /[^\s()'"<>=!&|{}]+/y;
const LOGICAL_WORDS: Record<string, 'and' | 'or' | 'not'> = { and: 'and', or: 'or', not: 'not' };

export function tokenizeWhen(text: string): WhenToken[] {
  const tokens: WhenToken[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    const column = index + 1;
    if (/\s/.test(char)) {
      index += 1;
    } else if (text.startsWith('{{', index)) {
      const end = text.indexOf('}}', index + 2);
      if (end < 0) throw new WhenSyntaxError("unclosed '{{'", column);
      const body = REFERENCE_BODY.exec(text.slice(index + 2, end));
      if (!body)
        throw new WhenSyntaxError(
          `'${text.slice(index, end + 2)}' is not a reference like {{ task.status }}`,
          column,
        );
      const reference = body[1] as string;
      tokens.push({
        type: 'reference',
        parts: reference.split('.'),
        text: text.slice(index, end + 2),
        column,
      });
      index = end + 2;
    } else if (char === '"' || char === "'") {
      index = readQuoted(text, index, tokens);
    } else if (char === '(' || char === ')') {
      tokens.push({ type: 'paren', value: char, column });
      index += 1;
    } else if ('=!<>'.includes(char)) {
      index = readOperator(text, index, tokens);
    } else if (text.startsWith('&&', index) || text.startsWith('||', index)) {
      tokens.push({ type: 'logical', value: char === '&' ? 'and' : 'or', column });
      index += 2;
    } else {
      WORD.lastIndex = index;
      const word = WORD.exec(text)?.[0];
      if (!word) throw new WhenSyntaxError(`unexpected character '${char}'`, column);
      const logical = LOGICAL_WORDS[word];
      tokens.push(
        logical ? { type: 'logical', value: logical, column } : { type: 'word', value: word, column },
      );
      index += word.length;
    }
  }
  return tokens;
}

function readQuoted(text: string, start: number, tokens: WhenToken[]): number {
  const quote = text[start];
  let value = '';
  let index = start + 1;
  while (index < text.length) {
    const char = text[index] as string;
    if (char === '\\' && index + 1 < text.length) {
      value += text[index + 1];
      index += 2;
    } else if (char === quote) {
      tokens.push({ type: 'string', value, column: start + 1 });
      return index + 1;
    } else {
      value += char;
      index += 1;
    }
  }
  throw new WhenSyntaxError('unclosed quoted string', start + 1);
}

function readOperator(text: string, start: number, tokens: WhenToken[]): number {
  const two = text.slice(start, start + 2);
  const column = start + 1;
  if (two === '==' || two === '!=' || two === '<=' || two === '>=') {
    tokens.push({ type: 'operator', value: two, column });
    return start + 2;
  }
  const one = text[start];
  if (one === '<' || one === '>') {
    tokens.push({ type: 'operator', value: one, column });
    return start + 1;
  }
  if (one === '!') {
    tokens.push({ type: 'logical', value: 'not', column });
    return start + 1;
  }
  throw new WhenSyntaxError("unexpected '='; compare with '=='", column);
}
