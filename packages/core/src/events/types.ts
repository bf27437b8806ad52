import type { Direction, Rule } from '../rules/types';
import type { WatchedEventName } from './catalog';

/** Who made the call, as CloudTrail's `userIdentity` and request context tell it. */
export interface Actor {
  /** Principal ARN (for an assumed role: the `sts::...:assumed-role/...` ARN). */
  arn?: string;
  /** `IAMUser`, `AssumedRole`, `Root`, `AWSService`, `FederatedUser`, ... */
  type: string;
  /** The caller's account (may differ from the group's account). */
  accountId?: string;
  principalId?: string;
  /** For an assumed role: the role ARN (`sessionContext.sessionIssuer.arn`). */
  sessionIssuerArn?: string;
  sourceIdentity?: string;
  sourceIp?: string;
  userAgent?: string;
  /** True when the call came from the AWS console. */
  viaConsole: boolean;
}

/** A rule that ModifySecurityGroupRules changed: its id and, when the request says, its new shape. */
export interface ModifiedRule {
  ruleId: string;
  rule?: Rule;
}

/**
 * What every parsed CloudTrail event carries, whatever it changed. It is evidence (who, what,
 * when) and a trigger: decisions are taken on the group's current state, never on this alone.
 */
export interface ChangeEnvelope {
  eventId: string;
  eventName: WatchedEventName;
  eventSource: string;
  /** ISO 8601, as CloudTrail wrote it. */
  eventTime: string;
  /** The account that owns the resource (`recipientAccountId`). */
  account: string;
  region: string;
  actor: Actor;
  /** Present when the call failed (`errorCode`): such events are logged and skipped. */
  error?: { code: string; message?: string };
  /** True when the call was made by the guardrail's own remediation role (loop guard). */
  byGuardrail: boolean;
}

/** Rules of one group added, removed or modified (authorize, revoke, modify, update descriptions). */
export interface RuleChange extends ChangeEnvelope {
  kind: 'authorize' | 'revoke' | 'modify' | 'update-description';
  /** The group the call names (empty only for a failed call whose request named none). */
  groupIds: string[];
  /** Absent for ModifySecurityGroupRules, whose request does not say. */
  direction?: Direction;
  /** Rules added by this call, with their new ids when the response carries them. */
  rulesAdded: Rule[];
  /** Rules removed by this call: by shape, or by id only (`ruleIdsRemoved`). */
  rulesRemoved: Rule[];
  ruleIdsRemoved: string[];
  rulesModified: ModifiedRule[];
}

/** Tags set on or removed from one or more groups (EC2 or the Resource Groups Tagging API). */
export interface TagChange extends ChangeEnvelope {
  kind: 'tag' | 'untag';
  groupIds: string[];
  /** Tags set by the call (key -> value). */
  tagsSet: Record<string, string>;
  tagKeysRemoved: string[];
}

/** A group created (with the tags given at creation) or deleted. */
export interface GroupLifecycleChange extends ChangeEnvelope {
  kind: 'create-group' | 'delete-group';
  groupIds: string[];
  /** Tags given at creation (always empty for a deletion). */
  tagsSet: Record<string, string>;
}

/** A call on the member forwarding rule: it names no group, only the EventBridge rule. */
export interface TamperChange extends ChangeEnvelope {
  kind: 'tamper';
  /** The guardrail's own resource the call changed: a member rule, or a member role. */
  target: TamperTarget;
}

export interface TamperTarget {
  type: 'rule' | 'role';
  name: string;
}

/** A managed prefix list's entries changed: every group that references it is re-judged. */
export interface PrefixListChange extends ChangeEnvelope {
  kind: 'prefix-list';
  prefixListId: string;
}

/** One CloudTrail event, parsed and validated: what it changed tells which member it is. */
export type SecurityGroupChange =
  | RuleChange
  | TagChange
  | GroupLifecycleChange
  | TamperChange
  | PrefixListChange;

/** A change to security groups themselves (not tamper, not a prefix list): what a group unit gathers. */
export type GroupChange = Exclude<SecurityGroupChange, TamperChange | PrefixListChange>;

/** What kind of change an event describes. */
export type ChangeKind = SecurityGroupChange['kind'];
