/**
 * CIDR blocks as integer ranges (bigint, so IPv4 and IPv6 share one code path). Parsing is
 * strict about syntax (a typo in a policy must not silently widen or narrow a rule) but
 * tolerates host bits, as EC2 rule CIDRs are compared by the addresses they cover.
 */
import { GuardrailError } from '../errors';

export type IpFamily = 4 | 6;

export interface Cidr {
  family: IpFamily;
  /** First address of the block (host bits cleared). */
  start: bigint;
  /** Last address of the block. */
  end: bigint;
  prefix: number;
}

export class CidrError extends GuardrailError {
  override readonly name = 'CidrError';
  constructor(
    readonly input: string,
    reason: string,
  ) {
    // Quoted as JSON: a newline in the input must not split the one-line message.
    super(`invalid CIDR ${JSON.stringify(input)}: ${reason}`);
  }
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

const IPV4 = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/** Dotted quad to a number; no leading zeros ("010" is octal to some parsers, decimal to others). */
function parseIpv4Number(text: string): number | undefined {
  const match = IPV4.exec(text);
  if (!match) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(match[i]);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

function parseIpv4(text: string): bigint | undefined {
  const value = parseIpv4Number(text);
  return value === undefined ? undefined : BigInt(value);
}

function parseGroups(text: string): bigint[] | undefined {
  if (text === '') return [];
  const groups: bigint[] = [];
  for (const group of text.split(':')) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    groups.push(BigInt(`0x${group}`));
  }
  return groups;
}

function parseIpv6(input: string): bigint | undefined {
  let text = input;
  let tail: bigint[] = [];
  // An embedded IPv4 address (::ffff:192.0.2.1) counts as the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [v4 >> 16n, v4 & 0xffffn];
    // Keep a "::" that ends right before the IPv4 part; drop a single separating ":".
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0]!);
  const rest = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (head === undefined || rest === undefined) return undefined;
  const explicit = head.length + rest.length + tail.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return undefined;
  const groups = [...head, ...Array<bigint>(8 - explicit).fill(0n), ...rest, ...tail];
  return groups.reduce((value, group) => (value << 16n) | group, 0n);
}

function ipv6Mask(prefix: number): bigint {
  return ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - prefix)) - 1n);
}

/** Parses `a.b.c.d/n` or an IPv6 `x:y::z/n`. A bare address is a single-host block. */
export function parseCidr(input: string): Cidr {
  const [address = '', prefixText, extra] = input.trim().split('/');
  if (extra !== undefined) throw new CidrError(input, 'more than one "/"');
  const family: IpFamily = address.includes(':') ? 6 : 4;
  const bits = BITS[family];
  const prefix =
    prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (family === 4) {
    // The hot path (most rules are IPv4): plain numbers, one BigInt conversion at the end.
    const value = parseIpv4Number(address);
    if (value === undefined) throw new CidrError(input, 'not an IPv4 address');
    if (!(prefix >= 0 && prefix <= bits)) throw new CidrError(input, `prefix length must be 0 to ${bits}`);
    const size = 2 ** (32 - prefix);
    const start = value - (value % size);
    return { family, start: BigInt(start), end: BigInt(start + size - 1), prefix };
  }
  const value = parseIpv6(address);
  if (value === undefined) throw new CidrError(input, 'not an IPv6 address');
  if (!(prefix >= 0 && prefix <= bits)) throw new CidrError(input, `prefix length must be 0 to ${bits}`);
  const start = value & ipv6Mask(prefix);
  const end = start | ((1n << BigInt(bits - prefix)) - 1n);
  return { family, start, end, prefix };
}

/** True when the text parses as a CIDR (for validation messages). */
export function isCidr(input: string): boolean {
  try {
    parseCidr(input);
    return true;
  } catch {
    return false;
  }
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/** RFC 5952 text: lower case, the longest run (two or more) of zero groups written `::`. */
function formatIpv6(value: bigint): string {
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => Number((value >> shift) & 0xffffn));
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

/** The canonical text of a block: network address and prefix. */
export function formatCidr(cidr: Cidr): string {
  const address = cidr.family === 4 ? formatIpv4(cidr.start) : formatIpv6(cidr.start);
  return `${address}/${cidr.prefix}`;
}

/** True when the two blocks share at least one address (never across families). */
export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.start <= b.end && b.start <= a.end;
}

/** True when every address of `inner` is in `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.start <= inner.start && inner.end <= outer.end;
}

/** Bound of the memo below: CIDR texts come from events and groups, so it must not grow forever. */
const CIDR_MEMO_SIZE = 4096;

/** What one CIDR text means: its block (undefined when it does not parse) and canonical text. */
interface KnownCidr {
  cidr: Cidr | undefined;
  canonical: string;
}
const cidrMemo = new Map<string, KnownCidr>();

/**
 * Each CIDR text parsed once, then remembered: every evaluation compiles every rule of the group
 * (its block) and keys it (its canonical text), and the same group's rules come back event after
 * event. The blocks are frozen, as callers share them.
 */
function knownCidr(text: string): KnownCidr {
  const known = cidrMemo.get(text);
  if (known !== undefined) return known;
  let cidr: Cidr | undefined;
  try {
    cidr = Object.freeze(parseCidr(text));
  } catch {
    cidr = undefined;
  }
  const entry: KnownCidr = { cidr, canonical: cidr === undefined ? text : formatCidr(cidr) };
  if (cidrMemo.size >= CIDR_MEMO_SIZE) cidrMemo.clear();
  cidrMemo.set(text, entry);
  return entry;
}

/**
 * The block a CIDR text names, or undefined when it does not parse (a rule as EC2 or an event
 * wrote it; a policy's own CIDRs are validated instead). Memoized; the block is shared: read only.
 */
export function cidrOrUndefined(text: string): Readonly<Cidr> | undefined {
  return knownCidr(text).cidr;
}

/**
 * The canonical text of a CIDR (`10.0.0.1/8` is `10.0.0.0/8`, `2001:DB8:0:0::/64` is
 * `2001:db8::/64`), so that two texts of one block compare equal. An unparsable CIDR keeps its
 * raw text. Memoized (rule keys are computed for every rule of every group evaluated).
 */
export function canonicalCidr(text: string): string {
  return knownCidr(text).canonical;
}
