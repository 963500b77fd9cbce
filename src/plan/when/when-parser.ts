// Parses a `when:` condition:
//   expression := and ('or' and)*          ('||' works too)
//   and        := unary ('and' unary)*     ('&&' works too)
//   unary      := 'not' unary | '(' expression ')' | operand (comparison operand)?
//   comparison := == | != | < | <= | > | >=
//   operand    := {{ reference }} | 'quoted' | "quoted" | bare-word | number
import { templateReferences } from '../template.ts';
import type { WhenExpression, WhenOperand } from './when-ast.ts';
import { tokenizeWhen, type WhenToken } from './when-lexer.ts';
import { WhenSyntaxError } from './when-syntax-error.ts';

// Parentheses and `not` nest; a bound keeps hostile input from exhausting the stack.
const MAX_NESTING = 64;
const GLOBAL_NAMES = new Set(['workspace_root', 'plan_name', 'task_id', 'goal', 'matrix', 'batch', 'watch']);

/** Parse a condition; throws WhenSyntaxError (code E015) with the column of the problem. */
export function parseWhen(text: string): WhenExpression {
  const parser = new WhenParser(text, tokenizeWhen(text));
  return parser.parse();
}

/**
 * Task ids a condition refers to, in order, without duplicates. References to globals
 * (`{{ plan_name }}`, `{{ matrix.x }}`) are not task references. Ids may contain dots: give `isTaskId`
 * to resolve `{{ a.b.status }}` against the known ids; without it the first part is the id.
 */
export function whenReferences(text: string, isTaskId?: (id: string) => boolean): string[] {
  const ids: string[] = [];
  for (const parts of templateReferences(text)) {
    if (parts.length < 2 || GLOBAL_NAMES.has(parts[0] ?? '')) continue;
    let id = parts[0] ?? '';
    if (isTaskId) {
      for (let split = parts.length - 1; split >= 1; split -= 1) {
        const candidate = parts.slice(0, split).join('.');
        if (isTaskId(candidate)) {
          id = candidate;
          break;
        }
      }
    }
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

class WhenParser {
  #position = 0;
  #depth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: WhenToken[],
  ) {}

  parse(): WhenExpression {
    if (this.tokens.length === 0) throw new WhenSyntaxError('empty condition', 1);
    const expression = this.#expression();
    const extra = this.tokens[this.#position];
    if (extra) {
      throw new WhenSyntaxError(
        `unexpected ${describe(extra)}; expected a comparison (==, !=, <, <=, >, >=), 'and', 'or' or the end`,
        extra.column,
      );
    }
    return expression;
  }

  #expression(): WhenExpression {
    const operands = [this.#and()];
    while (this.#takeLogical('or')) operands.push(this.#and());
    return operands.length === 1 ? (operands[0] as WhenExpression) : { kind: 'or', operands };
  }

  #and(): WhenExpression {
    const operands = [this.#unary()];
    while (this.#takeLogical('and')) operands.push(this.#unary());
    return operands.length === 1 ? (operands[0] as WhenExpression) : { kind: 'and', operands };
  }

  #unary(): WhenExpression {
    const token = this.tokens[this.#position];
    if (!token) throw new WhenSyntaxError('unexpected end of condition', this.text.length + 1);
    if (token.type === 'logical' && token.value === 'not') {
      this.#position += 1;
      return { kind: 'not', operand: this.#nested(() => this.#unary(), token.column) };
    }
    if (token.type === 'paren' && token.value === '(') {
      this.#position += 1;
      const inner = this.#nested(() => this.#expression(), token.column);
      const close = this.tokens[this.#position];
      if (close?.type !== 'paren' || close.value !== ')') {
        throw new WhenSyntaxError(
          `missing ')' for '(' at column ${token.column}`,
          close?.column ?? this.text.length + 1,
        );
      }
      this.#position += 1;
      return inner;
    }
    const left = this.#operand();
    const operator = this.tokens[this.#position];
    if (operator?.type !== 'operator') return { kind: 'truthy', operand: left };
    this.#position += 1;
    return { kind: 'compare', operator: operator.value, left, right: this.#operand() };
  }

  #operand(): WhenOperand {
    const token = this.tokens[this.#position];
    if (!token)
      throw new WhenSyntaxError('expected a value at the end of the condition', this.text.length + 1);
    this.#position += 1;
    switch (token.type) {
      case 'reference':
        return { kind: 'reference', parts: token.parts, text: token.text };
      case 'string':
        return { kind: 'literal', value: token.value, quoted: true };
      case 'word':
        return { kind: 'literal', value: token.value, quoted: false };
      default:
        throw new WhenSyntaxError(`expected a value, found ${describe(token)}`, token.column);
    }
  }

  #nested<T>(parse: () => T, column: number): T {
    this.#depth += 1;
    if (this.#depth > MAX_NESTING) throw new WhenSyntaxError(`nesting deeper than ${MAX_NESTING}`, column);
    const result = parse();
    this.#depth -= 1;
    return result;
  }

  #takeLogical(value: 'and' | 'or'): boolean {
    const token = this.tokens[this.#position];
    if (token?.type !== 'logical' || token.value !== value) return false;
    this.#position += 1;
    return true;
  }
}

function describe(token: WhenToken): string {
  switch (token.type) {
    case 'reference':
      return `'${token.text}'`;
    case 'string':
      return `string '${token.value}'`;
    default:
      return `'${token.value}'`;
  }
}
