import type {
  CreateSecurityGroupRequest,
  CreateTagsRequest,
  DeleteSecurityGroupRequest,
  DeleteTagsRequest,
} from '@aws-sdk/client-ec2';
import type { CallContext } from '../context';
import { ApiError } from '../errors';
import { groupNotFound } from './describe';
import { resolveGroup } from './mutations';
import { expandPermissions } from './permissions';
import { DEFAULT_EGRESS, type Ec2Store, type StoredGroup } from './store';

/** Creating and deleting groups, and tagging them (and their rules). */

export function createSecurityGroup(
  store: Ec2Store,
  input: Partial<CreateSecurityGroupRequest>,
  ctx: CallContext,
) {
  if (!input.GroupName)
    throw new ApiError('MissingParameter', 'The request must contain the parameter groupName');
  if (!input.Description) {
    throw new ApiError('MissingParameter', 'The request must contain the parameter groupDescription');
  }
  if (input.GroupName.toLowerCase().startsWith('sg-')) {
    throw new ApiError('InvalidParameterValue', "Group names may not be in the format 'sg-*'.");
  }
  const vpcId = input.VpcId ?? store.defaultVpc(ctx.accountId, ctx.region);
  if (
    store.list(ctx.accountId, ctx.region).some((g) => g.groupName === input.GroupName && g.vpcId === vpcId)
  ) {
    throw new ApiError(
      'InvalidGroup.Duplicate',
      `The security group '${input.GroupName}' already exists for VPC '${vpcId}'`,
    );
  }
  const tags = (input.TagSpecifications ?? [])
    .filter((s) => s.ResourceType === 'security-group')
    .flatMap((s) => s.Tags ?? []);
  const group = store.create({
    account: ctx.accountId,
    region: ctx.region,
    groupName: input.GroupName,
    description: input.Description,
    vpcId,
    tags: Object.fromEntries(tags.map((t) => [t.Key ?? '', t.Value ?? ''])),
  });
  store.addRules(group, expandPermissions([DEFAULT_EGRESS], ctx.accountId), true);
  return {
    GroupId: group.groupId,
    ...(tags.length ? { Tags: tags } : {}),
    SecurityGroupArn: `arn:aws:ec2:${group.region}:${group.ownerId}:security-group/${group.groupId}`,
  };
}

export function deleteSecurityGroup(
  store: Ec2Store,
  input: Partial<DeleteSecurityGroupRequest>,
  ctx: CallContext,
) {
  const group = resolveGroup(store, input, ctx);
  const dependent = store
    .list(ctx.accountId, ctx.region)
    .find((g) => g !== group && g.rules.some((r) => r.ReferencedGroupInfo?.GroupId === group.groupId));
  if (dependent) {
    throw new ApiError('DependencyViolation', `resource ${group.groupId} has a dependent object`);
  }
  store.delete(group);
  return { Return: true, GroupId: group.groupId };
}

type Taggable = { tags: Map<string, string> } | { rule: { Tags?: { Key?: string; Value?: string }[] } };

function findTaggable(store: Ec2Store, resourceId: string, ctx: CallContext): Taggable {
  const groups: StoredGroup[] = store.list(ctx.accountId, ctx.region);
  if (resourceId.startsWith('sg-')) {
    const group = groups.find((g) => g.groupId === resourceId);
    if (!group) throw groupNotFound(resourceId);
    return { tags: group.tags };
  }
  if (resourceId.startsWith('sgr-')) {
    const rule = groups.flatMap((g) => g.rules).find((r) => r.SecurityGroupRuleId === resourceId);
    if (!rule) {
      throw new ApiError(
        'InvalidSecurityGroupRuleId.NotFound',
        `The security group rule ID '${resourceId}' does not exist`,
      );
    }
    return { rule };
  }
  throw new ApiError(
    'InvalidID',
    `The ID '${resourceId}' is not valid (the sandbox tags security groups and rules only)`,
  );
}

function setTag(target: Taggable, key: string, value: string | undefined, remove: boolean): void {
  if ('tags' in target) {
    if (!remove) target.tags.set(key, value ?? '');
    else if (value === undefined || target.tags.get(key) === value) target.tags.delete(key);
    return;
  }
  const tags = target.rule.Tags ?? [];
  const existing = tags.find((t) => t.Key === key);
  if (!remove) {
    if (existing) existing.Value = value ?? '';
    else tags.push({ Key: key, Value: value ?? '' });
  } else if (existing && (value === undefined || existing.Value === value)) {
    tags.splice(tags.indexOf(existing), 1);
  }
  target.rule.Tags = tags;
}

export function createTags(store: Ec2Store, input: Partial<CreateTagsRequest>, ctx: CallContext) {
  const targets = (input.Resources ?? []).map((id) => findTaggable(store, id, ctx));
  for (const tag of input.Tags ?? []) {
    if (!tag.Key) throw new ApiError('InvalidParameterValue', 'Tag keys must not be empty');
    if (tag.Key.toLowerCase().startsWith('aws:')) {
      throw new ApiError(
        'InvalidParameterValue',
        "Tag keys starting with 'aws:' are reserved for internal use",
      );
    }
  }
  for (const target of targets)
    for (const tag of input.Tags ?? []) setTag(target, tag.Key ?? '', tag.Value, false);
  return {};
}

function tagKeys(target: Taggable): string[] {
  return 'tags' in target ? [...target.tags.keys()] : (target.rule.Tags ?? []).map((t) => t.Key ?? '');
}

/** Without Tags, every tag goes; a tag given with a value goes only if the value matches. */
export function deleteTags(store: Ec2Store, input: Partial<DeleteTagsRequest>, ctx: CallContext) {
  const targets = (input.Resources ?? []).map((id) => findTaggable(store, id, ctx));
  for (const target of targets) {
    const tags = input.Tags ?? tagKeys(target).map((Key) => ({ Key, Value: undefined }));
    for (const tag of tags) setTag(target, tag.Key ?? '', tag.Value, true);
  }
  return {};
}
