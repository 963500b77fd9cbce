// The tokens of a policy rule (Python's expression lexicon: names, keywords, numbers, strings with their
// prefixes, operators, brackets balanced), for the syntax check in policy-rule.ts.

export class RuleSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

export type TokenKind = 'name' | 'keyword' | 'number' | 'string' | 'op' | 'newline' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  /** 1-based offset in the rule. */
  column: number;
}

const KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

// Longest first, so `**=` is not read as `**` and `=`.
const OPERATORS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '->',
  ':=',
  '**',
  '//',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '@',
  '&',
  '|',
  '^',
  '~',
  '<',
  '>',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '.',
  ';',
  '=',
  '!',
];
const CLOSING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const STRING_PREFIXES = new Set(['r', 'u', 'f', 'b', 'br', 'rb', 'fr', 'rf']);
const NAME_START = /[\p{ID_Start}_]/u;
const NAME_PART = /[\p{ID_Start}\p{ID_Continue}_]*/uy;
const NUMBER =
  /0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][-+]?\d(?:_?\d)*)?[jJ]?/y;
// Python lets these keywords touch a number (`1if x else 2`); any other letter after one is an error.
const KEYWORDS_AFTER_NUMBER = ['and', 'else', 'for', 'if', 'in', 'is', 'not', 'or'];

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const open: Token[] = [];
  let index = 0;
  let lineHasTokens = false;
  const fail = (message: string, at = index): never => {
    throw new RuleSyntaxError(message, at + 1);
  };
  while (index < text.length) {
    const char = text[index] as string;
    if (char === ' ' || char === '\t') {
      // Indentation is a statement's business: an expression may not start indented.
      if (tokens.length === 0 && !lineHasTokens && !/^[ \t]*(?:#|\r|\n|$)/.test(text.slice(index)))
        fail('unexpected indent');
      index += 1;
    } else if (char === '\n' || char === '\r') {
      // Inside brackets a line break is only space; outside, it ends the expression.
      if (open.length === 0 && lineHasTokens) tokens.push({ kind: 'newline', text: '\n', column: index + 1 });
      lineHasTokens = false;
      index += char === '\r' && text[index + 1] === '\n' ? 2 : 1;
    } else if (char === '#') {
      while (index < text.length && text[index] !== '\n' && text[index] !== '\r') index += 1;
    } else if (char === '\\') {
      const next = text[index + 1];
      if (next === '\n') index += 2;
      else if (next === '\r') index += text[index + 2] === '\n' ? 3 : 2;
      else fail('unexpected character after line continuation character');
    } else {
      lineHasTokens = true;
      index = readToken(text, index, tokens, open, fail);
    }
  }
  const unclosed = open.at(-1);
  if (unclosed) throw new RuleSyntaxError(`'${unclosed.text}' was never closed`, unclosed.column);
  tokens.push({ kind: 'end', text: '', column: text.length + 1 });
  return tokens;
}

function readToken(
  text: string,
  start: number,
  tokens: Token[],
  open: Token[],
  fail: (message: string, at?: number) => never,
): number {
  const char = text[start] as string;
  const column = start + 1;
  if (NAME_START.test(char)) {
    NAME_PART.lastIndex = start;
    const word = (NAME_PART.exec(text) as RegExpExecArray)[0];
    const end = start + word.length;
    const quote = text[end];
    if ((quote === '"' || quote === "'") && STRING_PREFIXES.has(word.toLowerCase()))
      return readString(text, start, end, tokens, fail);
    tokens.push({ kind: KEYWORDS.has(word) ? 'keyword' : 'name', text: word, column });
    return end;
  }
  if (char === '"' || char === "'") return readString(text, start, start, tokens, fail);
  if (/\d/.test(char) || (char === '.' && /\d/.test(text[start + 1] ?? ''))) {
    NUMBER.lastIndex = start;
    const number = (NUMBER.exec(text) as RegExpExecArray)[0];
    const end = start + number.length;
    if (/^0+[1-9]/.test(number.replace(/_/g, '')) && /^[\d_]+$/.test(number))
      fail('leading zeros in decimal integer literals are not permitted');
    const after = text[end] ?? '';
    if (/\d/.test(after)) fail('invalid digit in number', end);
    if (NAME_START.test(after) && !KEYWORDS_AFTER_NUMBER.some((keyword) => text.startsWith(keyword, end)))
      fail('invalid number', end);
    tokens.push({ kind: 'number', text: number, column });
    return end;
  }
  const operator = OPERATORS.find((candidate) => text.startsWith(candidate, start));
  if (!operator) return fail(`invalid character '${char}'`);
  const token: Token = { kind: 'op', text: operator, column };
  if (operator in CLOSING) open.push(token);
  else if (operator === ')' || operator === ']' || operator === '}') {
    const opening = open.pop();
    if (!opening) fail(`unmatched '${operator}'`);
    else if (CLOSING[opening.text] !== operator)
      fail(`closing parenthesis '${operator}' does not match opening parenthesis '${opening.text}'`);
  }
  tokens.push(token);
  return start + operator.length;
}

// `prefixEnd` is where the quotes start (after r, b, f, ...).
function readString(
  text: string,
  start: number,
  prefixEnd: number,
  tokens: Token[],
  fail: (message: string, at?: number) => never,
): number {
  const quote = text[prefixEnd] as string;
  const triple = text.startsWith(quote.repeat(3), prefixEnd);
  const delimiter = triple ? quote.repeat(3) : quote;
  const bytes = text.slice(start, prefixEnd).toLowerCase().includes('b');
  let index = prefixEnd + delimiter.length;
  while (index < text.length) {
    const char = text[index] as string;
    if (char === '\\') {
      // An escaped quote or line break never ends the string, in raw strings too.
      index += text[index + 1] === '\r' && text[index + 2] === '\n' ? 3 : 2;
      continue;
    }
    if (text.startsWith(delimiter, index)) {
      tokens.push({ kind: 'string', text: text.slice(start, index + delimiter.length), column: start + 1 });
      return index + delimiter.length;
    }
    if (!triple && (char === '\n' || char === '\r')) break;
    if (bytes && char.charCodeAt(0) > 0x7f) fail('bytes can only contain ASCII literal characters', start);
    index += 1;
  }
  return fail(triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal', start);
}
