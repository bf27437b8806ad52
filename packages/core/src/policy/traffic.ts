/**
 * The protocol-and-ports half of matching (design.md section 5). A rule or a matcher becomes a
 * "traffic space"; a deny matches when spaces overlap, an allow covers when one contains the other.
 * - `protocol: all` without ports (and a rule for all protocols, `-1`) is every protocol and port.
 * - `protocol: all` with ports is those ports of tcp and udp, the protocols that have ports
 *   (ICMP types are not ports; protocols without ports have none to match).
 * - tcp/udp: a port range; icmp/icmpv6: a type range and a code range; other protocols: the
 *   whole protocol (both intervals the constant NONE).
 */
import { isIcmp, normalizeProtocol } from '../rules/protocol';
import type { Rule } from '../rules/types';
import { type PortInterval, splitPorts } from './ports';
import type { Matcher } from './types';

export type TrafficSpace =
  /** Every protocol and every port. */
  | { kind: 'every' }
  /** These ports of tcp and of udp. */
  | { kind: 'ports'; ports: PortInterval }
  /** One protocol: `a` its ports (ICMP: type), `b` the ICMP code (NONE otherwise). */
  | { kind: 'protocol'; protocol: string; a: PortInterval; b: PortInterval };

const ALL_PORTS: PortInterval = { from: 0, to: 65535 };
const ALL_ICMP: PortInterval = { from: 0, to: 255 };
const NONE: PortInterval = { from: 0, to: 0 };

/** Spaces are never mutated: the constant ones are shared. */
const EVERY: TrafficSpace = { kind: 'every' };

function oneProtocol(protocol: string, a: PortInterval, b: PortInterval): TrafficSpace {
  return { kind: 'protocol', protocol, a, b };
}

function exactly(n: number): PortInterval {
  return { from: n, to: n };
}

/** A space for one protocol, from EC2-style ports (-1 meaning any). */
function protocolSpace(protocol: string, fromPort: number, toPort: number): TrafficSpace {
  if (protocol === '-1') return EVERY;
  if (hasPorts(protocol)) {
    return oneProtocol(protocol, fromPort === -1 ? ALL_PORTS : { from: fromPort, to: toPort }, NONE);
  }
  if (isIcmp(protocol)) {
    if (fromPort === -1) return oneProtocol(protocol, ALL_ICMP, ALL_ICMP);
    return oneProtocol(protocol, exactly(fromPort), toPort === -1 ? ALL_ICMP : exactly(toPort));
  }
  return oneProtocol(protocol, NONE, NONE);
}

export function ruleTraffic(rule: Pick<Rule, 'protocol' | 'fromPort' | 'toPort'>): TrafficSpace {
  return protocolSpace(normalizeProtocol(rule.protocol), rule.fromPort, rule.toPort);
}

export function matcherTraffic(matcher: Pick<Matcher, 'protocol' | 'ports'>): TrafficSpace {
  const protocol = normalizeProtocol(matcher.protocol);
  const interval = splitPorts(matcher.ports);
  if (protocol === '-1') return interval ? { kind: 'ports', ports: interval } : EVERY;
  if (interval === undefined) return protocolSpace(protocol, -1, -1);
  if (isIcmp(protocol)) {
    // "8" is type 8, any code; "3-4" is type 3, code 4.
    const hasCode = typeof matcher.ports === 'string' && matcher.ports.includes('-');
    return protocolSpace(protocol, interval.from, hasCode ? interval.to : -1);
  }
  return protocolSpace(protocol, interval.from, interval.to);
}

function intervalsOverlap(x: PortInterval, y: PortInterval): boolean {
  return x.from <= y.to && y.from <= x.to;
}

function intervalContains(outer: PortInterval, inner: PortInterval): boolean {
  return outer.from <= inner.from && inner.to <= outer.to;
}

function hasPorts(protocol: string): boolean {
  return protocol === 'tcp' || protocol === 'udp';
}

/** True when some packet is in both spaces (what a deny asks). */
export function trafficOverlaps(x: TrafficSpace, y: TrafficSpace): boolean {
  if (x.kind === 'every' || y.kind === 'every') return true;
  if (x.kind === 'ports' && y.kind === 'ports') return intervalsOverlap(x.ports, y.ports);
  if (x.kind === 'ports') return portsOverlapProtocol(x.ports, y as ProtocolSpace);
  if (y.kind === 'ports') return portsOverlapProtocol(y.ports, x);
  return x.protocol === y.protocol && intervalsOverlap(x.a, y.a) && intervalsOverlap(x.b, y.b);
}

type ProtocolSpace = Extract<TrafficSpace, { kind: 'protocol' }>;

function portsOverlapProtocol(ports: PortInterval, space: ProtocolSpace): boolean {
  return hasPorts(space.protocol) && intervalsOverlap(ports, space.a);
}

/** True when every packet of `inner` is in `outer` (what an allow or a required permission asks). */
export function trafficContains(outer: TrafficSpace, inner: TrafficSpace): boolean {
  if (outer.kind === 'every') return true;
  if (inner.kind === 'every') return false;
  if (outer.kind === 'ports') {
    if (inner.kind === 'ports') return intervalContains(outer.ports, inner.ports);
    return hasPorts(inner.protocol) && intervalContains(outer.ports, inner.a);
  }
  // One protocol never holds `ports`, which spans both tcp and udp.
  if (inner.kind === 'ports') return false;
  return (
    outer.protocol === inner.protocol &&
    intervalContains(outer.a, inner.a) &&
    intervalContains(outer.b, inner.b)
  );
}
