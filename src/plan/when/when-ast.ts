// The syntax tree of a `when:` condition. `and` / `or` hold flat operand lists so that a long chain of
// conditions never nests deeply.

export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type WhenOperand =
  /** `{{ a.status }}`: `parts` are the dot-separated names, `text` the reference as written. */
  | { kind: 'reference'; parts: string[]; text: string }
  /** A bare word, number or quoted string. */
  | { kind: 'literal'; value: string; quoted: boolean };

export type WhenExpression =
  | { kind: 'and' | 'or'; operands: WhenExpression[] }
  | { kind: 'not'; operand: WhenExpression }
  | { kind: 'compare'; operator: ComparisonOperator; left: WhenOperand; right: WhenOperand }
  /** A lone operand: true unless empty, false, 0, no, none or null. */
  | { kind: 'truthy'; operand: WhenOperand };
