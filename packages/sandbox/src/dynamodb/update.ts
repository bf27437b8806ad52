import { path } from './condition';
import type { Placeholders } from './placeholders';
import { Cursor, tokenize } from './tokens';
import { type AttributeValue, type Item, numberOf, typeOf, validation } from './values';

type ValueExpr =
  | { kind: 'path'; name: string }
  | { kind: 'value'; value: AttributeValue }
  | { kind: 'if_not_exists'; name: string; fallback: ValueExpr }
  | { kind: 'arith'; op: '+' | '-'; left: ValueExpr; right: ValueExpr };

type Action =
  | { kind: 'set'; name: string; value: ValueExpr }
  | { kind: 'add'; name: string; value: AttributeValue }
  | { kind: 'remove'; name: string };

export interface ParsedUpdate {
  actions: Action[];
}

/**
 * The subset of update expressions the hub and tests use: `SET a = v[, ...]` (v a value, an
 * attribute, `if_not_exists(a, v)`, or `x + y` / `x - y`), `ADD a :n[, ...]` on numbers, and
 * `REMOVE a[, ...]`, in any order, each clause once.
 */
export function parseUpdate(expression: string, p: Placeholders): ParsedUpdate {
  const cursor = new Cursor(tokenize(expression));
  const actions: Action[] = [];
  const seen = new Set<string>();
  while (cursor.peek().kind !== 'end') {
    const clause = cursor.next();
    const keyword = clause.kind === 'name' ? clause.text.toUpperCase() : '';
    if (!['SET', 'ADD', 'REMOVE'].includes(keyword)) cursor.fail();
    if (seen.has(keyword))
      throw validation(
        `Invalid UpdateExpression: The "${keyword}" section can only be used once in an update expression;`,
      );
    seen.add(keyword);
    do {
      const name = path(cursor, p);
      if (keyword === 'SET') {
        cursor.expect('=');
        actions.push({ kind: 'set', name, value: sum(cursor, p) });
      } else if (keyword === 'ADD') {
        const token = cursor.next();
        if (token.kind !== 'value') cursor.fail();
        actions.push({ kind: 'add', name, value: p.value(token.text) });
      } else {
        actions.push({ kind: 'remove', name });
      }
    } while (cursor.accept(','));
  }
  const names = actions.map((a) => a.name);
  const overlap = names.find((n, i) => names.indexOf(n) !== i);
  if (overlap !== undefined)
    throw validation(
      `Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [${overlap}], path two: [${overlap}]`,
    );
  return { actions };
}

function sum(cursor: Cursor, p: Placeholders): ValueExpr {
  let left = term(cursor, p);
  for (;;) {
    if (cursor.accept('+')) left = { kind: 'arith', op: '+', left, right: term(cursor, p) };
    else if (cursor.accept('-')) left = { kind: 'arith', op: '-', left, right: term(cursor, p) };
    else return left;
  }
}

function term(cursor: Cursor, p: Placeholders): ValueExpr {
  const token = cursor.peek();
  if (token.kind === 'value') {
    cursor.next();
    return { kind: 'value', value: p.value(token.text) };
  }
  if (token.kind === 'name' && token.text.toLowerCase() === 'if_not_exists') {
    cursor.next();
    cursor.expect('(');
    const name = path(cursor, p);
    cursor.expect(',');
    const fallback = sum(cursor, p);
    cursor.expect(')');
    return { kind: 'if_not_exists', name, fallback };
  }
  return { kind: 'path', name: path(cursor, p) };
}

function evaluateValue(expr: ValueExpr, item: Item): AttributeValue {
  switch (expr.kind) {
    case 'value':
      return expr.value;
    case 'path': {
      const value = item[expr.name];
      if (value === undefined)
        throw validation('The provided expression refers to an attribute that does not exist in the item');
      return value;
    }
    case 'if_not_exists':
      return item[expr.name] ?? evaluateValue(expr.fallback, item);
    case 'arith': {
      const left = numberOf(evaluateValue(expr.left, item));
      const right = numberOf(evaluateValue(expr.right, item));
      if (left === undefined || right === undefined)
        throw validation('An operand in the update expression has an incorrect data type');
      return { N: String(expr.op === '+' ? left + right : left - right) };
    }
  }
}

/** Applies the update to a copy of the item; returns the new item and the names it changed. */
export function applyUpdate(update: ParsedUpdate, before: Item): { after: Item; changed: string[] } {
  const after: Item = structuredClone(before);
  // Every right-hand side reads the item as it was before the update, as DynamoDB does.
  for (const action of update.actions) {
    if (action.kind === 'set') after[action.name] = structuredClone(evaluateValue(action.value, before));
    else if (action.kind === 'remove') delete after[action.name];
    else {
      if (typeOf(action.value) !== 'N')
        throw validation(
          'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: not a number (only numbers are served here)',
        );
      const current = before[action.name];
      if (current !== undefined && !('N' in current))
        throw validation('An operand in the update expression has an incorrect data type');
      after[action.name] = { N: String((numberOf(current) ?? 0) + (numberOf(action.value) ?? 0)) };
    }
  }
  return { after, changed: update.actions.map((a) => a.name) };
}
