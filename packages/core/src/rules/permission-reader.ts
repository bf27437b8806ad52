/**
 * One reader of untrusted IpPermissions for the two ways they are written: the EC2 API (and
 * `describe-security-groups` output: PascalCase keys, plain arrays) and CloudTrail records
 * (lowerCamelCase keys, lists wrapped in `{ "items": [...] }`, group pairs under `groups`).
 * The shape is the same; a dialect says which keys and which list syntax to read.
 */
import {
  type Element,
  expectObject,
  type JsonObject,
  optionalArray,
  optionalInteger,
  optionalItems,
  optionalString,
  requiredString,
} from './json-shape';
import { normalizeProtocol } from './protocol';
import type { IpPermission } from './types';

type Field =
  | 'protocol'
  | 'fromPort'
  | 'toPort'
  | 'ipRanges'
  | 'cidrIp'
  | 'ipv6Ranges'
  | 'cidrIpv6'
  | 'prefixListIds'
  | 'prefixListId'
  | 'groupPairs'
  | 'groupId'
  | 'userId'
  | 'vpcId'
  | 'vpcPeeringConnectionId'
  | 'description';

export interface PermissionDialect {
  keys: Record<Field, string>;
  /** The elements of a list field, each with its path. */
  list(obj: JsonObject, key: string, path: string): Element[];
  /** The protocol field as text. */
  protocol(obj: JsonObject, key: string, path: string): string;
}

/** The EC2 API shape, as the SDK and the AWS CLI write it. The protocol is kept as written. */
export const EC2_API_DIALECT: PermissionDialect = {
  keys: {
    protocol: 'IpProtocol',
    fromPort: 'FromPort',
    toPort: 'ToPort',
    ipRanges: 'IpRanges',
    cidrIp: 'CidrIp',
    ipv6Ranges: 'Ipv6Ranges',
    cidrIpv6: 'CidrIpv6',
    prefixListIds: 'PrefixListIds',
    prefixListId: 'PrefixListId',
    groupPairs: 'UserIdGroupPairs',
    groupId: 'GroupId',
    userId: 'UserId',
    vpcId: 'VpcId',
    vpcPeeringConnectionId: 'VpcPeeringConnectionId',
    description: 'Description',
  },
  list: optionalArray,
  protocol: requiredString,
};

/**
 * CloudTrail's shape of `requestParameters.ipPermissions.items[]`. `ipProtocol` is text in
 * records, but a number is what it means: both are accepted and normalized.
 */
export const CLOUDTRAIL_DIALECT: PermissionDialect = {
  keys: {
    protocol: 'ipProtocol',
    fromPort: 'fromPort',
    toPort: 'toPort',
    ipRanges: 'ipRanges',
    cidrIp: 'cidrIp',
    ipv6Ranges: 'ipv6Ranges',
    cidrIpv6: 'cidrIpv6',
    prefixListIds: 'prefixListIds',
    prefixListId: 'prefixListId',
    groupPairs: 'groups',
    groupId: 'groupId',
    userId: 'userId',
    vpcId: 'vpcId',
    vpcPeeringConnectionId: 'vpcPeeringConnectionId',
    description: 'description',
  },
  list: optionalItems,
  protocol(obj, key, path) {
    const value = obj[key];
    if (typeof value === 'number' && Number.isSafeInteger(value)) return normalizeProtocol(value);
    return normalizeProtocol(requiredString(obj, key, path));
  },
};

/** One IpPermission in the EC2 API shape, read in `dialect`; throws ShapeError naming the field. */
export function readIpPermission(obj: JsonObject, path: string, dialect: PermissionDialect): IpPermission {
  const { keys } = dialect;
  const each = <T>(key: string, read: (o: JsonObject, p: string) => T): T[] =>
    dialect
      .list(obj, key, path)
      .map((element) => read(expectObject(element.value, element.path), element.path));
  const described = <T extends object>(entry: T, o: JsonObject, p: string): T => {
    const description = optionalString(o, keys.description, p);
    return description === undefined ? entry : { ...entry, Description: description };
  };
  const permission: IpPermission = { IpProtocol: dialect.protocol(obj, keys.protocol, path) };
  const fromPort = optionalInteger(obj, keys.fromPort, path);
  const toPort = optionalInteger(obj, keys.toPort, path);
  if (fromPort !== undefined) permission.FromPort = fromPort;
  if (toPort !== undefined) permission.ToPort = toPort;
  permission.IpRanges = each(keys.ipRanges, (o, p) =>
    described({ CidrIp: requiredString(o, keys.cidrIp, p) }, o, p),
  );
  permission.Ipv6Ranges = each(keys.ipv6Ranges, (o, p) =>
    described({ CidrIpv6: requiredString(o, keys.cidrIpv6, p) }, o, p),
  );
  permission.PrefixListIds = each(keys.prefixListIds, (o, p) =>
    described({ PrefixListId: requiredString(o, keys.prefixListId, p) }, o, p),
  );
  permission.UserIdGroupPairs = each(keys.groupPairs, (o, p) => {
    const pair = {
      GroupId: requiredString(o, keys.groupId, p),
      UserId: optionalString(o, keys.userId, p),
      VpcId: optionalString(o, keys.vpcId, p),
      VpcPeeringConnectionId: optionalString(o, keys.vpcPeeringConnectionId, p),
    };
    return described(pair, o, p);
  });
  return permission;
}
