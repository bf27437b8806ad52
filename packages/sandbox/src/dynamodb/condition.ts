import type { Placeholders } from './placeholders';
import { Cursor, tokenize } from './tokens';
import { type AttributeValue, compare, equals, type Item, validation } from './values';

/** An operand: an attribute of the item, or a value the request supplied. */
type Operand = { kind: 'path'; name: string } | { kind: 'value'; value: AttributeValue };

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | { kind: 'exists' | 'not-exists'; name: string }
  | { kind: 'compare'; op: string; left: Operand; right: Operand };

const COMPARATORS = ['=', '<>', '<=', '>=', '<', '>'];

/**
 * The subset of DynamoDB's condition expressions the hub and tests use: `attribute_exists`,
 * `attribute_not_exists`, comparisons (`= <> < <= > >=`), `AND`, `OR`, `NOT` and parentheses.
 * Anything else is a ValidationException, as DynamoDB answers malformed expressions.
 */
export function parseCondition(expression: string, placeholders: Placeholders): Condition {
  const cursor = new Cursor(tokenize(expression));
  const condition = or(cursor, placeholders);
  if (cursor.peek().kind !== 'end') cursor.fail();
  return condition;
}

function or(cursor: Cursor, p: Placeholders): Condition {
  let left = and(cursor, p);
  while (cursor.accept('OR')) left = { kind: 'or', left, right: and(cursor, p) };
  return left;
}

function and(cursor: Cursor, p: Placeholders): Condition {
  let left = not(cursor, p);
  while (cursor.accept('AND')) left = { kind: 'and', left, right: not(cursor, p) };
  return left;
}

function not(cursor: Cursor, p: Placeholders): Condition {
  if (cursor.accept('NOT')) return { kind: 'not', operand: not(cursor, p) };
  return primary(cursor, p);
}

function primary(cursor: Cursor, p: Placeholders): Condition {
  if (cursor.accept('(')) {
    const inner = or(cursor, p);
    cursor.expect(')');
    return inner;
  }
  const token = cursor.peek();
  if (token.kind === 'name' && /^attribute_(not_)?exists$/i.test(token.text)) {
    cursor.next();
    cursor.expect('(');
    const name = path(cursor, p);
    cursor.expect(')');
    return { kind: /not/i.test(token.text) ? 'not-exists' : 'exists', name };
  }
  const left = operand(cursor, p);
  const op = cursor.next();
  if (op.kind !== 'op' || !COMPARATORS.includes(op.text)) cursor.fail();
  return { kind: 'compare', op: op.text, left, right: operand(cursor, p) };
}

export function path(cursor: Cursor, p: Placeholders): string {
  const token = cursor.next();
  if (token.kind !== 'name') cursor.fail();
  return p.name(token.text);
}

function operand(cursor: Cursor, p: Placeholders): Operand {
  const token = cursor.peek();
  if (token.kind === 'value') {
    cursor.next();
    return { kind: 'value', value: p.value(token.text) };
  }
  return { kind: 'path', name: path(cursor, p) };
}

/** Evaluates a condition on an item (`undefined`: no item with that key). */
export function evaluate(condition: Condition, item: Item | undefined): boolean {
  switch (condition.kind) {
    case 'and':
      return evaluate(condition.left, item) && evaluate(condition.right, item);
    case 'or':
      return evaluate(condition.left, item) || evaluate(condition.right, item);
    case 'not':
      return !evaluate(condition.operand, item);
    case 'exists':
      return item?.[condition.name] !== undefined;
    case 'not-exists':
      return item?.[condition.name] === undefined;
    case 'compare': {
      const left = resolve(condition.left, item);
      const right = resolve(condition.right, item);
      // A comparison with a missing attribute is false, whatever the operator.
      if (left === undefined || right === undefined) return false;
      if (condition.op === '=') return equals(left, right);
      if (condition.op === '<>') return !equals(left, right);
      const order = compare(left, right);
      if (order === undefined) return false;
      switch (condition.op) {
        case '<':
          return order < 0;
        case '<=':
          return order <= 0;
        case '>':
          return order > 0;
        default:
          return order >= 0;
      }
    }
  }
}

function resolve(operand: Operand, item: Item | undefined): AttributeValue | undefined {
  return operand.kind === 'value' ? operand.value : item?.[operand.name];
}

/** DynamoDB refuses a key attribute in an update, and an expression on nothing. */
export function requireExpression(expression: unknown, what: string): string {
  if (typeof expression !== 'string' || expression.trim() === '')
    throw validation(`Invalid ${what}: The expression can not be empty;`);
  return expression;
}
