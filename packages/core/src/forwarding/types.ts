/**
 * The forwarding health check's contracts (design.md section 7: "a health check from the hub
 * verifies every account x region's forwarding rule, target and member-side DLQ"). What Guardrail
 * deployed in one member account x region (expected), what the hub read there (observed, in the
 * shapes DescribeRule, ListTargetsByRule and GetQueueAttributes answer), and what differs
 * (problems). Pure data: the AWS adapter reads, core compares.
 */
import type { EventPattern } from '../events/forwarding-patterns';

/** Which of Guardrail's member rules a rule is. */
export type MemberRuleKind = 'forwarding' | 'watchdog' | 'role-watch';

/** The one target every member rule has: the hub bus, through the region's forwarder role. */
export interface ExpectedTarget {
  Id: string;
  Arn: string;
  RoleArn: string;
  DeadLetterConfig: { Arn: string };
}

export interface ExpectedRule {
  kind: MemberRuleKind;
  name: string;
  /** Member rules live on the account's default bus (CloudTrail events arrive there). */
  eventBusName: string;
  pattern: EventPattern;
  target: ExpectedTarget;
}

/** What Guardrail deployed in one account x region (the member stack's rules and queue). */
export interface ExpectedForwarding {
  account: string;
  region: string;
  /** In the order they are checked (and their problems listed): forwarding, watchdog, role-watch. */
  rules: ExpectedRule[];
  /** The member dead-letter queue of the rules' target. */
  queue: { name: string; arn: string };
}

/** A read that failed (AccessDenied, throttled past the SDK's retries...): nothing can be said. */
export interface ForwardingUnreadable {
  status: 'unreadable';
  /** The AWS error code, or the error's name. */
  code: string;
  message: string;
}

export interface ForwardingMissing {
  status: 'missing';
}

/** A target as ListTargetsByRule answers it, the fields that decide where an event goes and how. */
export interface ObservedTarget {
  Id: string;
  Arn: string;
  RoleArn?: string;
  DeadLetterConfig?: { Arn?: string };
  /** Any of these reshapes what reaches the hub: Guardrail's target sets none. */
  Input?: string;
  InputPath?: string;
  InputTransformer?: object;
}

/** A rule as DescribeRule (and ListTargetsByRule) answered it. */
export interface ObservedRuleFound {
  /** `ENABLED`, `DISABLED`, `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`. */
  state: string;
  /** JSON text, as DescribeRule returns it; absent for a rule with no pattern (a schedule). */
  eventPattern?: string;
  eventBusName: string;
  /** Every page of ListTargetsByRule, or why it could not be listed. */
  targets: ObservedTarget[] | ForwardingUnreadable;
}

export type ObservedRule = ObservedRuleFound | ForwardingMissing | ForwardingUnreadable;

/** The dead-letter queue: its visible messages (ApproximateNumberOfMessages). */
export type ObservedQueue = { messages: number } | ForwardingMissing | ForwardingUnreadable;

/** What the hub read in one account x region. */
export interface ObservedForwarding {
  /** By rule name. */
  rules: Record<string, ObservedRule>;
  queue: ObservedQueue;
}

export type ForwardingProblemCode =
  | 'rule-missing'
  | 'rule-disabled'
  /** A state other than ENABLED or DISABLED (`ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`). */
  | 'state-changed'
  | 'bus-changed'
  | 'pattern-changed'
  | 'target-missing'
  | 'target-changed'
  | 'extra-target'
  | 'dead-letters'
  | 'queue-missing'
  /** Could not be verified: nothing is known broken. */
  | 'unreadable';

export interface ForwardingProblem {
  code: ForwardingProblemCode;
  /** The rule's or the queue's name. */
  resource: string;
  /** For a person: names the rule or queue and what differs. */
  detail: string;
}
