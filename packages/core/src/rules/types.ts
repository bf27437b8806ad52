/**
 * The rule model: one security-group rule = one direction, one protocol, one port range and
 * exactly one peer. EC2 speaks in IpPermissions that bundle several peers; Guardrail reasons
 * rule by rule, because that is the unit EC2 gives an id to and the unit we revoke.
 */

export type Direction = 'ingress' | 'egress';

/**
 * Exactly one peer of a rule.
 * - `ipv4` / `ipv6`: a CIDR block as written by EC2 (not normalised, so revokes match exactly).
 * - `prefixList`: a managed prefix list id.
 * - `securityGroup`: a referenced group, possibly in another account (`userId`) or VPC.
 */
export type Peer =
  | { kind: 'ipv4'; cidr: string }
  | { kind: 'ipv6'; cidr: string }
  | { kind: 'prefixList'; prefixListId: string }
  | {
      kind: 'securityGroup';
      groupId: string;
      userId?: string;
      vpcId?: string;
      vpcPeeringConnectionId?: string;
    };

/**
 * Protocol as EC2 normalises it: `-1` (all), `tcp`, `udp`, `icmp`, `icmpv6`, or an IP protocol
 * number as a decimal string (`"50"`). Numbers for tcp (6), udp (17), icmp (1) and icmpv6 (58)
 * are normalised to their names.
 */
export type Protocol = string;

export interface Rule {
  direction: Direction;
  protocol: Protocol;
  /**
   * For tcp/udp: the port range. For icmp/icmpv6: `fromPort` is the type and `toPort` the code,
   * `-1` meaning any. For `-1` and other protocols: both `-1` (every port).
   */
  fromPort: number;
  toPort: number;
  peer: Peer;
  description?: string;
  /** `sgr-...`, when EC2 told us (describe-security-group-rules, or an authorize response). */
  ruleId?: string;
}

/** EC2 API shapes (the subset Guardrail reads and writes), exactly as the API spells them. */
export interface IpRange {
  CidrIp?: string;
  Description?: string;
}
export interface Ipv6Range {
  CidrIpv6?: string;
  Description?: string;
}
export interface PrefixListId {
  PrefixListId?: string;
  Description?: string;
}
export interface UserIdGroupPair {
  GroupId?: string;
  GroupName?: string;
  UserId?: string;
  VpcId?: string;
  VpcPeeringConnectionId?: string;
  PeeringStatus?: string;
  Description?: string;
}
export interface IpPermission {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: IpRange[];
  Ipv6Ranges?: Ipv6Range[];
  PrefixListIds?: PrefixListId[];
  UserIdGroupPairs?: UserIdGroupPair[];
}

/** One element of `describe-security-group-rules`' `SecurityGroupRules`. */
export interface SecurityGroupRule {
  SecurityGroupRuleId?: string;
  GroupId?: string;
  GroupOwnerId?: string;
  IsEgress?: boolean;
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  CidrIpv4?: string;
  CidrIpv6?: string;
  PrefixListId?: string;
  ReferencedGroupInfo?: {
    GroupId?: string;
    UserId?: string;
    VpcId?: string;
    VpcPeeringConnectionId?: string;
    PeeringStatus?: string;
  };
  Description?: string;
  Tags?: { Key?: string; Value?: string }[];
}

/** A security group as Guardrail reasons about it: identity, tags, and its rules one by one. */
export interface SecurityGroupState {
  groupId: string;
  groupName?: string;
  vpcId?: string;
  description?: string;
  /** The owning account. */
  ownerId?: string;
  region?: string;
  tags: Record<string, string>;
  rules: Rule[];
}
