// A policy rule is a Python expression: maestro-cli compiles every rule at load time with
// `ast.parse(rule, mode="eval")` and rejects one that does not parse (E052), long before a task runs.
// This is a syntax check of Python's expression grammar (3.11), written for that one question: no tree
// is built and nothing is evaluated. Where Python's rules are fussy beyond the grammar (what may follow
// `lambda`, the inside of f-strings, mixing bytes and text), it accepts, so a rule maestro-cli takes is
// never refused here.

import { RuleSyntaxError, type Token, tokenize } from './policy-rule-tokens.ts';

/** Why `rule` is not a Python expression, or undefined when it is one. */
export function policyRuleProblem(rule: string): string | undefined {
  try {
    new RuleParser(tokenize(rule)).parse();
    return undefined;
  } catch (error) {
    if (error instanceof RuleSyntaxError) return `${error.message} at column ${error.column}`;
    throw error;
  }
}

class RuleParser {
  #position = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): void {
    if (this.#peek().kind === 'newline' || this.#peek().kind === 'end') this.#fail('empty expression');
    this.#expressions();
    while (this.#peek().kind === 'newline') this.#position += 1;
    if (this.#peek().kind !== 'end') this.#fail('invalid syntax');
  }

  // expression (',' expression)* [',']: a tuple without parentheses.
  #expressions(): void {
    this.#expression();
    while (this.#takeOp(',')) {
      if (this.#startsExpression()) this.#expression();
      else break;
    }
  }

  #expression(): void {
    if (this.#takeKeyword('lambda')) {
      this.#lambdaParameters();
      this.#expectOp(':');
      this.#expression();
      return;
    }
    this.#disjunction();
    if (this.#takeKeyword('if')) {
      this.#disjunction();
      if (!this.#takeKeyword('else')) this.#fail("expected 'else' after 'if' expression");
      this.#expression();
    }
  }

  // `name := value` where an assignment expression may stand.
  #namedExpression(): void {
    const token = this.#peek();
    if (token.kind === 'name' && this.#peek(1).text === ':=') {
      this.#position += 2;
      this.#expression();
    } else {
      this.#expression();
    }
  }

  #starNamedExpression(): void {
    if (this.#takeOp('*')) this.#bitwiseOr();
    else this.#namedExpression();
  }

  #lambdaParameters(): void {
    while (!this.#isOp(':')) {
      if (this.#takeOp('/')) {
        // a positional-only marker
      } else if (this.#takeOp('**')) {
        this.#expectName();
      } else if (this.#takeOp('*')) {
        if (this.#peek().kind === 'name') this.#position += 1;
      } else {
        this.#expectName();
        if (this.#takeOp('=')) this.#expression();
      }
      if (!this.#takeOp(',')) break;
    }
  }

  #disjunction(): void {
    this.#conjunction();
    while (this.#takeKeyword('or')) this.#conjunction();
  }

  #conjunction(): void {
    this.#inversion();
    while (this.#takeKeyword('and')) this.#inversion();
  }

  #inversion(): void {
    if (this.#takeKeyword('not')) this.#inversion();
    else this.#comparison();
  }

  #comparison(): void {
    this.#bitwiseOr();
    while (this.#takeComparison()) this.#bitwiseOr();
  }

  #takeComparison(): boolean {
    const token = this.#peek();
    if (token.kind === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(token.text)) {
      this.#position += 1;
      return true;
    }
    if (this.#takeKeyword('in')) return true;
    if (this.#takeKeyword('is')) {
      this.#takeKeyword('not');
      return true;
    }
    if (token.text === 'not' && token.kind === 'keyword' && this.#peek(1).text === 'in') {
      this.#position += 2;
      return true;
    }
    return false;
  }

  #bitwiseOr(): void {
    this.#binary(['|'], () => this.#binary(['^'], () => this.#binary(['&'], () => this.#shift())));
  }

  #shift(): void {
    this.#binary(['<<', '>>'], () => this.#binary(['+', '-'], () => this.#term()));
  }

  #term(): void {
    this.#binary(['*', '/', '//', '%', '@'], () => this.#factor());
  }

  #binary(operators: readonly string[], operand: () => void): void {
    operand();
    while (this.#peek().kind === 'op' && operators.includes(this.#peek().text)) {
      this.#position += 1;
      operand();
    }
  }

  #factor(): void {
    if (this.#takeOp('+') || this.#takeOp('-') || this.#takeOp('~')) {
      this.#factor();
      return;
    }
    this.#takeKeyword('await');
    this.#primary();
    if (this.#takeOp('**')) this.#factor();
  }

  #primary(): void {
    this.#atom();
    while (true) {
      if (this.#takeOp('.')) this.#expectName();
      else if (this.#takeOp('(')) this.#callArguments();
      else if (this.#takeOp('[')) this.#subscript();
      else return;
    }
  }

  #atom(): void {
    const token = this.#peek();
    if (
      token.kind === 'name' ||
      token.kind === 'number' ||
      (token.kind === 'keyword' && ['True', 'False', 'None'].includes(token.text)) ||
      (token.kind === 'op' && token.text === '...')
    ) {
      this.#position += 1;
      return;
    }
    if (token.kind === 'string') {
      while (this.#peek().kind === 'string') this.#position += 1;
      return;
    }
    if (this.#takeOp('(')) this.#parenthesized();
    else if (this.#takeOp('[')) this.#display(']');
    else if (this.#takeOp('{')) this.#braces();
    else this.#fail('invalid syntax');
  }

  // `()`, `(x)`, `(x,)`, `(x for ...)`, `(yield x)`
  #parenthesized(): void {
    if (this.#takeOp(')')) return;
    if (this.#takeKeyword('yield')) {
      if (this.#takeKeyword('from')) this.#expression();
      else if (!this.#isOp(')')) this.#expressions();
      this.#expectOp(')');
      return;
    }
    this.#display(')');
  }

  // The items of a tuple, list or set up to `close`, or one item and a comprehension.
  #display(close: string): void {
    if (this.#takeOp(close)) return;
    const first = this.#peek();
    const starred = first.text === '*' && first.kind === 'op';
    this.#starNamedExpression();
    if (!starred && this.#isComprehension()) {
      this.#comprehension();
      this.#expectOp(close);
      return;
    }
    // `(*a)` is not a tuple: only `(*a,)` is.
    if (starred && close === ')' && this.#isOp(')')) this.#fail('cannot use starred expression here', first);
    while (this.#takeOp(',')) {
      if (this.#isOp(close)) break;
      this.#starNamedExpression();
    }
    this.#expectOp(close);
  }

  // `{}`, a dict (`{k: v, **d}`, `{k: v for ...}`) or a set (`{a, *b}`, `{x for ...}`).
  #braces(): void {
    if (this.#takeOp('}')) return;
    const isDict =
      this.#isOp('**') ||
      (!this.#isOp('*') &&
        !(this.#peek().kind === 'name' && this.#peek(1).text === ':=') &&
        this.#dictAhead());
    if (!isDict) {
      this.#display('}');
      return;
    }
    const doubleStarred = this.#dictItem();
    if (!doubleStarred && this.#isComprehension()) {
      this.#comprehension();
      this.#expectOp('}');
      return;
    }
    while (this.#takeOp(',')) {
      if (this.#isOp('}')) break;
      this.#dictItem();
    }
    this.#expectOp('}');
  }

  // Whether the first item of `{...}` is a `key: value` pair: parse the key and look for the colon.
  #dictAhead(): boolean {
    const start = this.#position;
    try {
      this.#expression();
      return this.#isOp(':');
    } finally {
      this.#position = start;
    }
  }

  /** A `key: value` or `**mapping` item; returns whether it was the latter. */
  #dictItem(): boolean {
    if (this.#takeOp('**')) {
      this.#bitwiseOr();
      return true;
    }
    this.#expression();
    if (!this.#takeOp(':')) this.#fail("':' expected after dictionary key");
    this.#expression();
    return false;
  }

  #isComprehension(): boolean {
    const token = this.#peek();
    return (
      token.kind === 'keyword' &&
      (token.text === 'for' || (token.text === 'async' && this.#peek(1).text === 'for'))
    );
  }

  // (`async`? `for` targets `in` disjunction (`if` disjunction)*)+
  #comprehension(): void {
    while (this.#isComprehension()) {
      this.#takeKeyword('async');
      this.#takeKeyword('for');
      this.#targets();
      if (!this.#takeKeyword('in')) this.#fail("expected 'in'");
      this.#disjunction();
      while (this.#takeKeyword('if')) this.#disjunction();
    }
  }

  // Assignment targets (`x`, `k, v`, `(a, *b)`); which of them may really be assigned is not checked.
  #targets(): void {
    do {
      this.#takeOp('*');
      this.#bitwiseOr();
    } while (this.#takeOp(',') && !this.#isKeyword('in'));
  }

  #callArguments(): void {
    let first = true;
    let keyword = false;
    let mappingUnpacked = false;
    while (!this.#takeOp(')')) {
      if (this.#takeOp('**')) {
        this.#expression();
        mappingUnpacked = true;
      } else if (this.#takeOp('*')) {
        if (mappingUnpacked) this.#fail('iterable argument unpacking follows keyword argument unpacking');
        this.#expression();
      } else if (this.#peek().kind === 'name' && this.#peek(1).text === '=') {
        this.#position += 2;
        this.#expression();
        keyword = true;
      } else {
        const at = this.#peek();
        this.#namedExpression();
        if (this.#isComprehension()) {
          this.#comprehension();
          // Only the sole argument may be a bare generator expression.
          if (!first || !this.#isOp(')')) this.#fail('generator expression must be parenthesized', at);
        } else if (keyword || mappingUnpacked) {
          this.#fail('positional argument follows keyword argument', at);
        }
      }
      first = false;
      if (!this.#takeOp(',')) {
        this.#expectOp(')');
        return;
      }
    }
  }

  #subscript(): void {
    do this.#slice();
    while (this.#takeOp(',') && !this.#isOp(']'));
    this.#expectOp(']');
  }

  // [lower] ':' [upper] [':' [step]], or an index (which may be starred).
  #slice(): void {
    if (this.#takeOp('*')) {
      this.#bitwiseOr();
      return;
    }
    if (!this.#isOp(':')) {
      this.#namedExpression();
      if (!this.#isOp(':')) return;
    }
    this.#expectOp(':');
    if (this.#startsExpression()) this.#expression();
    if (this.#takeOp(':') && this.#startsExpression()) this.#expression();
  }

  // Whether the next token can begin an expression (after a trailing comma, an empty slice bound, ...).
  #startsExpression(): boolean {
    const token = this.#peek();
    if (token.kind === 'name' || token.kind === 'number' || token.kind === 'string') return true;
    if (token.kind === 'keyword')
      return ['True', 'False', 'None', 'not', 'lambda', 'await'].includes(token.text);
    return token.kind === 'op' && ['(', '[', '{', '-', '+', '~', '...', '*'].includes(token.text);
  }

  #peek(ahead = 0): Token {
    return (this.tokens[this.#position + ahead] ?? this.tokens.at(-1)) as Token;
  }

  #isOp(text: string): boolean {
    const token = this.#peek();
    return token.kind === 'op' && token.text === text;
  }

  #isKeyword(text: string): boolean {
    const token = this.#peek();
    return token.kind === 'keyword' && token.text === text;
  }

  #takeOp(text: string): boolean {
    if (!this.#isOp(text)) return false;
    this.#position += 1;
    return true;
  }

  #takeKeyword(text: string): boolean {
    if (!this.#isKeyword(text)) return false;
    this.#position += 1;
    return true;
  }

  #expectOp(text: string): void {
    if (!this.#takeOp(text)) this.#fail(`expected '${text}'`);
  }

  #expectName(): void {
    if (this.#peek().kind !== 'name') this.#fail('expected a name');
    this.#position += 1;
  }

  #fail(message: string, at: Token = this.#peek()): never {
    const found = at.kind === 'end' ? 'the end' : at.kind === 'newline' ? 'a line break' : `'${at.text}'`;
    throw new RuleSyntaxError(`${message} (found ${found})`, at.column);
  }
}
