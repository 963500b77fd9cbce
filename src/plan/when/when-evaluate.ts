// Evaluates a parsed `when:` condition against task results. Like maestro-cli, values are compared as
// trimmed strings; when both sides are numbers (and neither is a quoted string) they compare as numbers,
// so `{{ a.exit_code }} != 0` and `{{ a.exit_code }} > 1` behave as expected.
import type { TemplateLookup } from '../template.ts';
import type { ComparisonOperator, WhenExpression, WhenOperand } from './when-ast.ts';

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const FALSY = new Set(['', 'false', '0', 'no', 'none', 'null']);

/**
 * Whether a parsed condition holds, with `{{ references }}` resolved by `lookup`.
 *
 * @example
 * evaluateWhen(parseWhen('{{ a.exit_code }} != 0'), (parts) => (parts.join('.') === 'a.exit_code' ? '3' : undefined));
 * // true
 */
export function evaluateWhen(expression: WhenExpression, lookup: TemplateLookup): boolean {
  switch (expression.kind) {
    case 'and':
      return expression.operands.every((operand) => evaluateWhen(operand, lookup));
    case 'or':
      return expression.operands.some((operand) => evaluateWhen(operand, lookup));
    case 'not':
      return !evaluateWhen(expression.operand, lookup);
    case 'truthy':
      return !FALSY.has(resolve(expression.operand, lookup).trim().toLowerCase());
    case 'compare':
      return compare(expression.operator, expression.left, expression.right, lookup);
  }
}

// An unknown reference stays as written (`{{ x.status }}`), as in a rendered template.
function resolve(operand: WhenOperand, lookup: TemplateLookup): string {
  if (operand.kind === 'literal') return operand.value;
  return lookup(operand.parts) ?? operand.text;
}

function compare(
  operator: ComparisonOperator,
  leftOperand: WhenOperand,
  rightOperand: WhenOperand,
  lookup: TemplateLookup,
): boolean {
  const left = resolve(leftOperand, lookup).trim();
  const right = resolve(rightOperand, lookup).trim();
  const quoted = isQuoted(leftOperand) || isQuoted(rightOperand);
  if (!quoted && NUMBER.test(left) && NUMBER.test(right)) return order(operator, Number(left), Number(right));
  return order(operator, left, right);
}

function isQuoted(operand: WhenOperand): boolean {
  return operand.kind === 'literal' && operand.quoted;
}

function order<T extends string | number>(operator: ComparisonOperator, left: T, right: T): boolean {
  switch (operator) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}
