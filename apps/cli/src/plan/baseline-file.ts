/**
 * `guardrail plan --baseline <file>`: a lock policy's baseline, to plan a locked group offline.
 * The file is a baseline as the hub keeps it, or what `guardrail baseline show --format json`
 * prints (`{ baseline, diff }`: the baseline is read, the diff, which was the group then, is not).
 * Read strictly by core's reader: a missing, mistyped or unknown field is exit 2 naming the file
 * and the JSON path, never a baseline taken for empty (which would revoke every rule).
 */
import { type Baseline, BaselineError, parseBaseline } from '@guardrail/core';
import { readJsonFile } from '../io';
import { InputFieldError } from './errors';

const SHOW_KEYS = ['baseline', 'diff'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `baseline show`'s object: no schemaVersion of its own, a `baseline` in it. */
function isShowOutput(value: unknown): value is Record<string, unknown> {
  return isObject(value) && !('schemaVersion' in value) && 'baseline' in value;
}

export function readBaselineFile(file: string): Baseline {
  const value = readJsonFile(file);
  const show = isShowOutput(value);
  if (show) {
    const unknown = Object.keys(value).find((key) => !SHOW_KEYS.includes(key));
    if (unknown !== undefined) throw new InputFieldError(file, unknown, 'unknown key');
  }
  try {
    return parseBaseline(show ? value.baseline : value, file);
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    const path = show ? (error.path === '' ? 'baseline' : `baseline.${error.path}`) : error.path;
    throw new InputFieldError(file, path, error.problem, { cause: error });
  }
}
