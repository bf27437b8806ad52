/**
 * Strict field readers for the sweep documents (Guardrail writes them, so nothing is coerced:
 * unlike CloudTrail's, a number is never a string here). Each throws a ShapeError naming the path.
 */
import { childPath, type Element, expectObject, type JsonObject, ShapeError } from '../rules/json-shape';

function own(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** A value as an error shows it: primitives as JSON, containers by their kind (never a whole document). */
function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

export function requiredString(obj: JsonObject, key: string, path: string): string {
  const value = own(obj, key);
  if (value === undefined) throw new ShapeError(childPath(path, key), 'is required');
  if (typeof value !== 'string' || value === '')
    throw new ShapeError(childPath(path, key), `expected a non-empty string, got ${shown(value)}`);
  return value;
}

export function optionalString(obj: JsonObject, key: string, path: string): string | undefined {
  return own(obj, key) === undefined ? undefined : requiredString(obj, key, path);
}

export function requiredMatch(
  obj: JsonObject,
  key: string,
  path: string,
  pattern: RegExp,
  what: string,
): string {
  const value = requiredString(obj, key, path);
  if (!pattern.test(value))
    throw new ShapeError(childPath(path, key), `${JSON.stringify(value)} is not ${what}`);
  return value;
}

export function requiredOneOf<T extends string>(
  obj: JsonObject,
  key: string,
  path: string,
  values: readonly T[],
): T {
  const value = requiredString(obj, key, path);
  if (!(values as readonly string[]).includes(value))
    throw new ShapeError(
      childPath(path, key),
      `expected one of ${values.join(', ')}, got ${JSON.stringify(value)}`,
    );
  return value as T;
}

export function optionalOneOf<T extends string>(
  obj: JsonObject,
  key: string,
  path: string,
  values: readonly T[],
): T | undefined {
  return own(obj, key) === undefined ? undefined : requiredOneOf(obj, key, path, values);
}

export function requiredBoolean(obj: JsonObject, key: string, path: string): boolean {
  const value = own(obj, key);
  if (typeof value !== 'boolean')
    throw new ShapeError(
      childPath(path, key),
      value === undefined ? 'is required' : `expected true or false, got ${shown(value)}`,
    );
  return value;
}

/** What `Date#toISOString` writes, and a real instant (no 30 February). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

export function requiredInstant(obj: JsonObject, key: string, path: string): string {
  const value = requiredString(obj, key, path);
  const parsed = new Date(value);
  if (
    !INSTANT.test(value) ||
    Number.isNaN(parsed.getTime()) ||
    parsed.toISOString().slice(0, 19) !== value.slice(0, 19)
  )
    throw new ShapeError(
      childPath(path, key),
      `${JSON.stringify(value)} is not an ISO 8601 instant (2025-06-01T12:00:00.000Z)`,
    );
  return value;
}

export function requiredArray(obj: JsonObject, key: string, path: string): Element[] {
  const value = own(obj, key);
  const at = childPath(path, key);
  if (value === undefined) throw new ShapeError(at, 'is required');
  if (!Array.isArray(value)) throw new ShapeError(at, `expected an array, got ${shown(value)}`);
  return Array.from(value, (item, index) => ({ value: item, path: childPath(at, index) }));
}

/** `schemaVersion` must be the one this reader knows: a newer document is refused, never misread. */
export function requiredVersion(obj: JsonObject, expected: number): void {
  const value = own(obj, 'schemaVersion');
  if (value !== expected)
    throw new ShapeError(
      'schemaVersion',
      value === undefined
        ? 'is required'
        : `expected ${expected}, got ${shown(value)} (written by another version of Guardrail?)`,
    );
}

export { childPath, type Element, expectObject, type JsonObject, ShapeError };
