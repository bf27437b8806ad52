/** Rules in words, for alerts and the CLI: "tcp 22 from 0.0.0.0/0", "all traffic to 10.0.0.0/8". */
import { isIcmp, normalizePorts, normalizeProtocol, protocolHasPorts } from './protocol';
import type { Peer, Rule } from './types';

export function describePeer(peer: Peer): string {
  switch (peer.kind) {
    case 'ipv4':
    case 'ipv6':
      return peer.cidr;
    case 'prefixList':
      return peer.prefixListId;
    case 'securityGroup': {
      const notes = [
        peer.userId ? `account ${peer.userId}` : undefined,
        peer.vpcPeeringConnectionId ? `via ${peer.vpcPeeringConnectionId}` : undefined,
      ].filter((note) => note !== undefined);
      return notes.length > 0 ? `${peer.groupId} (${notes.join(', ')})` : peer.groupId;
    }
  }
}

function icmpPart(value: number): string {
  return value === -1 ? 'any' : String(value);
}

/** "tcp 22", "tcp 0-65535", "icmp type 8 code any", "all traffic", "protocol 50". */
export function describeTraffic(rule: Pick<Rule, 'protocol' | 'fromPort' | 'toPort'>): string {
  const protocol = normalizeProtocol(rule.protocol);
  if (protocol === '-1') return 'all traffic';
  if (!protocolHasPorts(protocol)) return `protocol ${protocol}`;
  const { fromPort, toPort } = normalizePorts(protocol, rule.fromPort, rule.toPort);
  if (isIcmp(protocol)) return `${protocol} type ${icmpPart(fromPort)} code ${icmpPart(toPort)}`;
  if (fromPort === -1) return `${protocol} all ports`;
  return fromPort === toPort ? `${protocol} ${fromPort}` : `${protocol} ${fromPort}-${toPort}`;
}

/** A rule in words; ingress traffic comes "from" its peer, egress goes "to" it. */
export function describeRule(rule: Rule): string {
  const preposition = rule.direction === 'egress' ? 'to' : 'from';
  return `${describeTraffic(rule)} ${preposition} ${describePeer(rule.peer)}`;
}
