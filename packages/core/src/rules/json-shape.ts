/**
 * Small readers for untrusted JSON that remember where they are. Each one either returns a value
 * of the promised type or throws a ShapeError naming the exact path (`a.b[2].c`), which callers
 * turn into their own typed error. Nothing is coerced silently beyond what is documented.
 */

/** Internal: a value at `path` did not have the expected shape. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path || '(root)'}: ${problem}`);
  }
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `a` + `b` -> `a.b`; `a` + 2 -> `a[2]`; the empty root path has no leading dot. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** Own properties only: a key inherited from Object.prototype (`toString`) is not in the document. */
function own(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

export function expectObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) throw new ShapeError(path, `expected an object, got ${describe(value)}`);
  return value;
}

/** An optional object field; `null` counts as absent (CloudTrail writes `responseElements: null`). */
export function optionalObject(obj: JsonObject, key: string, path: string): JsonObject | undefined {
  const value = own(obj, key);
  if (value === undefined || value === null) return undefined;
  return expectObject(value, childPath(path, key));
}

export function requiredObject(obj: JsonObject, key: string, path: string): JsonObject {
  const value = optionalObject(obj, key, path);
  if (value === undefined) throw new ShapeError(childPath(path, key), 'is required');
  return value;
}

export function optionalString(obj: JsonObject, key: string, path: string): string | undefined {
  const value = own(obj, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new ShapeError(childPath(path, key), `expected a string, got ${describe(value)}`);
  }
  return value;
}

/** A required, non-empty string. */
export function requiredString(obj: JsonObject, key: string, path: string): string {
  const value = optionalString(obj, key, path);
  if (value === undefined || value === '') throw new ShapeError(childPath(path, key), 'is required');
  return value;
}

/** An optional integer; decimal strings are accepted, as some CloudTrail records write ports as text. */
export function optionalInteger(obj: JsonObject, key: string, path: string): number | undefined {
  const value = own(obj, key);
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
    throw new ShapeError(childPath(path, key), `expected an integer, got ${describe(value)}`);
  }
  return number;
}

/** An optional boolean; `"true"` / `"false"` are accepted (CloudTrail writes some flags as text). */
export function optionalBoolean(obj: JsonObject, key: string, path: string): boolean | undefined {
  const value = own(obj, key);
  if (value === undefined || value === null) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  if (typeof value !== 'boolean') {
    throw new ShapeError(childPath(path, key), `expected a boolean, got ${describe(value)}`);
  }
  return value;
}

/** One element of a list, with its own path. */
export interface Element {
  value: unknown;
  path: string;
}

/** Array.from, not map: a hole in a sparse array is read as the `undefined` it is, not skipped. */
function elements(list: unknown[], path: string): Element[] {
  return Array.from(list, (value, index) => ({ value, path: childPath(path, index) }));
}

/** An optional plain array field. */
export function optionalArray(obj: JsonObject, key: string, path: string): Element[] {
  const value = own(obj, key);
  if (value === undefined || value === null) return [];
  const at = childPath(path, key);
  if (!Array.isArray(value)) throw new ShapeError(at, `expected an array, got ${describe(value)}`);
  return elements(value, at);
}

/**
 * A CloudTrail list: `{ "items": [...] }`, `{}` when empty, or (from JSON-protocol services and
 * the AWS CLI) a plain array. Element paths read `...key.items[0]`.
 */
export function optionalItems(obj: JsonObject, key: string, path: string): Element[] {
  const value = own(obj, key);
  if (Array.isArray(value)) return elements(value, childPath(path, key));
  const wrapper = optionalObject(obj, key, path);
  return wrapper ? optionalArray(wrapper, 'items', childPath(path, key)) : [];
}
