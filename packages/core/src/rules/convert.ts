/**
 * Conversions between EC2's shapes (IpPermission, SecurityGroupRule) and the one-peer Rule.
 * EC2 bundles several peers in one IpPermission; Guardrail reasons rule by rule.
 */
import { GuardrailError } from '../errors';
import { canonicalCidr } from '../net/cidr';
import { normalizePorts, normalizeProtocol, protocolHasPorts } from './protocol';
import type { Direction, IpPermission, Peer, Rule, SecurityGroupRule, UserIdGroupPair } from './types';

export { normalizeProtocol } from './protocol';

/** A rule-shaped input that has no peer (or no usable one): a caller bug or a malformed document. */
export class RuleConversionError extends GuardrailError {
  override readonly name = 'RuleConversionError';
}

function makeRule(
  direction: Direction,
  protocolInput: string | number | undefined,
  fromPort: number | undefined,
  toPort: number | undefined,
  peer: Peer,
  description: string | undefined,
  ruleId?: string,
): Rule {
  const protocol = normalizeProtocol(protocolInput);
  const rule: Rule = { direction, protocol, ...normalizePorts(protocol, fromPort, toPort), peer };
  if (description !== undefined) rule.description = description;
  if (ruleId !== undefined) rule.ruleId = ruleId;
  return rule;
}

function groupPeer(pair: {
  GroupId?: string;
  UserId?: string;
  VpcId?: string;
  VpcPeeringConnectionId?: string;
}): Peer | undefined {
  if (!pair.GroupId) return undefined;
  const peer: Peer = { kind: 'securityGroup', groupId: pair.GroupId };
  if (pair.UserId) peer.userId = pair.UserId;
  if (pair.VpcId) peer.vpcId = pair.VpcId;
  if (pair.VpcPeeringConnectionId) peer.vpcPeeringConnectionId = pair.VpcPeeringConnectionId;
  return peer;
}

/**
 * One rule per IPv4 range, IPv6 range, prefix list and group pair, each keeping its own
 * description. Entries without their identifying field (a pair named only by GroupName, in
 * EC2-Classic style) are skipped: they cannot be revoked or compared by id.
 */
export function rulesFromIpPermission(permission: IpPermission, direction: Direction): Rule[] {
  const { IpProtocol, FromPort, ToPort } = permission;
  const rule = (peer: Peer, description: string | undefined) =>
    makeRule(direction, IpProtocol, FromPort, ToPort, peer, description);
  const rules: Rule[] = [];
  for (const range of permission.IpRanges ?? []) {
    if (range.CidrIp) rules.push(rule({ kind: 'ipv4', cidr: range.CidrIp }, range.Description));
  }
  for (const range of permission.Ipv6Ranges ?? []) {
    if (range.CidrIpv6) rules.push(rule({ kind: 'ipv6', cidr: range.CidrIpv6 }, range.Description));
  }
  for (const list of permission.PrefixListIds ?? []) {
    if (list.PrefixListId) {
      rules.push(rule({ kind: 'prefixList', prefixListId: list.PrefixListId }, list.Description));
    }
  }
  for (const pair of permission.UserIdGroupPairs ?? []) {
    const peer = groupPeer(pair);
    if (peer) rules.push(rule(peer, pair.Description));
  }
  return rules;
}

export function rulesFromIpPermissions(
  permissions: IpPermission[] | undefined,
  direction: Direction,
): Rule[] {
  return (permissions ?? []).flatMap((permission) => rulesFromIpPermission(permission, direction));
}

/** The peer of a describe-security-group-rules element: exactly one of its four peer fields. */
function securityGroupRulePeer(r: SecurityGroupRule): Peer | undefined {
  if (r.CidrIpv4) return { kind: 'ipv4', cidr: r.CidrIpv4 };
  if (r.CidrIpv6) return { kind: 'ipv6', cidr: r.CidrIpv6 };
  if (r.PrefixListId) return { kind: 'prefixList', prefixListId: r.PrefixListId };
  return r.ReferencedGroupInfo ? groupPeer(r.ReferencedGroupInfo) : undefined;
}

/** A describe-security-group-rules element as a Rule (its id kept). Throws when it names no peer. */
export function ruleFromSecurityGroupRule(r: SecurityGroupRule): Rule {
  const peer = securityGroupRulePeer(r);
  if (!peer) {
    throw new RuleConversionError(`security group rule ${r.SecurityGroupRuleId ?? '(no id)'} has no peer`);
  }
  const direction: Direction = r.IsEgress ? 'egress' : 'ingress';
  return makeRule(direction, r.IpProtocol, r.FromPort, r.ToPort, peer, r.Description, r.SecurityGroupRuleId);
}

/**
 * The identity of a peer. A CIDR is compared by the block it names (`10.0.0.1/8` is
 * `10.0.0.0/8`, as EC2 stores it). A group id is unique across accounts, so the owner is not
 * part of it.
 */
function peerKey(peer: Peer): string {
  switch (peer.kind) {
    case 'ipv4':
      return `ipv4:${canonicalCidr(peer.cidr)}`;
    case 'ipv6':
      return `ipv6:${canonicalCidr(peer.cidr).toLowerCase()}`;
    case 'prefixList':
      return `pl:${peer.prefixListId}`;
    case 'securityGroup':
      return `sg:${peer.groupId}`;
  }
}

/** What makes two rules the same rule to EC2: everything but the description and the id. */
export function ruleKey(rule: Rule): string {
  const protocol = normalizeProtocol(rule.protocol);
  const { fromPort, toPort } = normalizePorts(protocol, rule.fromPort, rule.toPort);
  return `${rule.direction}|${protocol}|${fromPort}:${toPort}|${peerKey(rule.peer)}`;
}

export function sameRule(a: Rule, b: Rule): boolean {
  return ruleKey(a) === ruleKey(b);
}

function withDescription<T extends object>(entry: T, description: string | undefined): T {
  return description === undefined ? entry : { ...entry, Description: description };
}

/**
 * Adds one rule's peer to a permission (mutating it). `ownerId`, when given, is the account of
 * the group the rule belongs to: a referenced group of the same account then carries no UserId.
 */
function addPeer(permission: IpPermission, rule: Rule, ownerId: string | undefined): void {
  const { peer, description } = rule;
  switch (peer.kind) {
    case 'ipv4':
      permission.IpRanges = [
        ...(permission.IpRanges ?? []),
        withDescription({ CidrIp: peer.cidr }, description),
      ];
      return;
    case 'ipv6':
      permission.Ipv6Ranges = [
        ...(permission.Ipv6Ranges ?? []),
        withDescription({ CidrIpv6: peer.cidr }, description),
      ];
      return;
    case 'prefixList':
      permission.PrefixListIds = [
        ...(permission.PrefixListIds ?? []),
        withDescription({ PrefixListId: peer.prefixListId }, description),
      ];
      return;
    case 'securityGroup': {
      const pair: UserIdGroupPair = { GroupId: peer.groupId };
      if (peer.userId && peer.userId !== ownerId) pair.UserId = peer.userId;
      if (peer.vpcId) pair.VpcId = peer.vpcId;
      if (peer.vpcPeeringConnectionId) pair.VpcPeeringConnectionId = peer.vpcPeeringConnectionId;
      permission.UserIdGroupPairs = [
        ...(permission.UserIdGroupPairs ?? []),
        withDescription(pair, description),
      ];
      return;
    }
  }
}

/** The protocol and ports part of a permission; ports omitted for protocols that have none. */
function permissionHead(rule: Rule): IpPermission {
  const protocol = normalizeProtocol(rule.protocol);
  if (!protocolHasPorts(protocol)) return { IpProtocol: protocol };
  const { fromPort, toPort } = normalizePorts(protocol, rule.fromPort, rule.toPort);
  return { IpProtocol: protocol, FromPort: fromPort, ToPort: toPort };
}

export interface PermissionOptions {
  /** The account owning the group the rules belong to: same-account group pairs omit UserId. */
  ownerId?: string;
}

/** A minimal one-rule IpPermission in the EC2 API shape (for revoke and authorize calls). */
export function ipPermissionFromRule(rule: Rule, options: PermissionOptions = {}): IpPermission {
  const permission = permissionHead(rule);
  addPeer(permission, rule, options.ownerId);
  return permission;
}

/**
 * The fewest IpPermissions carrying these rules: one per protocol and port range, in the order
 * the rules first name them. All rules are expected to share one direction (EC2 calls do).
 */
export function ipPermissionsFromRules(rules: Rule[], options: PermissionOptions = {}): IpPermission[] {
  const byHead = new Map<string, IpPermission>();
  for (const rule of rules) {
    const head = permissionHead(rule);
    const key = `${head.IpProtocol}|${head.FromPort}|${head.ToPort}`;
    const permission = byHead.get(key) ?? head;
    byHead.set(key, permission);
    addPeer(permission, rule, options.ownerId);
  }
  return [...byHead.values()];
}
