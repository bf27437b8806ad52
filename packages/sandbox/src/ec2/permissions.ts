import type { IpPermission, SecurityGroupRule } from '@aws-sdk/client-ec2';
import { ApiError } from '../errors';

/**
 * EC2's rule arithmetic: one IpPermission with several peers is several rules; describe merges
 * them back by protocol and ports. Protocols and CIDRs are normalised the way EC2 does.
 */

const PROTOCOL_NAMES: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

export function normaliseProtocol(raw: string | undefined): string {
  if (raw === undefined || raw === '')
    throw new ApiError('MissingParameter', 'The request must contain the parameter ipProtocol');
  const lower = raw.toLowerCase();
  if (lower === 'all' || lower === '-1') return '-1';
  if (['tcp', 'udp', 'icmp', 'icmpv6'].includes(lower)) return lower;
  if (/^\d+$/.test(lower) && Number(lower) <= 255)
    return PROTOCOL_NAMES[String(Number(lower))] ?? String(Number(lower));
  throw new ApiError('InvalidParameterValue', `Invalid value '${raw}' for IP protocol. Unknown protocol.`);
}

/** The port range EC2 stores for a protocol: tcp/udp need both ports, the rest default to -1. */
export function normalisePorts(
  protocol: string,
  from: number | undefined,
  to: number | undefined,
): [number, number] {
  if (protocol === 'tcp' || protocol === 'udp') {
    if (from === undefined || to === undefined) {
      throw new ApiError(
        'InvalidParameterValue',
        'Invalid value for portRange. Must specify both from and to ports with TCP/UDP.',
      );
    }
    if (from < 0 || to > 65535 || from > to) {
      throw new ApiError(
        'InvalidParameterValue',
        `Invalid value for portRange. Invalid ports ${from}-${to}.`,
      );
    }
    return [from, to];
  }
  if (protocol === 'icmp' || protocol === 'icmpv6') return [from ?? -1, to ?? -1];
  return [-1, -1];
}

function canonicalIpv4(cidr: string): string {
  const match = cidr.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/);
  const octets = match?.slice(1, 5).map(Number) ?? [];
  const bits = Number(match?.[5]);
  if (!match || octets.some((o) => o > 255) || bits > 32) {
    throw new ApiError(
      'InvalidParameterValue',
      `Value (${cidr}) for parameter cidrIp is invalid. This is not a valid CIDR block.`,
    );
  }
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - bits);
  const network = Math.floor(address / size) * size;
  const parts = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256);
  return `${parts.join('.')}/${bits}`;
}

function checkIpv6(cidr: string): string {
  if (!/^[0-9a-fA-F:]+\/\d{1,3}$/.test(cidr) || Number(cidr.split('/')[1]) > 128) {
    throw new ApiError(
      'InvalidParameterValue',
      `Value (${cidr}) for parameter cidrIpv6 is invalid. This is not a valid IPv6 CIDR block.`,
    );
  }
  return cidr.toLowerCase();
}

/** The peer of a single rule, in describe-security-group-rules field names. */
export type RulePeer = Pick<
  SecurityGroupRule,
  'CidrIpv4' | 'CidrIpv6' | 'PrefixListId' | 'ReferencedGroupInfo'
>;

/** A rule before it has an id: what an IpPermission expands to. */
export interface RuleShape extends RulePeer {
  IpProtocol: string;
  FromPort: number;
  ToPort: number;
  Description?: string;
}

/** Splits IpPermissions into one shape per peer (the unit EC2 gives an id to). */
export function expandPermissions(permissions: IpPermission[], ownerId: string): RuleShape[] {
  const shapes: RuleShape[] = [];
  for (const p of permissions) {
    const protocol = normaliseProtocol(p.IpProtocol);
    const [from, to] = normalisePorts(protocol, p.FromPort, p.ToPort);
    const base = { IpProtocol: protocol, FromPort: from, ToPort: to };
    const described = (d: string | undefined) => (d === undefined ? {} : { Description: d });
    for (const r of p.IpRanges ?? []) {
      shapes.push({ ...base, CidrIpv4: canonicalIpv4(r.CidrIp ?? ''), ...described(r.Description) });
    }
    for (const r of p.Ipv6Ranges ?? []) {
      shapes.push({ ...base, CidrIpv6: checkIpv6(r.CidrIpv6 ?? ''), ...described(r.Description) });
    }
    for (const r of p.PrefixListIds ?? []) {
      shapes.push({ ...base, PrefixListId: r.PrefixListId, ...described(r.Description) });
    }
    for (const r of p.UserIdGroupPairs ?? []) {
      const info = {
        GroupId: r.GroupId,
        UserId: r.UserId ?? ownerId,
        ...(r.VpcId ? { VpcId: r.VpcId } : {}),
        ...(r.VpcPeeringConnectionId ? { VpcPeeringConnectionId: r.VpcPeeringConnectionId } : {}),
      };
      shapes.push({ ...base, ReferencedGroupInfo: info, ...described(r.Description) });
    }
    if (shapes.length === 0 && !(p.IpRanges || p.Ipv6Ranges || p.PrefixListIds || p.UserIdGroupPairs)) {
      throw new ApiError(
        'InvalidParameterValue',
        'The request must specify at least one source or destination.',
      );
    }
  }
  return shapes;
}

export function peerKey(peer: RulePeer): string {
  if (peer.CidrIpv4) return `4:${peer.CidrIpv4}`;
  if (peer.CidrIpv6) return `6:${peer.CidrIpv6}`;
  if (peer.PrefixListId) return `pl:${peer.PrefixListId}`;
  return `sg:${peer.ReferencedGroupInfo?.UserId ?? ''}/${peer.ReferencedGroupInfo?.GroupId ?? ''}`;
}

/** What makes two rules the same rule to EC2 (descriptions do not count). */
export function ruleKey(
  rule: { IsEgress?: boolean; IpProtocol?: string; FromPort?: number; ToPort?: number } & RulePeer,
): string {
  return `${rule.IsEgress ? 'e' : 'i'}|${rule.IpProtocol}|${rule.FromPort}|${rule.ToPort}|${peerKey(rule)}`;
}

/** Merges rules back into IpPermissions (one per protocol and port range), as DescribeSecurityGroups does. */
export function mergeIntoPermissions(rules: SecurityGroupRule[]): IpPermission[] {
  const byRange = new Map<string, IpPermission>();
  for (const rule of rules) {
    const key = `${rule.IpProtocol}|${rule.FromPort}|${rule.ToPort}`;
    let permission = byRange.get(key);
    if (!permission) {
      permission = {
        IpProtocol: rule.IpProtocol,
        ...(rule.IpProtocol === '-1' ? {} : { FromPort: rule.FromPort, ToPort: rule.ToPort }),
        IpRanges: [],
        Ipv6Ranges: [],
        PrefixListIds: [],
        UserIdGroupPairs: [],
      };
      byRange.set(key, permission);
    }
    const d = rule.Description === undefined ? {} : { Description: rule.Description };
    if (rule.CidrIpv4) permission.IpRanges?.push({ CidrIp: rule.CidrIpv4, ...d });
    else if (rule.CidrIpv6) permission.Ipv6Ranges?.push({ CidrIpv6: rule.CidrIpv6, ...d });
    else if (rule.PrefixListId) permission.PrefixListIds?.push({ PrefixListId: rule.PrefixListId, ...d });
    else if (rule.ReferencedGroupInfo) {
      const { GroupId, UserId, VpcId, VpcPeeringConnectionId } = rule.ReferencedGroupInfo;
      permission.UserIdGroupPairs?.push({ GroupId, UserId, VpcId, VpcPeeringConnectionId, ...d });
    }
  }
  return [...byRange.values()];
}
