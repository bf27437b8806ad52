import type {
  AuthorizeSecurityGroupIngressRequest,
  IpPermission,
  ModifySecurityGroupRulesRequest,
  RevokeSecurityGroupIngressRequest,
  SecurityGroupRule,
  TagSpecification,
  UpdateSecurityGroupRuleDescriptionsIngressRequest,
} from '@aws-sdk/client-ec2';
import type { CallContext } from '../context';
import { ApiError } from '../errors';
import { groupNotFound } from './describe';
import {
  expandPermissions,
  normalisePorts,
  normaliseProtocol,
  type RulePeer,
  type RuleShape,
  ruleKey,
} from './permissions';
import type { Ec2Store, StoredGroup } from './store';

/** Authorize, revoke, modify and re-describe rules, with EC2's error codes and all-or-nothing semantics. */

type GroupRef = { GroupId?: string; GroupName?: string };

export function resolveGroup(store: Ec2Store, ref: GroupRef, ctx: CallContext): StoredGroup {
  if (ref.GroupId) {
    const group = store.find(ctx.accountId, ctx.region, ref.GroupId);
    if (!group) throw groupNotFound(ref.GroupId);
    return group;
  }
  if (ref.GroupName) {
    const vpc = store.defaultVpc(ctx.accountId, ctx.region);
    const group = store
      .list(ctx.accountId, ctx.region)
      .find((g) => g.groupName === ref.GroupName && g.vpcId === vpc);
    if (!group) throw groupNotFound(ref.GroupName);
    return group;
  }
  throw new ApiError('MissingParameter', 'The request must contain the parameter groupId or groupName');
}

function describeShape(shape: RuleShape): string {
  const peer = shape.CidrIpv4 ?? shape.CidrIpv6 ?? shape.PrefixListId ?? shape.ReferencedGroupInfo?.GroupId;
  const protocol = shape.IpProtocol === '-1' ? 'ALL' : shape.IpProtocol.toUpperCase();
  return `peer: ${peer}, ${protocol}, from port: ${shape.FromPort}, to port: ${shape.ToPort}, ALLOW`;
}

/** The legacy flat form of AuthorizeSecurityGroupIngress (CidrIp + IpProtocol + ports). */
function requestedPermissions(input: AuthorizeSecurityGroupIngressRequest): IpPermission[] {
  if (input.IpPermissions?.length) return input.IpPermissions;
  if (input.CidrIp || input.SourceSecurityGroupName) {
    return [
      {
        IpProtocol: input.IpProtocol ?? '-1',
        FromPort: input.FromPort,
        ToPort: input.ToPort,
        ...(input.CidrIp ? { IpRanges: [{ CidrIp: input.CidrIp }] } : {}),
      },
    ];
  }
  throw new ApiError('MissingParameter', 'The request must contain the parameter ipPermissions');
}

function checkReferencedGroups(store: Ec2Store, shapes: RuleShape[], ctx: CallContext): void {
  for (const shape of shapes) {
    const ref = shape.ReferencedGroupInfo;
    if (ref?.GroupId && ref.UserId === ctx.accountId && !store.find(ctx.accountId, ctx.region, ref.GroupId)) {
      throw groupNotFound(ref.GroupId);
    }
  }
}

function tagsFor(specs: TagSpecification[] | undefined, resourceType: string) {
  return (specs ?? []).filter((s) => s.ResourceType === resourceType).flatMap((s) => s.Tags ?? []);
}

export function authorize(
  store: Ec2Store,
  input: AuthorizeSecurityGroupIngressRequest,
  ctx: CallContext,
  isEgress: boolean,
) {
  const group = resolveGroup(store, input, ctx);
  const shapes = expandPermissions(requestedPermissions(input), ctx.accountId);
  const taken = new Set(group.rules.map(ruleKey));
  for (const shape of shapes) {
    const key = ruleKey({ ...shape, IsEgress: isEgress });
    if (taken.has(key)) {
      throw new ApiError(
        'InvalidPermission.Duplicate',
        `the specified rule "${describeShape(shape)}" already exists`,
      );
    }
    taken.add(key);
  }
  checkReferencedGroups(store, shapes, ctx);
  const added = store.addRules(group, shapes, isEgress);
  const tags = tagsFor(input.TagSpecifications, 'security-group-rule');
  for (const rule of added) rule.Tags = structuredClone(tags);
  return { Return: true, SecurityGroupRules: structuredClone(added) };
}

function toPermission(shape: RuleShape): IpPermission {
  const d = shape.Description === undefined ? {} : { Description: shape.Description };
  return {
    IpProtocol: shape.IpProtocol,
    FromPort: shape.FromPort,
    ToPort: shape.ToPort,
    ...(shape.CidrIpv4 ? { IpRanges: [{ CidrIp: shape.CidrIpv4, ...d }] } : {}),
    ...(shape.CidrIpv6 ? { Ipv6Ranges: [{ CidrIpv6: shape.CidrIpv6, ...d }] } : {}),
    ...(shape.PrefixListId ? { PrefixListIds: [{ PrefixListId: shape.PrefixListId, ...d }] } : {}),
    ...(shape.ReferencedGroupInfo
      ? {
          UserIdGroupPairs: [
            { GroupId: shape.ReferencedGroupInfo.GroupId, UserId: shape.ReferencedGroupInfo.UserId, ...d },
          ],
        }
      : {}),
  };
}

function toRevoked(rule: SecurityGroupRule) {
  return {
    SecurityGroupRuleId: rule.SecurityGroupRuleId,
    GroupId: rule.GroupId,
    IsEgress: rule.IsEgress,
    IpProtocol: rule.IpProtocol,
    FromPort: rule.FromPort,
    ToPort: rule.ToPort,
    ...(rule.CidrIpv4 ? { CidrIpv4: rule.CidrIpv4 } : {}),
    ...(rule.CidrIpv6 ? { CidrIpv6: rule.CidrIpv6 } : {}),
    ...(rule.PrefixListId ? { PrefixListId: rule.PrefixListId } : {}),
    ...(rule.ReferencedGroupInfo?.GroupId
      ? { ReferencedSecurityGroupId: rule.ReferencedGroupInfo.GroupId }
      : {}),
    ...(rule.Description === undefined ? {} : { Description: rule.Description }),
  };
}

function ruleIdNotFound(id: string): ApiError {
  return new ApiError(
    'InvalidSecurityGroupRuleId.NotFound',
    `The security group rule ID '${id}' does not exist`,
  );
}

function findRule(group: StoredGroup, id: string, isEgress?: boolean): SecurityGroupRule {
  const rule = group.rules.find(
    (r) => r.SecurityGroupRuleId === id && (isEgress === undefined || r.IsEgress === isEgress),
  );
  if (!rule) throw ruleIdNotFound(id);
  return rule;
}

export function revoke(
  store: Ec2Store,
  input: RevokeSecurityGroupIngressRequest,
  ctx: CallContext,
  isEgress: boolean,
) {
  const group = resolveGroup(store, input, ctx);
  let removed: SecurityGroupRule[];
  const unknown: IpPermission[] = [];
  if (input.SecurityGroupRuleIds?.length) {
    removed = input.SecurityGroupRuleIds.map((id) => findRule(group, id, isEgress));
  } else {
    const shapes = expandPermissions(requestedPermissions(input), ctx.accountId);
    removed = [];
    for (const shape of shapes) {
      const key = ruleKey({ ...shape, IsEgress: isEgress });
      const rule = group.rules.find((r) => ruleKey(r) === key);
      if (rule && !removed.includes(rule)) removed.push(rule);
      else if (!rule) unknown.push(toPermission(shape));
    }
    // In the default VPC, EC2 revokes what matches and answers the rest as UnknownIpPermissions
    // (an error only when nothing matches); in any other VPC one unmatched rule fails the whole
    // call and nothing is revoked.
    const inDefaultVpc = group.vpcId === store.defaultVpc(ctx.accountId, ctx.region);
    if (removed.length === 0 || (unknown.length > 0 && !inDefaultVpc)) {
      throw new ApiError(
        'InvalidPermission.NotFound',
        'The specified rule does not exist in this security group.',
      );
    }
  }
  group.rules = group.rules.filter((r) => !removed.includes(r));
  return {
    Return: true,
    ...(unknown.length ? { UnknownIpPermissions: unknown } : {}),
    RevokedSecurityGroupRules: removed.map(toRevoked),
  };
}

export function modifyRules(
  store: Ec2Store,
  input: Partial<ModifySecurityGroupRulesRequest>,
  ctx: CallContext,
) {
  const group = resolveGroup(store, { GroupId: input.GroupId }, ctx);
  const updates = (input.SecurityGroupRules ?? []).map((update) => {
    const rule = findRule(group, update.SecurityGroupRuleId ?? '');
    const req = update.SecurityGroupRule ?? {};
    const protocol = normaliseProtocol(req.IpProtocol ?? rule.IpProtocol);
    const [from, to] = normalisePorts(protocol, req.FromPort ?? rule.FromPort, req.ToPort ?? rule.ToPort);
    const requestedPeer = req.CidrIpv4 ?? req.CidrIpv6 ?? req.PrefixListId ?? req.ReferencedGroupId;
    const peer: RulePeer = requestedPeer
      ? (expandPermissions(
          [
            {
              IpProtocol: protocol,
              FromPort: from,
              ToPort: to,
              ...(req.CidrIpv4 ? { IpRanges: [{ CidrIp: req.CidrIpv4 }] } : {}),
              ...(req.CidrIpv6 ? { Ipv6Ranges: [{ CidrIpv6: req.CidrIpv6 }] } : {}),
              ...(req.PrefixListId ? { PrefixListIds: [{ PrefixListId: req.PrefixListId }] } : {}),
              ...(req.ReferencedGroupId ? { UserIdGroupPairs: [{ GroupId: req.ReferencedGroupId }] } : {}),
            },
          ],
          ctx.accountId,
        )[0] ?? {})
      : rule;
    const next: SecurityGroupRule = {
      ...rule,
      IpProtocol: protocol,
      FromPort: from,
      ToPort: to,
      CidrIpv4: peer.CidrIpv4,
      CidrIpv6: peer.CidrIpv6,
      PrefixListId: peer.PrefixListId,
      ReferencedGroupInfo: peer.ReferencedGroupInfo,
      Description: req.Description,
    };
    for (const k of ['CidrIpv4', 'CidrIpv6', 'PrefixListId', 'ReferencedGroupInfo', 'Description'] as const) {
      if (next[k] === undefined) delete next[k];
    }
    return { rule, next };
  });
  const changed = new Set(updates.map((u) => u.rule));
  const keys = new Set(group.rules.filter((r) => !changed.has(r)).map(ruleKey));
  for (const { next } of updates) {
    const key = ruleKey(next);
    if (keys.has(key)) {
      throw new ApiError(
        'InvalidPermission.Duplicate',
        `the specified rule ${next.SecurityGroupRuleId} would duplicate an existing rule`,
      );
    }
    keys.add(key);
  }
  group.rules = group.rules.map((r) => updates.find((u) => u.rule === r)?.next ?? r);
  return { Return: true };
}

/**
 * UpdateSecurityGroupRuleDescriptions{Ingress,Egress}: by rule id (`SecurityGroupRuleDescriptions`)
 * or by IpPermissions matched on protocol, ports and peer, never both. A target without a
 * description loses its own (EC2's documented way to remove one). An id EC2 does not know in this
 * group and direction is InvalidSecurityGroupRuleId.NotFound, a permission matching no rule
 * InvalidPermission.NotFound.
 */
export function updateDescriptions(
  store: Ec2Store,
  input: UpdateSecurityGroupRuleDescriptionsIngressRequest,
  ctx: CallContext,
  isEgress: boolean,
) {
  const byId = input.SecurityGroupRuleDescriptions?.length ? input.SecurityGroupRuleDescriptions : undefined;
  const byShape = input.IpPermissions?.length ? input.IpPermissions : undefined;
  if (byId && byShape) {
    throw new ApiError(
      'InvalidParameterCombination',
      "The parameter 'ipPermissions' may not be used in combination with 'securityGroupRuleDescriptions'.",
    );
  }
  const group = resolveGroup(store, input, ctx);
  if (!byId && !byShape) {
    throw new ApiError(
      'MissingParameter',
      'The request must contain the parameter ipPermissions or securityGroupRuleDescriptions',
    );
  }
  // Every target is found before anything changes: one unknown rule fails the whole call.
  const changes: { rule: SecurityGroupRule; description?: string }[] = [];
  if (byId) {
    for (const d of byId) {
      changes.push({
        rule: findRule(group, d.SecurityGroupRuleId ?? '', isEgress),
        description: d.Description,
      });
    }
  } else {
    for (const shape of expandPermissions(byShape ?? [], ctx.accountId)) {
      const key = ruleKey({ ...shape, IsEgress: isEgress });
      const rule = group.rules.find((r) => ruleKey(r) === key);
      if (!rule) {
        throw new ApiError(
          'InvalidPermission.NotFound',
          `The specified rule does not exist in this security group.`,
        );
      }
      changes.push({ rule, description: shape.Description });
    }
  }
  for (const { rule, description } of changes) {
    if (description === undefined) delete rule.Description;
    else rule.Description = description;
  }
  return { Return: true };
}
