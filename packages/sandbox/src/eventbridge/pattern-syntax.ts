import { GuardrailError } from '@guardrail/core';
import { SandboxError } from '../errors';
import { type EventPattern, isObject } from './pattern-matcher';

/** A pattern EventBridge itself would refuse (`InvalidEventPatternException`). */
export class InvalidEventPatternError extends GuardrailError {
  override readonly name: string = 'InvalidEventPatternError';
}

/** Operators EventBridge has that the sandbox does not evaluate: using one is a SandboxError, not an AWS error. */
const NOT_MODELLED = new Set(['suffix', 'numeric', 'cidr', 'equals-ignore-case']);

const isPlain = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value);

function invalid(reason: string): never {
  throw new InvalidEventPatternError(`Event pattern is not valid. Reason: ${reason}`);
}

function checkOperator(matcher: Record<string, unknown>, path: string): void {
  const keys = Object.keys(matcher);
  const [operator] = keys;
  if (operator === undefined || keys.length !== 1)
    invalid(`a match object at ${path} must have exactly one operator`);
  const argument = matcher[operator];
  if (NOT_MODELLED.has(operator))
    throw new SandboxError(`the sandbox does not evaluate the "${operator}" operator (at ${path})`);
  switch (operator) {
    case 'prefix':
    case 'wildcard':
      if (typeof argument !== 'string') invalid(`${operator} match pattern must be a string (at ${path})`);
      return;
    case 'exists':
      if (typeof argument !== 'boolean')
        invalid(`exists match pattern must be either true or false (at ${path})`);
      return;
    case 'anything-but': {
      if (isObject(argument))
        throw new SandboxError(`the sandbox evaluates "anything-but" on plain values only (at ${path})`);
      const values = Array.isArray(argument) ? argument : [argument];
      if (values.length === 0 || !values.every((v) => typeof v === 'string' || typeof v === 'number'))
        invalid(`Inside anything but list, only strings and numbers are allowed (at ${path})`);
      return;
    }
    default:
      invalid(`Unrecognized match type ${operator} (at ${path})`);
  }
}

function checkObject(pattern: Record<string, unknown>, path: string): void {
  for (const [key, value] of Object.entries(pattern)) {
    const at = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length === 0 || !value.every(isObject))
        invalid(`$or must be a non-empty array of objects (at ${at})`);
      for (const alternative of value) checkObject(alternative, at);
    } else if (Array.isArray(value)) {
      if (value.length === 0) invalid(`Empty arrays are not allowed (at ${at})`);
      for (const matcher of value) {
        if (isObject(matcher)) checkOperator(matcher, at);
        else if (!isPlain(matcher))
          invalid(`Match value must be String, number, true, false, or null (at ${at})`);
      }
    } else if (isObject(value)) {
      checkObject(value, at);
    } else {
      invalid(`"${at}" must be an object or an array`);
    }
  }
}

/**
 * Parses a rule's EventPattern (the JSON string PutRule takes) and checks it as EventBridge does,
 * so that a rule the sandbox accepts is one `matchesPattern` can evaluate.
 */
export function parseEventPattern(text: string): EventPattern {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    invalid(error instanceof Error ? error.message : String(error));
  }
  if (!isObject(parsed)) invalid('Filter is not an object');
  checkObject(parsed, '');
  return parsed;
}
