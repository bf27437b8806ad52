/**
 * The dlq commands' options, checked before any AWS call: every problem is a CliInputError
 * (exit status 2) that names the option.
 */
import { REGION_PATTERN } from '@guardrail/core';
import { CliInputError } from '../io';

export type ListFormat = 'text' | 'json';

/** Upper bound of --max: a guard against a typo that would hold a whole queue in flight. */
export const MAX_RECORDS = 100_000;
export const DEFAULT_LIST_MAX = 10;
export const DEFAULT_REPLAY_MAX = 100;

export function queueUrlOption(flag: string, value: string | undefined): string {
  if (value === undefined || !/^https?:\/\/\S+$/.test(value))
    throw new CliInputError(`${flag}: "${value ?? ''}" is not a queue URL`);
  return value;
}

export function maxOption(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_RECORDS)
    throw new CliInputError(`--max: "${value}" is not a whole number between 1 and ${MAX_RECORDS}`);
  return Number(value);
}

export function formatOption(value: string | undefined): ListFormat {
  if (value === undefined || value === 'text' || value === 'json') return value ?? 'text';
  throw new CliInputError(`--format: "${value}" is not one of text, json`);
}

/** A reason code as the hub writes it (`malformed-json`, `invalid-event`, ...) or `redriven`. */
export function reasonOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[A-Za-z0-9][\w.-]{0,99}$/.test(value))
    throw new CliInputError(`--reason: "${value}" is not a reason code (such as invalid-event or redriven)`);
  return value;
}

export function regionOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!REGION_PATTERN.test(value)) throw new CliInputError(`--region: "${value}" is not an AWS region`);
  return value;
}
