import type { IpPermission, SecurityGroupRule, Tag } from '@aws-sdk/client-ec2';
import type { Input } from '../context';

/**
 * How CloudTrail records EC2's query-protocol requests and responses: lower-camel keys, lists
 * wrapped as `{ items: [...] }` and empty lists as `{}`. ModifySecurityGroupRules is the odd one:
 * its request is recorded under `ModifySecurityGroupRulesRequest` with the API's own casing.
 */

type Json = Record<string, unknown>;

function items<T>(list: T[] | undefined, encode: (item: T) => Json): Json {
  return list && list.length > 0 ? { items: list.map(encode) } : {};
}

/** Drops undefined fields, as a recorded document has none. */
function compact(object: Json): Json {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}

function encodePermission(p: IpPermission): Json {
  return compact({
    ipProtocol: p.IpProtocol,
    fromPort: p.FromPort,
    toPort: p.ToPort,
    groups: items(p.UserIdGroupPairs, (g) =>
      compact({ groupId: g.GroupId, userId: g.UserId, groupName: g.GroupName, description: g.Description }),
    ),
    ipRanges: items(p.IpRanges, (r) => compact({ cidrIp: r.CidrIp, description: r.Description })),
    ipv6Ranges: items(p.Ipv6Ranges, (r) => compact({ cidrIpv6: r.CidrIpv6, description: r.Description })),
    prefixListIds: items(p.PrefixListIds, (r) =>
      compact({ prefixListId: r.PrefixListId, description: r.Description }),
    ),
  });
}

/** What a rule matches (direction, protocol, ports, peer), as both rule sets record it. */
type RuleMatch = Pick<
  SecurityGroupRule,
  'IsEgress' | 'IpProtocol' | 'FromPort' | 'ToPort' | 'CidrIpv4' | 'CidrIpv6' | 'PrefixListId'
>;

function encodeRuleMatch(rule: RuleMatch): Json {
  return {
    isEgress: rule.IsEgress,
    ipProtocol: rule.IpProtocol,
    fromPort: rule.FromPort,
    toPort: rule.ToPort,
    cidrIpv4: rule.CidrIpv4,
    cidrIpv6: rule.CidrIpv6,
    prefixListId: rule.PrefixListId,
  };
}

function encodeRule(rule: SecurityGroupRule): Json {
  return compact({
    groupOwnerId: rule.GroupOwnerId,
    groupId: rule.GroupId,
    securityGroupRuleId: rule.SecurityGroupRuleId,
    ...encodeRuleMatch(rule),
    referencedGroupInfo: rule.ReferencedGroupInfo
      ? compact({ groupId: rule.ReferencedGroupInfo.GroupId, userId: rule.ReferencedGroupInfo.UserId })
      : undefined,
    description: rule.Description,
  });
}

function encodeRevoked(rule: Json): Json {
  return compact({
    securityGroupRuleId: rule.SecurityGroupRuleId,
    groupId: rule.GroupId,
    ...encodeRuleMatch(rule as RuleMatch),
    referencedSecurityGroupId: rule.ReferencedSecurityGroupId,
    description: rule.Description,
  });
}

function encodeTagSpecifications(input: Input): Json {
  const specs = input.TagSpecifications as { ResourceType?: string; Tags?: Tag[] }[] | undefined;
  if (!specs?.length) return {};
  return {
    tagSpecificationSet: items(specs, (s) =>
      compact({
        resourceType: s.ResourceType,
        tags: (s.Tags ?? []).map((t) => ({ key: t.Key, value: t.Value })),
      }),
    ),
  };
}

function groupRef(input: Input): Json {
  return compact({ groupId: input.GroupId, groupName: input.GroupName });
}

function ruleRequest(input: Input): Json {
  const ids = input.SecurityGroupRuleIds as string[] | undefined;
  if (ids?.length) return { securityGroupRuleIds: items(ids, (id) => ({ securityGroupRuleId: id })) };
  const permissions = (input.IpPermissions as IpPermission[] | undefined) ?? [
    compact({
      IpProtocol: input.IpProtocol,
      FromPort: input.FromPort,
      ToPort: input.ToPort,
      IpRanges: input.CidrIp ? [{ CidrIp: input.CidrIp }] : undefined,
    }) as IpPermission,
  ];
  return { ipPermissions: items(permissions, encodePermission) };
}

export function encodeRequest(operation: string, input: Input): Json {
  switch (operation) {
    case 'AuthorizeSecurityGroupIngress':
    case 'AuthorizeSecurityGroupEgress':
    case 'RevokeSecurityGroupIngress':
    case 'RevokeSecurityGroupEgress':
      return { ...groupRef(input), ...ruleRequest(input), ...encodeTagSpecifications(input) };
    case 'UpdateSecurityGroupRuleDescriptionsIngress':
    case 'UpdateSecurityGroupRuleDescriptionsEgress': {
      const descriptions = input.SecurityGroupRuleDescriptions as
        | { SecurityGroupRuleId?: string; Description?: string }[]
        | undefined;
      if (descriptions?.length) {
        return {
          ...groupRef(input),
          securityGroupRuleDescriptionSet: items(descriptions, (d) =>
            compact({ securityGroupRuleId: d.SecurityGroupRuleId, description: d.Description }),
          ),
        };
      }
      return {
        ...groupRef(input),
        ipPermissions: items(input.IpPermissions as IpPermission[], encodePermission),
      };
    }
    case 'ModifySecurityGroupRules': {
      const rules = (input.SecurityGroupRules as Json[] | undefined) ?? [];
      const encoded = rules.map((r) =>
        compact({ SecurityGroupRuleId: r.SecurityGroupRuleId, SecurityGroupRule: r.SecurityGroupRule }),
      );
      return {
        ModifySecurityGroupRulesRequest: {
          GroupId: input.GroupId,
          SecurityGroupRule: encoded.length === 1 ? encoded[0] : encoded,
        },
      };
    }
    case 'CreateSecurityGroup':
      return compact({
        groupName: input.GroupName,
        groupDescription: input.Description,
        vpcId: input.VpcId,
        ...encodeTagSpecifications(input),
      });
    case 'DeleteSecurityGroup':
      return groupRef(input);
    case 'CreateTags':
    case 'DeleteTags':
      return {
        resourcesSet: items(input.Resources as string[] | undefined, (id) => ({ resourceId: id })),
        tagSet: items(input.Tags as Tag[] | undefined, (t) => compact({ key: t.Key, value: t.Value })),
      };
    // The newer EC2 APIs: CloudTrail keeps the request's own shape, in an `<Operation>Request` wrapper.
    case 'ModifyManagedPrefixList':
    case 'RestoreManagedPrefixListVersion':
      return { [`${operation}Request`]: compact({ ...input, DryRun: undefined }) };
    default:
      return {};
  }
}

export function encodeResponse(operation: string, output: Json, requestId: string): Json {
  switch (operation) {
    case 'AuthorizeSecurityGroupIngress':
    case 'AuthorizeSecurityGroupEgress':
      return {
        requestId,
        _return: true,
        securityGroupRuleSet: items(output.SecurityGroupRules as SecurityGroupRule[], encodeRule),
      };
    case 'RevokeSecurityGroupIngress':
    case 'RevokeSecurityGroupEgress':
      return compact({
        requestId,
        _return: true,
        unknownIpPermissionSet: (output.UnknownIpPermissions as IpPermission[] | undefined)?.length
          ? items(output.UnknownIpPermissions as IpPermission[], encodePermission)
          : undefined,
        revokedSecurityGroupRuleSet: items(output.RevokedSecurityGroupRules as Json[], encodeRevoked),
      });
    case 'ModifySecurityGroupRules':
      return {
        ModifySecurityGroupRulesResponse: {
          xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
          requestId,
          return: true,
        },
      };
    case 'CreateSecurityGroup':
      return { requestId, _return: true, groupId: output.GroupId, securityGroupArn: output.SecurityGroupArn };
    case 'DeleteSecurityGroup':
      return { requestId, _return: true, groupId: output.GroupId };
    default:
      return { requestId, _return: true };
  }
}
