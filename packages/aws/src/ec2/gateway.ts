import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateTagsCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroup,
  type SecurityGroupRule,
  UpdateSecurityGroupRuleDescriptionsEgressCommand,
  UpdateSecurityGroupRuleDescriptionsIngressCommand,
} from '@aws-sdk/client-ec2';
import {
  type Direction,
  groupStateFromEc2,
  type IpPermission,
  ruleKey,
  rulesFromIpPermission,
  rulesFromIpPermissions,
  type SecurityGroupState,
} from '@guardrail/core';
import { classifyAwsError } from '../classify';
import { AwsOperationError } from '../errors';
import { type DescriptionItem, describedPermission, ruleDescriptions } from './descriptions';
import {
  combinePeers,
  failureFromError,
  type MutationFailure,
  type MutationResult,
  mutationResultFromError,
  type ReadGroupResult,
} from './results';
import { splitPermissions } from './split';

export interface RevokeItem {
  /** Revoke by id when known (exact, immune to description or format differences). */
  ruleId?: string;
  /** Used when there is no id. */
  permission: IpPermission;
}

/** EC2's largest page for both describe calls. */
const PAGE_SIZE = 1000;
/** EC2 accepts at most 200 values per filter (FilterLimitExceeded beyond). */
const FILTER_VALUES_MAX = 200;

/** How much of a group a read needs. */
export interface ReadGroupOptions {
  /**
   * Also list the group's rules with their `sgr-` ids (DescribeSecurityGroupRules, in parallel
   * with the describe: still one sequential step, but two EC2 calls). Without it the group is
   * one DescribeSecurityGroups: its tags, and its rules from IpPermissions, one peer each and
   * without ids; such a rule is revoked by its one-peer IpPermission, which EC2 matches by
   * protocol, ports and peer (never by description), so exactly that rule. Default true.
   */
  ruleIds?: boolean;
}

/** Reads and changes the security groups of one account and region (one EC2 client). */
export class SecurityGroupGateway {
  private region: Promise<string | undefined> | undefined;

  constructor(private readonly ec2: EC2Client) {}

  /**
   * Opens the account's session (the remediation role's AssumeRole, shared by every client of the
   * account) without reading anything, so that a caller can start it while it still checks
   * something else. Resolves with the failure a read would have met (the role missing or denied),
   * or undefined when the session is open; never throws.
   */
  async openSession(): Promise<MutationFailure | undefined> {
    try {
      await this.ec2.config.credentials();
      return undefined;
    } catch (error) {
      const failure = failureFromError(error);
      if (failure.status !== 'not-found') return failure;
      const { code, message } = classifyAwsError(error);
      return { status: 'failed', code, message };
    }
  }

  /**
   * The group and its tags and rules: one DescribeSecurityGroups, plus (by default) its rules
   * with their ids, described in parallel. Failures are values, never thrown.
   */
  async readGroup(
    groupId: string,
    options: ReadGroupOptions = {},
  ): Promise<ReadGroupResult<SecurityGroupState>> {
    try {
      const [groups, rules, region] = await Promise.all([
        this.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] })),
        options.ruleIds === false ? undefined : this.describeRules([groupId]),
        this.clientRegion(),
      ]);
      const group = groups.SecurityGroups?.find((g) => g.GroupId === groupId);
      if (group === undefined) return { status: 'not-found' };
      return { status: 'found', group: toState(group, rules, region) };
    } catch (error) {
      return failureFromError(error);
    }
  }

  /**
   * Revokes by rule id where there is one, by IpPermissions otherwise (the two in parallel), and
   * says what became of each item, in the order given. A rule already gone is `already-applied`;
   * EC2 rejects a whole call when one of several rules is gone, so the items are then revoked one
   * by one (their only extra calls: the engine does not retry them again).
   */
  async revoke(groupId: string, direction: Direction, items: RevokeItem[]): Promise<MutationResult[]> {
    const ruleIds = items.flatMap((item) => (item.ruleId ? [item.ruleId] : []));
    const permissions = items.filter((item) => !item.ruleId).map((item) => item.permission);
    const [byId, byShape] = await Promise.all([
      ruleIds.length > 0 ? this.revokeRuleIds(groupId, direction, ruleIds) : [],
      permissions.length > 0 ? this.revokePermissions(groupId, direction, permissions) : [],
    ]);
    // Back in the order asked: each list answers its own items in order.
    let id = 0;
    let shape = 0;
    return items.map((item) => (item.ruleId ? byId[id++] : byShape[shape++]) as MutationResult);
  }

  /**
   * Authorizes the permissions and says what became of each, in the order given. A duplicate is
   * `already-applied`; EC2 rejects a whole call when one peer of several is a duplicate, so the
   * permissions (then the peers of one permission) are authorized one by one.
   */
  async authorize(
    groupId: string,
    direction: Direction,
    permissions: IpPermission[],
  ): Promise<MutationResult[]> {
    if (permissions.length === 0) return [];
    const result = await this.authorizeOnce(groupId, direction, permissions);
    if (result.status === 'already-applied') {
      if (permissions.length > 1)
        return this.eachAlone(permissions, (p) => this.authorize(groupId, direction, [p]));
      const peers = splitPermissions(permissions);
      if (peers.length > 1)
        return [combinePeers(await this.eachAlone(peers, (p) => this.authorize(groupId, direction, [p])))];
    }
    return permissions.map(() => result);
  }

  /**
   * Puts the descriptions back (a lock policy's `update-description` actions) and says what became
   * of each item, in the order given: one call by rule id when every item has one, else one by
   * IpPermissions. EC2 answers `Return: true` whether or not a rule already had the description,
   * so such an item is `applied` too. A rule gone meanwhile is `already-applied` (with EC2's code):
   * there is no description left to fix, and its removal is a change of its own, reconciled on its
   * own event. EC2 rejects a whole call when one of several rules is gone, so the items (then the
   * peers of one permission) are tried one by one.
   */
  async updateDescriptions(
    groupId: string,
    direction: Direction,
    items: DescriptionItem[],
  ): Promise<MutationResult[]> {
    if (items.length === 0) return [];
    if (items.every((item) => item.ruleId)) return this.describeByIds(groupId, direction, items);
    return this.describeByPermissions(
      groupId,
      direction,
      items.map((item) => describedPermission(item.permission)),
    );
  }

  /**
   * Sets tags on the group (a sticky opt-in put back: the member role may write only the opt-in
   * and mode tag keys). CreateTags overwrites a key's value and leaves the other tags alone.
   */
  async tag(groupId: string, tags: Readonly<Record<string, string>>): Promise<MutationResult> {
    const Tags = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    return this.attempt(() => this.ec2.send(new CreateTagsCommand({ Resources: [groupId], Tags })));
  }

  /**
   * Every group carrying the tag key, with its rules and their ids (for the sweep): the groups
   * in pages of 1,000, then the rules of up to 200 groups per DescribeSecurityGroupRules (one
   * `group-id` filter holding their ids, paginated), never one call per group. Throws
   * AwsOperationError.
   */
  async listOptedInGroups(tagKey: string): Promise<SecurityGroupState[]> {
    try {
      const groups: SecurityGroup[] = [];
      let token: string | undefined;
      do {
        const page = await this.ec2.send(
          new DescribeSecurityGroupsCommand({
            Filters: [{ Name: 'tag-key', Values: [tagKey] }],
            MaxResults: PAGE_SIZE,
            NextToken: token,
          }),
        );
        groups.push(...(page.SecurityGroups ?? []));
        token = page.NextToken;
      } while (token);
      const ids = groups.flatMap((g) => (g.GroupId ? [g.GroupId] : []));
      const chunks: string[][] = [];
      for (let i = 0; i < ids.length; i += FILTER_VALUES_MAX)
        chunks.push(ids.slice(i, i + FILTER_VALUES_MAX));
      const [region, ...ruleChunks] = await Promise.all([
        this.clientRegion(),
        ...chunks.map((chunk) => this.describeRules(chunk)),
      ]);
      // Each group's own rules, in one pass over all of them.
      const byGroup = new Map<string, SecurityGroupRule[]>();
      for (const rule of (ruleChunks as SecurityGroupRule[][]).flat()) {
        const own = byGroup.get(rule.GroupId ?? '');
        if (own) own.push(rule);
        else byGroup.set(rule.GroupId ?? '', [rule]);
      }
      return groups.map((group) =>
        toState(group, byGroup.get(group.GroupId ?? '') ?? [], region as string | undefined),
      );
    } catch (error) {
      throw new AwsOperationError(`list security groups tagged ${tagKey}`, error);
    }
  }

  private async describeRules(groupIds: string[]): Promise<SecurityGroupRule[]> {
    const rules: SecurityGroupRule[] = [];
    let token: string | undefined;
    do {
      const page = await this.ec2.send(
        new DescribeSecurityGroupRulesCommand({
          Filters: [{ Name: 'group-id', Values: groupIds }],
          MaxResults: PAGE_SIZE,
          NextToken: token,
        }),
      );
      rules.push(...(page.SecurityGroupRules ?? []));
      token = page.NextToken;
    } while (token);
    return rules;
  }

  private async revokeRuleIds(
    groupId: string,
    direction: Direction,
    ruleIds: string[],
  ): Promise<MutationResult[]> {
    const input = { GroupId: groupId, SecurityGroupRuleIds: ruleIds };
    const result = await this.attempt(() =>
      direction === 'ingress'
        ? this.ec2.send(new RevokeSecurityGroupIngressCommand(input))
        : this.ec2.send(new RevokeSecurityGroupEgressCommand(input)),
    );
    if (result.status === 'already-applied' && ruleIds.length > 1)
      return this.eachAlone(ruleIds, (id) => this.revokeRuleIds(groupId, direction, [id]));
    return ruleIds.map(() => result);
  }

  private async revokePermissions(
    groupId: string,
    direction: Direction,
    permissions: IpPermission[],
  ): Promise<MutationResult[]> {
    const input = { GroupId: groupId, IpPermissions: permissions };
    let unknown: IpPermission[] = [];
    const result = await this.attempt(async () => {
      const response =
        direction === 'ingress'
          ? await this.ec2.send(new RevokeSecurityGroupIngressCommand(input))
          : await this.ec2.send(new RevokeSecurityGroupEgressCommand(input));
      unknown = response.UnknownIpPermissions ?? [];
    });
    // In a VPC, EC2 answers rules it does not know with `UnknownIpPermissions` rather than an error.
    if (result.status === 'applied' && unknown.length > 0) {
      const gone = new Set(rulesFromIpPermissions(unknown, direction).map(ruleKey));
      return permissions.map((permission) => {
        const rules = rulesFromIpPermission(permission, direction);
        return rules.length > 0 && rules.every((r) => gone.has(ruleKey(r)))
          ? { status: 'already-applied', code: 'UnknownIpPermissions' }
          : result;
      });
    }
    if (result.status === 'already-applied') {
      if (permissions.length > 1)
        return this.eachAlone(permissions, (p) => this.revokePermissions(groupId, direction, [p]));
      const peers = splitPermissions(permissions);
      if (peers.length > 1)
        return [
          combinePeers(await this.eachAlone(peers, (p) => this.revokePermissions(groupId, direction, [p]))),
        ];
    }
    return permissions.map(() => result);
  }

  private async describeByIds(
    groupId: string,
    direction: Direction,
    items: DescriptionItem[],
  ): Promise<MutationResult[]> {
    const input = { GroupId: groupId, SecurityGroupRuleDescriptions: ruleDescriptions(items) };
    const result = await this.attempt(() =>
      direction === 'ingress'
        ? this.ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand(input))
        : this.ec2.send(new UpdateSecurityGroupRuleDescriptionsEgressCommand(input)),
    );
    if (result.status === 'already-applied' && items.length > 1)
      return this.eachAlone(items, (item) => this.describeByIds(groupId, direction, [item]));
    return items.map(() => result);
  }

  private async describeByPermissions(
    groupId: string,
    direction: Direction,
    permissions: IpPermission[],
  ): Promise<MutationResult[]> {
    const input = { GroupId: groupId, IpPermissions: permissions };
    const result = await this.attempt(() =>
      direction === 'ingress'
        ? this.ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand(input))
        : this.ec2.send(new UpdateSecurityGroupRuleDescriptionsEgressCommand(input)),
    );
    if (result.status === 'already-applied') {
      if (permissions.length > 1)
        return this.eachAlone(permissions, (p) => this.describeByPermissions(groupId, direction, [p]));
      const peers = splitPermissions(permissions);
      if (peers.length > 1)
        return [
          combinePeers(
            await this.eachAlone(peers, (p) => this.describeByPermissions(groupId, direction, [p])),
          ),
        ];
    }
    return permissions.map(() => result);
  }

  /** One call per item, in parallel, each answering for its single item. */
  private async eachAlone<T>(
    items: T[],
    call: (item: T) => Promise<MutationResult[]>,
  ): Promise<MutationResult[]> {
    const results = await Promise.all(items.map(call));
    return results.map(([result]) => result ?? { status: 'already-applied', code: 'NothingToDo' });
  }

  private authorizeOnce(
    groupId: string,
    direction: Direction,
    permissions: IpPermission[],
  ): Promise<MutationResult> {
    const input = { GroupId: groupId, IpPermissions: permissions };
    return this.attempt(() =>
      direction === 'ingress'
        ? this.ec2.send(new AuthorizeSecurityGroupIngressCommand(input))
        : this.ec2.send(new AuthorizeSecurityGroupEgressCommand(input)),
    );
  }

  private async attempt(call: () => Promise<unknown>): Promise<MutationResult> {
    try {
      await call();
      return { status: 'applied' };
    } catch (error) {
      return mutationResultFromError(error);
    }
  }

  private clientRegion(): Promise<string | undefined> {
    this.region ??= this.ec2.config.region().catch(() => undefined);
    return this.region;
  }
}

function toState(
  group: SecurityGroup,
  rules: SecurityGroupRule[] | undefined,
  region: string | undefined,
): SecurityGroupState {
  const state = groupStateFromEc2(group, rules);
  if (state.region === undefined && region !== undefined) state.region = region;
  return state;
}
