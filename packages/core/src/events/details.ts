/**
 * What each watched call changed, read from its `requestParameters` and `responseElements`.
 * One reader per family of events; each returns the change-specific fields of one member of the
 * change union (rule, tag, group lifecycle or tamper change).
 */
import {
  childPath,
  isObject,
  type JsonObject,
  optionalItems,
  optionalObject,
  optionalString,
  requiredString,
  ShapeError,
} from '../rules/json-shape';
import type { Direction } from '../rules/types';
import type { GuardedResources, WatchedEventName } from './catalog';
import { EventParseError } from './errors';
import { ruleIdsFromRecord, rulesFromRecordPermissions, rulesFromRuleSet } from './record-rules';
import type {
  ChangeEnvelope,
  ChangeKind,
  GroupLifecycleChange,
  ModifiedRule,
  RuleChange,
  SecurityGroupChange,
  TagChange,
} from './types';

type DetailsOf<T> = T extends unknown ? Omit<T, keyof ChangeEnvelope> : never;

/** The fields of a change that its event's details tell: everything but the envelope. */
export type ChangeDetails = DetailsOf<SecurityGroupChange>;

export interface DetailContext {
  /** The record (`detail` of the envelope, or the bare record). */
  record: JsonObject;
  /** Path of the record: `detail` or empty. */
  path: string;
  /** The guardrail's own rules and roles: calls on them are tampering, on others not ours. */
  guarded: GuardedResources;
}

/** The kinds that are about a security group whatever their details say (unlike tag or tamper calls). */
export type GroupCallKind = RuleChange['kind'] | GroupLifecycleChange['kind'];

/** What a group call changed when nothing else is known of it (a failed call): its kind and groups. */
export function emptyDetails(kind: GroupCallKind, groupIds: string[] = []): ChangeDetails {
  return kind === 'create-group' || kind === 'delete-group'
    ? { kind, groupIds, tagsSet: {} }
    : ruleDetails(kind, groupIds);
}

function ruleDetails(kind: RuleChange['kind'], groupIds: string[]): DetailsOf<RuleChange> {
  return { kind, groupIds, rulesAdded: [], rulesRemoved: [], ruleIdsRemoved: [], rulesModified: [] };
}

function tagDetails(
  kind: TagChange['kind'],
  groupIds: string[],
  changed: { tagsSet?: Record<string, string>; tagKeysRemoved?: string[] },
): DetailsOf<TagChange> {
  return { kind, groupIds, tagsSet: {}, tagKeysRemoved: [], ...changed };
}

const SECURITY_GROUP_ID = /^sg-[0-9a-z]+$/;
const SECURITY_GROUP_ARN = /^arn:[a-z-]+:ec2:[^:]*:\d*:security-group\/(sg-[0-9a-z]+)$/;

function request(ctx: DetailContext): { params: JsonObject; path: string } {
  const params = optionalObject(ctx.record, 'requestParameters', ctx.path);
  if (!params) throw new ShapeError(childPath(ctx.path, 'requestParameters'), 'is required');
  return { params, path: childPath(ctx.path, 'requestParameters') };
}

function response(ctx: DetailContext): { response: JsonObject | undefined; path: string } {
  return {
    response: optionalObject(ctx.record, 'responseElements', ctx.path),
    path: childPath(ctx.path, 'responseElements'),
  };
}

function directionOf(eventName: string): Direction {
  return eventName.endsWith('Egress') ? 'egress' : 'ingress';
}

/**
 * The group a call names: `groupId`, or (for a call on a default-VPC group by `groupName`) the
 * group of the rules the response lists. Neither: malformed, naming `groupId`.
 */
function groupIdOf(params: JsonObject, path: string, fallback?: string): string {
  const groupId = optionalString(params, 'groupId', path) || fallback;
  if (!groupId) throw new ShapeError(childPath(path, 'groupId'), 'is required');
  return groupId;
}

function authorize(ctx: DetailContext, eventName: string): ChangeDetails {
  const { params, path } = request(ctx);
  const direction = directionOf(eventName);
  const { response: res, path: resPath } = response(ctx);
  const created = rulesFromRuleSet(res, 'securityGroupRuleSet', resPath);
  const requested = rulesFromRecordPermissions(params, path, direction);
  const groupId = groupIdOf(params, path, created[0]?.groupId);
  // The response's rules carry their new ids: prefer them to the request's shapes.
  const rulesAdded = created.length > 0 ? created.map((r) => r.rule) : requested;
  return { ...ruleDetails('authorize', [groupId]), direction, rulesAdded };
}

function revoke(ctx: DetailContext, eventName: string): ChangeDetails {
  const { params, path } = request(ctx);
  const direction = directionOf(eventName);
  const { response: res, path: resPath } = response(ctx);
  const revoked = rulesFromRuleSet(res, 'revokedSecurityGroupRuleSet', resPath);
  const requested = rulesFromRecordPermissions(params, path, direction);
  const requestedIds = ruleIdsFromRecord(params, 'securityGroupRuleIds', path);
  const groupId = groupIdOf(params, path, revoked[0]?.groupId);
  const revokedRules = revoked.map((r) => r.rule);
  const ids = [...requestedIds, ...revokedRules.map((rule) => rule.ruleId as string)];
  return {
    ...ruleDetails('revoke', [groupId]),
    direction,
    rulesRemoved: revokedRules.length > 0 ? revokedRules : requested,
    ruleIdsRemoved: [...new Set(ids)],
  };
}

/**
 * ModifySecurityGroupRules: `requestParameters.ModifySecurityGroupRulesRequest` holds `GroupId`
 * and `SecurityGroupRule` (one object, or a list when several rules change at once). The request
 * does not say whether a rule is ingress or egress, so only the ids are reported: a Rule (which
 * needs a direction) cannot be built truthfully from it. The current state tells the rest.
 */
function modify(ctx: DetailContext): ChangeDetails {
  const { params, path } = request(ctx);
  const modifyPath = childPath(path, 'ModifySecurityGroupRulesRequest');
  const body = optionalObject(params, 'ModifySecurityGroupRulesRequest', path);
  if (!body) throw new ShapeError(modifyPath, 'is required');
  const groupId = requiredString(body, 'GroupId', modifyPath);
  const value = body.SecurityGroupRule;
  const single = isObject(value) && !Object.hasOwn(value, 'items');
  const entries = single
    ? [{ value, path: childPath(modifyPath, 'SecurityGroupRule') }]
    : optionalItems(body, 'SecurityGroupRule', modifyPath);
  if (entries.length === 0) throw new ShapeError(childPath(modifyPath, 'SecurityGroupRule'), 'is required');
  const rulesModified: ModifiedRule[] = entries.map((entry) => {
    const item = isObject(entry.value) ? entry.value : undefined;
    if (!item) throw new ShapeError(entry.path, 'expected an object');
    return { ruleId: requiredString(item, 'SecurityGroupRuleId', entry.path) };
  });
  return { ...ruleDetails('modify', [groupId]), rulesModified };
}

/**
 * UpdateSecurityGroupRuleDescriptions*: by rule id (`securityGroupRuleDescriptionSet`) the ids
 * are reported as modified; by IpPermissions the rules are validated (no id to report).
 */
function updateDescriptions(ctx: DetailContext, eventName: string): ChangeDetails {
  const { params, path } = request(ctx);
  const direction = directionOf(eventName);
  rulesFromRecordPermissions(params, path, direction);
  const rulesModified = ruleIdsFromRecord(params, 'securityGroupRuleDescriptionSet', path).map((ruleId) => ({
    ruleId,
  }));
  return { ...ruleDetails('update-description', [groupIdOf(params, path)]), direction, rulesModified };
}

/** Tags given at creation (`tagSpecificationSet.items[].tags`), security-group ones only. */
function creationTags(params: JsonObject, path: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const spec of optionalItems(params, 'tagSpecificationSet', path)) {
    if (!isObject(spec.value)) throw new ShapeError(spec.path, 'expected an object');
    const type = optionalString(spec.value, 'resourceType', spec.path);
    if (type !== undefined && type !== 'security-group') continue;
    Object.assign(tags, tagSet(spec.value, 'tags', spec.path));
  }
  return tags;
}

function createGroup(ctx: DetailContext): ChangeDetails {
  const { params, path } = request(ctx);
  const { response: res, path: resPath } = response(ctx);
  if (!res) throw new ShapeError(resPath, 'is required');
  const groupId = requiredString(res, 'groupId', resPath);
  return { kind: 'create-group', groupIds: [groupId], tagsSet: creationTags(params, path) };
}

function deleteGroup(ctx: DetailContext): ChangeDetails {
  const { params, path } = request(ctx);
  return { kind: 'delete-group', groupIds: [groupIdOf(params, path)], tagsSet: {} };
}

/** `tagSet.items[]` of `{ key, value }` (a missing value is the empty string, as EC2 stores it). */
function tagSet(obj: JsonObject, key: string, path: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const { value, path: at } of optionalItems(obj, key, path)) {
    if (!isObject(value)) throw new ShapeError(at, 'expected an object');
    tags[requiredString(value, 'key', at)] = optionalString(value, 'value', at) ?? '';
  }
  return tags;
}

function onlySecurityGroups(ids: string[], path: string): string[] {
  const groups = ids.filter((id) => SECURITY_GROUP_ID.test(id));
  if (groups.length === 0) {
    throw new EventParseError('not-a-security-group', path, 'names no security group');
  }
  return groups;
}

function ec2Tags(ctx: DetailContext, eventName: string): ChangeDetails {
  const { params, path } = request(ctx);
  const resourcesPath = childPath(path, 'resourcesSet');
  const ids = optionalItems(params, 'resourcesSet', path).map(({ value, path: at }) => {
    if (!isObject(value)) throw new ShapeError(at, 'expected an object');
    return requiredString(value, 'resourceId', at);
  });
  const groupIds = onlySecurityGroups(ids, resourcesPath);
  const tags = tagSet(params, 'tagSet', path);
  if (eventName === 'CreateTags') return tagDetails('tag', groupIds, { tagsSet: tags });
  return tagDetails('untag', groupIds, { tagKeysRemoved: Object.keys(tags) });
}

function strings(obj: JsonObject, key: string, path: string): string[] {
  return optionalItems(obj, key, path).map(({ value, path: at }) => {
    if (typeof value !== 'string') throw new ShapeError(at, 'expected a string');
    return value;
  });
}

function taggingApi(ctx: DetailContext, eventName: string): ChangeDetails {
  const { params, path } = request(ctx);
  const arns = strings(params, 'resourceARNList', path);
  const groupIds = onlySecurityGroups(
    arns.map((arn) => SECURITY_GROUP_ARN.exec(arn)?.[1] ?? arn),
    childPath(path, 'resourceARNList'),
  );
  if (eventName === 'UntagResources') {
    return tagDetails('untag', groupIds, { tagKeysRemoved: strings(params, 'tagKeys', path) });
  }
  const tagsPath = childPath(path, 'tags');
  const tags = optionalObject(params, 'tags', path) ?? {};
  const tagsSet: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    if (typeof value !== 'string') throw new ShapeError(childPath(tagsPath, key), 'expected a string');
    tagsSet[key] = value;
  }
  return tagDetails('tag', groupIds, { tagsSet });
}

const PREFIX_LIST_ID = /^pl-[0-9a-f]{1,32}$/;

/**
 * ModifyManagedPrefixList / RestoreManagedPrefixListVersion: the list id, in the request's
 * `<Operation>Request` wrapper (as CloudTrail writes the newer EC2 APIs) or at its top level.
 */
function prefixList(ctx: DetailContext, eventName: string): ChangeDetails {
  const { params, path } = request(ctx);
  const wrapperKey = `${eventName}Request`;
  const wrapper = optionalObject(params, wrapperKey, path);
  const [body, at] = wrapper ? [wrapper, childPath(path, wrapperKey)] : [params, path];
  const key = Object.hasOwn(body, 'PrefixListId') ? 'PrefixListId' : 'prefixListId';
  const prefixListId = requiredString(body, key, at);
  if (!PREFIX_LIST_ID.test(prefixListId))
    throw new ShapeError(childPath(at, key), `"${prefixListId}" is not a prefix list id`);
  return { kind: 'prefix-list', prefixListId };
}

/** PutTargets / RemoveTargets name the rule `rule`; the other calls name it `name`. */
function tamper(ctx: DetailContext, eventName: string): ChangeDetails {
  const { params, path } = request(ctx);
  const key = eventName.endsWith('Targets') ? 'rule' : 'name';
  const ruleName = requiredString(params, key, path);
  if (!ctx.guarded.ruleNames.includes(ruleName)) {
    throw new EventParseError('not-guardrail-rule', childPath(path, key), `rule ${ruleName} is not guarded`);
  }
  return { kind: 'tamper', target: { type: 'rule', name: ruleName } };
}

/** Every watched IAM call names the role `roleName`. */
function roleTamper(ctx: DetailContext): ChangeDetails {
  const { params, path } = request(ctx);
  const roleName = requiredString(params, 'roleName', path);
  const { roleNames, rolePrefixes } = ctx.guarded;
  if (!roleNames.includes(roleName) && !rolePrefixes.some((prefix) => roleName.startsWith(prefix))) {
    throw new EventParseError(
      'not-guardrail-rule',
      childPath(path, 'roleName'),
      `role ${roleName} is not guarded`,
    );
  }
  return { kind: 'tamper', target: { type: 'role', name: roleName } };
}

const READERS: Record<WatchedEventName, (ctx: DetailContext, eventName: string) => ChangeDetails> = {
  AuthorizeSecurityGroupIngress: authorize,
  AuthorizeSecurityGroupEgress: authorize,
  RevokeSecurityGroupIngress: revoke,
  RevokeSecurityGroupEgress: revoke,
  ModifySecurityGroupRules: modify,
  UpdateSecurityGroupRuleDescriptionsIngress: updateDescriptions,
  UpdateSecurityGroupRuleDescriptionsEgress: updateDescriptions,
  CreateSecurityGroup: createGroup,
  DeleteSecurityGroup: deleteGroup,
  CreateTags: ec2Tags,
  DeleteTags: ec2Tags,
  ModifyManagedPrefixList: prefixList,
  RestoreManagedPrefixListVersion: prefixList,
  TagResources: taggingApi,
  UntagResources: taggingApi,
  DisableRule: tamper,
  DeleteRule: tamper,
  RemoveTargets: tamper,
  PutRule: tamper,
  PutTargets: tamper,
  UpdateAssumeRolePolicy: roleTamper,
  PutRolePolicy: roleTamper,
  DeleteRolePolicy: roleTamper,
  AttachRolePolicy: roleTamper,
  DetachRolePolicy: roleTamper,
  PutRolePermissionsBoundary: roleTamper,
  DeleteRolePermissionsBoundary: roleTamper,
  UpdateRole: roleTamper,
  DeleteRole: roleTamper,
};

export function readDetails(ctx: DetailContext, eventName: WatchedEventName): ChangeDetails {
  return READERS[eventName](ctx, eventName);
}

/** The kind each event produces (used when a failed call's details cannot be read). */
export const KIND_OF: Record<WatchedEventName, ChangeKind> = {
  AuthorizeSecurityGroupIngress: 'authorize',
  AuthorizeSecurityGroupEgress: 'authorize',
  RevokeSecurityGroupIngress: 'revoke',
  RevokeSecurityGroupEgress: 'revoke',
  ModifySecurityGroupRules: 'modify',
  UpdateSecurityGroupRuleDescriptionsIngress: 'update-description',
  UpdateSecurityGroupRuleDescriptionsEgress: 'update-description',
  CreateSecurityGroup: 'create-group',
  DeleteSecurityGroup: 'delete-group',
  CreateTags: 'tag',
  DeleteTags: 'untag',
  ModifyManagedPrefixList: 'prefix-list',
  RestoreManagedPrefixListVersion: 'prefix-list',
  TagResources: 'tag',
  UntagResources: 'untag',
  DisableRule: 'tamper',
  DeleteRule: 'tamper',
  RemoveTargets: 'tamper',
  PutRule: 'tamper',
  PutTargets: 'tamper',
  UpdateAssumeRolePolicy: 'tamper',
  PutRolePolicy: 'tamper',
  DeleteRolePolicy: 'tamper',
  AttachRolePolicy: 'tamper',
  DetachRolePolicy: 'tamper',
  PutRolePermissionsBoundary: 'tamper',
  DeleteRolePermissionsBoundary: 'tamper',
  UpdateRole: 'tamper',
  DeleteRole: 'tamper',
};
