import type {
  DescribeSecurityGroupRulesRequest,
  DescribeSecurityGroupsRequest,
  SecurityGroup,
  SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import type { CallContext } from '../context';
import { ApiError } from '../errors';
import { mergeIntoPermissions } from './permissions';
import { applyFilters, paginate, tagFilterValues } from './query';
import type { Ec2Store, StoredGroup } from './store';

export function groupNotFound(groupId: string): ApiError {
  return new ApiError('InvalidGroup.NotFound', `The security group '${groupId}' does not exist`);
}

function toSecurityGroup(group: StoredGroup): SecurityGroup {
  return {
    GroupId: group.groupId,
    GroupName: group.groupName,
    Description: group.description,
    OwnerId: group.ownerId,
    VpcId: group.vpcId,
    SecurityGroupArn: `arn:aws:ec2:${group.region}:${group.ownerId}:security-group/${group.groupId}`,
    IpPermissions: mergeIntoPermissions(group.rules.filter((r) => !r.IsEgress)),
    IpPermissionsEgress: mergeIntoPermissions(group.rules.filter((r) => r.IsEgress)),
    Tags: [...group.tags].map(([Key, Value]) => ({ Key, Value })),
  };
}

function groupFilterValues(group: StoredGroup, name: string): string[] | undefined {
  switch (name) {
    case 'group-id':
      return [group.groupId];
    case 'group-name':
      return [group.groupName];
    case 'vpc-id':
      return [group.vpcId];
    case 'owner-id':
      return [group.ownerId];
    case 'description':
      return [group.description];
    default:
      return tagFilterValues(group.tags, name);
  }
}

export function describeSecurityGroups(
  store: Ec2Store,
  input: DescribeSecurityGroupsRequest,
  ctx: CallContext,
) {
  const all = store.list(ctx.accountId, ctx.region);
  if ((input.GroupIds?.length || input.GroupNames?.length) && input.MaxResults !== undefined) {
    throw new ApiError(
      'InvalidParameterCombination',
      'The parameter groupIds/groupNames cannot be used with the parameter maxResults',
    );
  }
  let selected = all;
  if (input.GroupIds?.length) {
    const missing = input.GroupIds.find((id) => !all.some((g) => g.groupId === id));
    if (missing) throw groupNotFound(missing);
    selected = selected.filter((g) => input.GroupIds?.includes(g.groupId));
  }
  if (input.GroupNames?.length) {
    const defaultVpc = store.defaultVpc(ctx.accountId, ctx.region);
    const missing = input.GroupNames.find(
      (n) => !all.some((g) => g.groupName === n && g.vpcId === defaultVpc),
    );
    if (missing) {
      throw new ApiError(
        'InvalidGroup.NotFound',
        `The security group '${missing}' does not exist in default VPC '${defaultVpc}'`,
      );
    }
    selected = selected.filter((g) => input.GroupNames?.includes(g.groupName) && g.vpcId === defaultVpc);
  }
  const filtered = applyFilters(selected, input.Filters, groupFilterValues);
  const { page, nextToken } = paginate(filtered, input.MaxResults, input.NextToken);
  return { SecurityGroups: page.map(toSecurityGroup), ...(nextToken ? { NextToken: nextToken } : {}) };
}

function ruleFilterValues(rule: SecurityGroupRule, name: string): string[] | undefined {
  if (name === 'group-id') return [rule.GroupId ?? ''];
  if (name === 'security-group-rule-id') return [rule.SecurityGroupRuleId ?? ''];
  const tags = Object.fromEntries((rule.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  return tagFilterValues(tags, name);
}

export function describeSecurityGroupRules(
  store: Ec2Store,
  input: DescribeSecurityGroupRulesRequest,
  ctx: CallContext,
) {
  const rules = store.list(ctx.accountId, ctx.region).flatMap((g) => g.rules);
  let selected = rules;
  if (input.SecurityGroupRuleIds?.length) {
    const missing = input.SecurityGroupRuleIds.find((id) => !rules.some((r) => r.SecurityGroupRuleId === id));
    if (missing) {
      throw new ApiError(
        'InvalidSecurityGroupRuleId.NotFound',
        `The security group rule ID '${missing}' does not exist`,
      );
    }
    selected = rules.filter((r) => input.SecurityGroupRuleIds?.includes(r.SecurityGroupRuleId ?? ''));
  }
  const filtered = applyFilters(selected, input.Filters, ruleFilterValues);
  const { page, nextToken } = paginate(filtered, input.MaxResults, input.NextToken);
  return { SecurityGroupRules: structuredClone(page), ...(nextToken ? { NextToken: nextToken } : {}) };
}
