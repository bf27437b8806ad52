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

/** What kind of change an event describes. */
export type ChangeKind =
  | 'authorize'
  | 'revoke'
  | 'modify'
  | 'update-description'
  | 'create-group'
  | 'delete-group'
  | 'tag'
  | 'untag'
  | 'tamper';

/** A rule that ModifySecurityGroupRules changed: its id and, when the request says, its new shape. */
export interface ModifiedRule {
  ruleId: string;
  rule?: Rule;
}

/**
 * One CloudTrail event, parsed and validated. It is evidence (who, what, when) and a trigger:
 * decisions are taken on the group's current state, never on this alone.
 */
export interface SecurityGroupChange {
  eventId: string;
  eventName: WatchedEventName;
  eventSource: string;
  /** ISO 8601, as CloudTrail wrote it. */
  eventTime: string;
  /** The account that owns the resource (`recipientAccountId`). */
  account: string;
  region: string;
  kind: ChangeKind;
  /** The security groups the event touches (a tag call may name several; tamper names none). */
  groupIds: string[];
  direction?: Direction;
  actor: Actor;
  /** Rules added by this call, with their new ids when the response carries them. */
  rulesAdded: Rule[];
  /** Rules removed by this call: by shape, or by id only (`ruleIdsRemoved`). */
  rulesRemoved: Rule[];
  ruleIdsRemoved: string[];
  rulesModified: ModifiedRule[];
  /** Tags set by the call (key -> value). */
  tagsSet: Record<string, string>;
  tagKeysRemoved: string[];
  /** For tamper events: the EventBridge rule name the call touched. */
  ruleName?: string;
  /** Present when the call failed (`errorCode`): such events are logged and skipped. */
  error?: { code: string; message?: string };
  /** True when the call was made by the guardrail's own remediation role (loop guard). */
  byGuardrail: boolean;
}
