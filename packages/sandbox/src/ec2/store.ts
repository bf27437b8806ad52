import type { IpPermission, SecurityGroupRule } from '@aws-sdk/client-ec2';
import type { IdFactory } from '../random';
import { expandPermissions, type RuleShape } from './permissions';

export interface StoredGroup {
  groupId: string;
  groupName: string;
  description: string;
  vpcId: string;
  ownerId: string;
  region: string;
  /** Insertion-ordered, as EC2 lists them. */
  tags: Map<string, string>;
  rules: SecurityGroupRule[];
}

/** A read-only copy of a group, for tests and the demo (`sb.ec2.getGroup`). */
export interface GroupSnapshot extends Omit<StoredGroup, 'tags'> {
  tags: Record<string, string>;
}

/** A group to create directly, as a test or the demo describes it (egress defaults to all-open). */
export interface SeedGroupSpec {
  account: string;
  region: string;
  groupName: string;
  description?: string;
  vpcId?: string;
  tags?: Record<string, string>;
  ingress?: IpPermission[];
  egress?: IpPermission[];
}

export const DEFAULT_EGRESS: IpPermission = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

/** Every security group of every account and region, and each account/region's default VPC. */
export class Ec2Store {
  private readonly groups = new Map<string, Map<string, StoredGroup>>();
  private readonly defaultVpcs = new Map<string, string>();

  constructor(
    /** Shared with the prefix lists (ec2/prefix-lists.ts), so that every id comes from the seed. */
    readonly ids: IdFactory,
    readonly partition: string,
  ) {}

  private scope(account: string, region: string): Map<string, StoredGroup> {
    const key = `${account}|${region}`;
    let groups = this.groups.get(key);
    if (!groups) {
      groups = new Map();
      this.groups.set(key, groups);
    }
    return groups;
  }

  defaultVpc(account: string, region: string): string {
    const key = `${account}|${region}`;
    let vpc = this.defaultVpcs.get(key);
    if (!vpc) {
      vpc = this.ids.resource('vpc');
      this.defaultVpcs.set(key, vpc);
    }
    return vpc;
  }

  list(account: string, region: string): StoredGroup[] {
    return [...this.scope(account, region).values()];
  }

  find(account: string, region: string, groupId: string): StoredGroup | undefined {
    return this.scope(account, region).get(groupId);
  }

  create(spec: {
    account: string;
    region: string;
    groupName: string;
    description: string;
    vpcId?: string;
    tags?: Record<string, string>;
  }): StoredGroup {
    const group: StoredGroup = {
      groupId: this.ids.resource('sg'),
      groupName: spec.groupName,
      description: spec.description,
      vpcId: spec.vpcId ?? this.defaultVpc(spec.account, spec.region),
      ownerId: spec.account,
      region: spec.region,
      tags: new Map(Object.entries(spec.tags ?? {})),
      rules: [],
    };
    this.scope(spec.account, spec.region).set(group.groupId, group);
    return group;
  }

  delete(group: StoredGroup): void {
    this.scope(group.ownerId, group.region).delete(group.groupId);
  }

  /** Gives each shape a fresh `sgr-` id and appends it to the group. */
  addRules(group: StoredGroup, shapes: RuleShape[], isEgress: boolean): SecurityGroupRule[] {
    const added = shapes.map((shape) => {
      const id = this.ids.resource('sgr');
      const rule: SecurityGroupRule = {
        SecurityGroupRuleId: id,
        GroupId: group.groupId,
        GroupOwnerId: group.ownerId,
        IsEgress: isEgress,
        ...shape,
        Tags: [],
        SecurityGroupRuleArn: `arn:${this.partition}:ec2:${group.region}:${group.ownerId}:security-group-rule/${id}`,
      };
      return rule;
    });
    group.rules.push(...added);
    return added;
  }

  seed(spec: SeedGroupSpec): StoredGroup {
    const group = this.create({ ...spec, description: spec.description ?? spec.groupName });
    this.addRules(group, expandPermissions(spec.ingress ?? [], spec.account), false);
    this.addRules(group, expandPermissions(spec.egress ?? [DEFAULT_EGRESS], spec.account), true);
    return group;
  }
}

export function snapshot(group: StoredGroup): GroupSnapshot {
  return {
    groupId: group.groupId,
    groupName: group.groupName,
    description: group.description,
    vpcId: group.vpcId,
    ownerId: group.ownerId,
    region: group.region,
    tags: Object.fromEntries(group.tags),
    rules: structuredClone(group.rules),
  };
}
