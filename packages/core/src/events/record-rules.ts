/**
 * Rules as CloudTrail records them: lowerCamelCase, lists wrapped in `{ "items": [...] }`.
 * Request `ipPermissions` are read by the one IpPermission reader (its CloudTrail dialect) and
 * become Rules through the same conversion as the EC2 API shape; the `securityGroupRuleSet` /
 * `revokedSecurityGroupRuleSet` of a response become Rules with ids.
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
import { CLOUDTRAIL_DIALECT, readIpPermission } from '../rules/permission-reader';
import { normalizePorts } from '../rules/protocol';
import type { Direction, Peer, Rule } from '../rules/types';

function each<T>(obj: JsonObject, key: string, path: string, read: (o: JsonObject, p: string) => T): T[] {
  return optionalItems(obj, key, path).map((element: Element) =>
    read(expectObject(element.value, element.path), element.path),
  );
}

/** The rules of `requestParameters.ipPermissions` (absent or `{}`: none). */
export function rulesFromRecordPermissions(params: JsonObject, path: string, direction: Direction): Rule[] {
  return each(params, 'ipPermissions', path, (o, p) => readIpPermission(o, p, CLOUDTRAIL_DIALECT)).flatMap(
    (permission) => rulesFromIpPermission(permission, direction),
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
  const protocol = CLOUDTRAIL_DIALECT.protocol(obj, 'ipProtocol', path);
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
