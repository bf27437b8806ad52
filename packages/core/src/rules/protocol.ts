import type { Protocol } from './types';

/** IP protocol numbers EC2 replaces by their names. */
const NAMED_PROTOCOLS: Record<string, Protocol> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

/** Spellings that are already EC2's: they normalize to themselves. */
const CANONICAL: ReadonlySet<string> = new Set(['-1', 'tcp', 'udp', 'icmp', 'icmpv6']);

/**
 * EC2's protocol spelling: `-1` for all, names for tcp/udp/icmp/icmpv6, any other protocol as a
 * decimal number. A missing protocol reads as all traffic (how EC2 treats `-1`).
 */
export function normalizeProtocol(p: string | number | undefined): Protocol {
  if (p === undefined) return '-1';
  // The hot path: a rule already in EC2's spelling (every rule of every evaluated group).
  if (typeof p === 'string' && CANONICAL.has(p)) return p;
  const text = String(p).trim().toLowerCase();
  if (text === 'all' || text === '-1') return '-1';
  if (/^\d+$/.test(text)) {
    const decimal = String(Number.parseInt(text, 10));
    return NAMED_PROTOCOLS[decimal] ?? decimal;
  }
  return text;
}

/** Protocols whose rules carry ports (tcp/udp) or ICMP type and code (icmp/icmpv6). */
export function protocolHasPorts(protocol: Protocol): boolean {
  return protocol === 'tcp' || protocol === 'udp' || isIcmp(protocol);
}

export function isIcmp(protocol: Protocol): boolean {
  return protocol === 'icmp' || protocol === 'icmpv6';
}

/**
 * The ports of a rule as Guardrail compares them: every port (-1/-1) for protocols without
 * ports; for ICMP "any type" means any code too; tcp/udp ranges as given.
 */
export function normalizePorts(
  protocol: Protocol,
  fromPort: number | undefined,
  toPort: number | undefined,
): { fromPort: number; toPort: number } {
  if (!protocolHasPorts(protocol)) return { fromPort: -1, toPort: -1 };
  const from = fromPort ?? -1;
  if (isIcmp(protocol) && from === -1) return { fromPort: -1, toPort: -1 };
  return { fromPort: from, toPort: toPort ?? -1 };
}
