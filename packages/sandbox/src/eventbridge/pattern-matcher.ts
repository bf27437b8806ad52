import { SandboxError } from '../errors';

/**
 * EventBridge event pattern matching, for the operators the Guardrail patterns use: exact values,
 * `prefix`, `wildcard` (`*` only), `exists`, `anything-but` (plain values), nested objects, arrays
 * in the event (any element may match, arrays of objects are flattened) and `$or` at any level.
 * Ported from infra/test/support/pattern-matcher.ts (the sandbox cannot import infra). Patterns are
 * checked by `parseEventPattern` when a rule is put, so the throws below are a last guard: an
 * operator this file does not know must never be evaluated as "no match".
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */

export type EventPattern = { [key: string]: unknown };

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The leaf values at `key` under `value`, flattening arrays (EventBridge's view of arrays). */
function valuesAt(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, key));
  if (!isObject(value) || !(key in value)) return [];
  const found = value[key];
  return Array.isArray(found) ? found.flat(Number.POSITIVE_INFINITY) : [found];
}

function wildcardToRegExp(wildcard: string): RegExp {
  const escaped = wildcard.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 's');
}

/** Does one pattern matcher (a literal or an operator object) accept one leaf value? */
function leafMatches(matcher: unknown, value: unknown): boolean {
  if (!isObject(matcher)) return matcher === value;
  const [operator, ...rest] = Object.keys(matcher);
  if (operator === undefined || rest.length > 0)
    throw new SandboxError(`unsupported matcher ${JSON.stringify(matcher)}`);
  const argument = matcher[operator];
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && typeof argument === 'string' && value.startsWith(argument);
    case 'wildcard':
      return (
        typeof value === 'string' && typeof argument === 'string' && wildcardToRegExp(argument).test(value)
      );
    case 'anything-but': {
      // Like EventBridge: a value of another type than the excluded ones is "anything but" them.
      const excluded = Array.isArray(argument) ? argument : [argument];
      return (typeof value === 'string' || typeof value === 'number') && !excluded.includes(value);
    }
    default:
      throw new SandboxError(`unsupported operator ${operator}`);
  }
}

function fieldMatches(matchers: unknown[], values: unknown[]): boolean {
  for (const matcher of matchers) {
    if (isObject(matcher) && 'exists' in matcher) {
      if (values.length > 0 === matcher.exists) return true;
      continue;
    }
    if (values.some((value) => leafMatches(matcher, value))) return true;
  }
  return false;
}

function objectMatches(pattern: EventPattern, event: unknown): boolean {
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(sub)) throw new SandboxError('$or must be an array');
      if (!sub.some((alternative) => isObject(alternative) && objectMatches(alternative, event)))
        return false;
      continue;
    }
    if (Array.isArray(sub)) {
      if (!fieldMatches(sub, valuesAt(event, key))) return false;
      continue;
    }
    if (!isObject(sub)) throw new SandboxError(`pattern field ${key} must be an array or an object`);
    // Arrays of objects: an element that matches the whole sub-pattern is enough (stricter than
    // EventBridge's flattening, which never matters for one leaf per object, as in Guardrail's).
    const target = isObject(event) ? event[key] : undefined;
    const candidates = (Array.isArray(target) ? target.flat(Number.POSITIVE_INFINITY) : [target]).filter(
      (candidate) => candidate !== undefined,
    );
    if (!candidates.some((candidate) => objectMatches(sub, candidate))) {
      // An `exists: false` below still matches an absent object.
      if (!(candidates.length === 0 && objectMatches(sub, {}))) return false;
    }
  }
  return true;
}

/** True when EventBridge would deliver `event` to a rule with `pattern`. */
export function matchesPattern(pattern: EventPattern, event: object): boolean {
  return objectMatches(pattern, event);
}
