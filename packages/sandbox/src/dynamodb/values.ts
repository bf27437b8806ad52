import { ApiError } from '../errors';

/** DynamoDB's AttributeValue, as the SDK client sends it (one key set). */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: Uint8Array }
  | { BOOL: boolean }
  | { NULL: true }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: Uint8Array[] }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> };

export type Item = Record<string, AttributeValue>;

const TYPES = ['S', 'N', 'B', 'BOOL', 'NULL', 'SS', 'NS', 'BS', 'L', 'M'] as const;
export type AttributeType = (typeof TYPES)[number];

export function validation(message: string): ApiError {
  return new ApiError('ValidationException', message);
}

/** The one type key of a value; a value with none or several is what DynamoDB rejects. */
export function typeOf(value: unknown): AttributeType {
  if (typeof value !== 'object' || value === null) throw validation('Supplied AttributeValue is empty');
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
  const type = keys.length === 1 ? TYPES.find((t) => t === keys[0]) : undefined;
  if (!type)
    throw validation('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  return type;
}

/** Checks every attribute of an item the caller sent. */
export function readItem(raw: unknown, what: string): Item {
  if (typeof raw !== 'object' || raw === null) throw validation(`${what} is required`);
  const item: Item = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const type = typeOf(value);
    if (type === 'N' && !Number.isFinite(Number((value as { N: string }).N)))
      throw validation(`The parameter cannot be converted to a numeric value: ${(value as { N: string }).N}`);
    item[name] = value as AttributeValue;
  }
  return structuredClone(item);
}

export function equals(a: AttributeValue, b: AttributeValue): boolean {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  if (type === 'N') return Number((a as { N: string }).N) === Number((b as { N: string }).N);
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Ordering for `<`, `<=`, `>`, `>=`: numbers, strings and binaries of the same type only. */
export function compare(a: AttributeValue, b: AttributeValue): number | undefined {
  const type = typeOf(a);
  if (type !== typeOf(b)) return undefined;
  if (type === 'N') return Number((a as { N: string }).N) - Number((b as { N: string }).N);
  if (type === 'S') {
    const x = (a as { S: string }).S;
    const y = (b as { S: string }).S;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (type === 'B')
    return Buffer.compare(Buffer.from((a as { B: Uint8Array }).B), Buffer.from((b as { B: Uint8Array }).B));
  return undefined;
}

/** A number attribute's value, for TTL and ADD. */
export function numberOf(value: AttributeValue | undefined): number | undefined {
  return value && 'N' in value ? Number(value.N) : undefined;
}
