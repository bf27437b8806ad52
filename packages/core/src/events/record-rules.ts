/**
 * Rules as CloudTrail records them: lowerCamelCase, lists wrapped in `{ "items": [...] }`.
 * Request `ipPermissions` become Rules through the same conversion as the EC2 API shape; the
 * `securityGroupRuleSet` / `revokedSecurityGroupRuleSet` of a response become Rules with ids.
 */
import { rulesFromIpPermission } from '../rules/convert';
import {
  childPath,
  type Element,
  expectObject,
  isObject,
  type JsonObject,
  optionalBoolean,
  optionalInteger,
  optionalItems,
  optionalObject,
  optionalString,
  requiredString,
  ShapeError,
} from '../rules/json-shape';
import { normalizePorts, normalizeProtocol } from '../rules/protocol';
import type { Direction, IpPermission, Peer, Rule } from '../rules/types';

function each<T>(obj: JsonObject, key: string, path: string, read: (o: JsonObject, p: string) => T): T[] {
  return optionalItems(obj, key, path).map((element: Element) =>
    read(expectObject(element.value, element.path), element.path),
  );
}

/** A description, when CloudTrail recorded one. */
function described<T extends object>(entry: T, obj: JsonObject, path: string): T {
  const description = optionalString(obj, 'description', path);
  return description === undefined ? entry : { ...entry, Description: description };
}

/** `ipProtocol` is text in records, but a number is what it means: accept both. */
function protocolOf(obj: JsonObject, key: string, path: string): string {
  const value = obj[key];
  if (typeof value === 'number' && Number.isSafeInteger(value)) return normalizeProtocol(value);
  return normalizeProtocol(requiredString(obj, key, path));
}

/** One `ipPermissions.items[]` entry in the EC2 API shape. */
function permissionFromRecord(obj: JsonObject, path: string): IpPermission {
  const permission: IpPermission = { IpProtocol: protocolOf(obj, 'ipProtocol', path) };
  const fromPort = optionalInteger(obj, 'fromPort', path);
  const toPort = optionalInteger(obj, 'toPort', path);
  if (fromPort !== undefined) permission.FromPort = fromPort;
  if (toPort !== undefined) permission.ToPort = toPort;
  permission.IpRanges = each(obj, 'ipRanges', path, (o, p) =>
    described({ CidrIp: requiredString(o, 'cidrIp', p) }, o, p),
  );
  permission.Ipv6Ranges = each(obj, 'ipv6Ranges', path, (o, p) =>
    described({ CidrIpv6: requiredString(o, 'cidrIpv6', p) }, o, p),
  );
  permission.PrefixListIds = each(obj, 'prefixListIds', path, (o, p) =>
    described({ PrefixListId: requiredString(o, 'prefixListId', p) }, o, p),
  );
  permission.UserIdGroupPairs = each(obj, 'groups', path, (o, p) => {
    const pair = {
      GroupId: requiredString(o, 'groupId', p),
      UserId: optionalString(o, 'userId', p),
      VpcId: optionalString(o, 'vpcId', p),
      VpcPeeringConnectionId: optionalString(o, 'vpcPeeringConnectionId', p),
    };
    return described(pair, o, p);
  });
  return permission;
}

/** The rules of `requestParameters.ipPermissions` (absent or `{}`: none). */
export function rulesFromRecordPermissions(params: JsonObject, path: string, direction: Direction): Rule[] {
  return each(params, 'ipPermissions', path, permissionFromRecord).flatMap((permission) =>
    rulesFromIpPermission(permission, direction),
  );
}

function ruleSetPeer(obj: JsonObject, path: string): Peer {
  const cidrIpv4 = optionalString(obj, 'cidrIpv4', path);
  if (cidrIpv4) return { kind: 'ipv4', cidr: cidrIpv4 };
  const cidrIpv6 = optionalString(obj, 'cidrIpv6', path);
  if (cidrIpv6) return { kind: 'ipv6', cidr: cidrIpv6 };
  const prefixListId = optionalString(obj, 'prefixListId', path);
  if (prefixListId) return { kind: 'prefixList', prefixListId };
  const referenced = optionalObject(obj, 'referencedGroupInfo', path);
  if (referenced) {
    const at = childPath(path, 'referencedGroupInfo');
    const peer: Peer = { kind: 'securityGroup', groupId: requiredString(referenced, 'groupId', at) };
    const userId = optionalString(referenced, 'userId', at);
    if (userId) peer.userId = userId;
    return peer;
  }
  // A revoked rule names the referenced group by id only.
  const referencedGroupId = optionalString(obj, 'referencedGroupId', path);
  if (referencedGroupId) return { kind: 'securityGroup', groupId: referencedGroupId };
  throw new ShapeError(path, 'names no peer (cidrIpv4, cidrIpv6, prefixListId or referencedGroupInfo)');
}

/** A rule of a response's rule set, with its group. */
export interface RecordRule {
  groupId: string;
  rule: Rule;
}

function ruleFromRuleSetItem(obj: JsonObject, path: string): RecordRule {
  const protocol = protocolOf(obj, 'ipProtocol', path);
  const rule: Rule = {
    direction: optionalBoolean(obj, 'isEgress', path) ? 'egress' : 'ingress',
    protocol,
    ...normalizePorts(protocol, optionalInteger(obj, 'fromPort', path), optionalInteger(obj, 'toPort', path)),
    peer: ruleSetPeer(obj, path),
    ruleId: requiredString(obj, 'securityGroupRuleId', path),
  };
  const description = optionalString(obj, 'description', path);
  if (description !== undefined) rule.description = description;
  return { groupId: requiredString(obj, 'groupId', path), rule };
}

/** The rules of `responseElements.<key>` (a `securityGroupRuleSet`-style list). */
export function rulesFromRuleSet(response: JsonObject | undefined, key: string, path: string): RecordRule[] {
  return response ? each(response, key, path, ruleFromRuleSetItem) : [];
}

/** Rule ids listed as `{ items: [{ securityGroupRuleId }] }` (or as bare strings). */
export function ruleIdsFromRecord(params: JsonObject, key: string, path: string): string[] {
  return optionalItems(params, key, path).map(({ value, path: at }) => {
    if (typeof value === 'string' && value !== '') return value;
    if (isObject(value)) return requiredString(value, 'securityGroupRuleId', at);
    throw new ShapeError(at, 'expected a security group rule id');
  });
}
