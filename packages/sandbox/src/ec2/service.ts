import { EC2_EVENT_NAMES } from '@guardrail/core';
import { encodeRequest, encodeResponse } from '../cloudtrail/ec2-encoding';
import type { CloudTrail } from '../cloudtrail/trail';
import type { CallContext, Handler, Input } from '../context';
import { ApiError, SandboxError } from '../errors';
import type { CallerProfile } from '../types';
import { describeSecurityGroupRules, describeSecurityGroups } from './describe';
import { createSecurityGroup, createTags, deleteSecurityGroup, deleteTags } from './groups';
import { authorize, modifyRules, revoke, updateDescriptions } from './mutations';
import { PrefixListStore, type SeedPrefixListSpec } from './prefix-lists';
import { type Ec2Store, type GroupSnapshot, type SeedGroupSpec, snapshot } from './store';

const MUTATING = new Set<string>(EC2_EVENT_NAMES);

/** EC2 as the SDK sees it: the operations, DryRun, and a CloudTrail event for every mutating call. */
export class Ec2Service {
  private readonly handlers: Record<string, Handler>;
  /** Managed prefix lists (Describe, GetEntries, GetAssociations, Create, Modify). */
  readonly prefixLists: PrefixListStore;

  constructor(
    private readonly store: Ec2Store,
    private readonly trail: CloudTrail,
    private readonly profileFor: (ctx: CallContext) => CallerProfile,
  ) {
    const s = store;
    this.prefixLists = new PrefixListStore(store);
    this.handlers = {
      ...this.prefixLists.handlers,
      DescribeSecurityGroups: (i, c) => describeSecurityGroups(s, i, c),
      DescribeSecurityGroupRules: (i, c) => describeSecurityGroupRules(s, i, c),
      AuthorizeSecurityGroupIngress: (i, c) => authorize(s, i, c, false),
      AuthorizeSecurityGroupEgress: (i, c) => authorize(s, i, c, true),
      RevokeSecurityGroupIngress: (i, c) => revoke(s, i, c, false),
      RevokeSecurityGroupEgress: (i, c) => revoke(s, i, c, true),
      ModifySecurityGroupRules: (i, c) => modifyRules(s, i, c),
      UpdateSecurityGroupRuleDescriptionsIngress: (i, c) => updateDescriptions(s, i, c, false),
      UpdateSecurityGroupRuleDescriptionsEgress: (i, c) => updateDescriptions(s, i, c, true),
      CreateSecurityGroup: (i, c) => createSecurityGroup(s, i, c),
      DeleteSecurityGroup: (i, c) => deleteSecurityGroup(s, i, c),
      CreateTags: (i, c) => createTags(s, i, c),
      DeleteTags: (i, c) => deleteTags(s, i, c),
    };
  }

  serves(operation: string): boolean {
    return operation in this.handlers;
  }

  handle(operation: string, input: Input, ctx: CallContext): object {
    const handler = this.handlers[operation];
    if (!handler) throw new SandboxError(`the sandbox does not serve ec2:${operation}`);
    try {
      if (input.DryRun === true) {
        throw new ApiError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
      }
      const output = handler(input, ctx) as Record<string, unknown>;
      if (MUTATING.has(operation)) this.record(operation, input, ctx, output);
      return output;
    } catch (error) {
      if (error instanceof ApiError) this.recordFailure(operation, input, ctx, error);
      throw error;
    }
  }

  /** A failed mutating call is recorded too, with CloudTrail's `Client.` / `Server.` prefixed code. */
  recordFailure(operation: string, input: Input, ctx: CallContext, error: ApiError): void {
    if (!MUTATING.has(operation)) return;
    const prefix = error.fault === 'server' ? 'Server' : 'Client';
    this.record(operation, input, ctx, undefined, {
      code: `${prefix}.${error.code}`,
      message: error.message,
    });
  }

  private record(
    operation: string,
    input: Input,
    ctx: CallContext,
    output: Record<string, unknown> | undefined,
    error?: { code: string; message: string },
  ): void {
    this.trail.record({
      key: ctx.key,
      profile: this.profileFor(ctx),
      userAgent: ctx.userAgent,
      region: ctx.region,
      recipientAccountId: ctx.accountId,
      requestId: ctx.requestId,
      eventSource: 'ec2.amazonaws.com',
      eventName: operation,
      requestParameters: encodeRequest(operation, input),
      responseElements: output ? encodeResponse(operation, output, ctx.requestId) : null,
      ...(error ? { error } : {}),
    });
  }

  /** Creates a group directly (no event): the starting state of a test or the demo. Returns its id. */
  seedSecurityGroup(spec: SeedGroupSpec): string {
    return this.store.seed(spec).groupId;
  }

  /** Creates a managed prefix list directly (no event); `owner: 'AWS'` for an AWS-managed one. Returns its id. */
  seedPrefixList(spec: SeedPrefixListSpec): string {
    return this.prefixLists.seed(spec).id;
  }

  getGroup(account: string, region: string, groupId: string): GroupSnapshot | undefined {
    const group = this.store.find(account, region, groupId);
    return group ? snapshot(group) : undefined;
  }

  listGroups(account: string, region: string): GroupSnapshot[] {
    return this.store.list(account, region).map(snapshot);
  }
}
