/**
 * What an action fights over, as a short stable name: the circuit breaker counts and pauses per
 * fingerprint, so that a fight over one rule never pauses the guard of the group's other rules.
 * Two actions have one fingerprint when they do the same thing to the same rules (type and rule
 * shapes: ids and descriptions aside, since a re-applied rule gets a new id every time).
 */
import { ruleKey } from '../rules/convert';
import { actionRules } from './actions';
import type { Action } from './types';

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = (1n << 64n) - 1n;

/** FNV-1a, 64 bits, as 16 hex digits: short enough for a DynamoDB attribute name, stable everywhere. */
function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}

/** The action's rules as EC2 tells rules apart, in order. */
export function actionShape(action: Action): string {
  return `${action.type}|${actionRules(action).map(ruleKey).join('&')}`;
}

export function actionFingerprint(action: Action): string {
  return fnv1a64(actionShape(action));
}
