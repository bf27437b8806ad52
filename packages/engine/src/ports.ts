/**
 * The engine's ports: the small interfaces it needs from the outside world. The @guardrail/aws
 * classes implement them; the results they answer with are @guardrail/aws's own types, imported
 * here, never re-declared. Unit tests use tiny fakes, and the Lambda, `guardrail hub run` and
 * `guardrail demo` plug in the real adapters.
 */

import type {
  AccountLookup,
  ReadGroupResult as AwsReadGroupResult,
  BreakerGroup,
  ClaimStatus,
  MutationFailure,
  MutationResult,
  SecurityGroupGateway,
} from '@guardrail/aws';
import type {
  Baseline,
  Capture,
  CaptureInput,
  ComposedAlert,
  Direction,
  GroupChange,
  Incident,
  IpPermission,
  Mode,
  Plan,
  PrefixListResolutions,
  SecurityGroupChange,
  SecurityGroupState,
} from '@guardrail/core';

export type { AccountLookup, BreakerGroup, ClaimStatus, MutationFailure, MutationResult };
/** How much of a group a read needs (SecurityGroupGateway's own options, not re-declared). */
export type ReadGroupOptions = NonNullable<Parameters<SecurityGroupGateway['readGroup']>[1]>;
/** A group read: found (with its rules and tags), gone, or a classified failure. */
export type ReadGroupResult = AwsReadGroupResult<SecurityGroupState>;

/**
 * One account+region's security groups (SecurityGroupGateway from @guardrail/aws). The mutations
 * answer one result per item, in the order given: EC2 rejects a whole call when one item is
 * already as wanted, and the gateway alone works out which (the engine never re-splits).
 */
export interface SecurityGroupPort {
  /**
   * The group's tags and rules. `ruleIds: false` (the event path, where no change names a rule by
   * id only): one DescribeSecurityGroups, rules without ids, revoked by their one-peer
   * IpPermission. Otherwise the rules carry their ids (DescribeSecurityGroupRules alongside).
   */
  readGroup(groupId: string, options?: ReadGroupOptions): Promise<ReadGroupResult>;
  /**
   * Opens the account's session (AssumeRole) and reads nothing: the failure a read would meet, or
   * undefined. Optional: a port without it opens its session on the first read.
   */
  openSession?(): Promise<MutationFailure | undefined>;
  revoke(
    groupId: string,
    direction: Direction,
    items: { ruleId?: string; permission: IpPermission }[],
  ): Promise<MutationResult[]>;
  authorize(groupId: string, direction: Direction, permissions: IpPermission[]): Promise<MutationResult[]>;
  /**
   * Puts rule descriptions back (a lock policy's `update-description` actions): each item's
   * one-rule permission carries the wanted description (none: the rule's is removed). By rule id
   * when every item has one, else by IpPermissions.
   */
  updateDescriptions(
    groupId: string,
    direction: Direction,
    items: { ruleId?: string; permission: IpPermission }[],
  ): Promise<MutationResult[]>;
  /** Sets tags on the group (a sticky opt-in put back). */
  tag(groupId: string, tags: Readonly<Record<string, string>>): Promise<MutationResult>;
}

/** Hands out the gateway for a member account and region (via the assumed remediation role). */
export type GatewayFactory = (account: string, region: string) => SecurityGroupPort;

/** Is an account an ACTIVE member of the organization (AccountDirectory from @guardrail/aws). */
export interface AccountDirectoryPort {
  lookup(accountId: string): Promise<AccountLookup>;
  /**
   * Takes an answer given elsewhere (the sweep planner's ListAccounts) as if looked up at `asOf`,
   * unless a live answer is cached or the directory reads more than a listing says (OUs).
   */
  prime?(lookup: AccountLookup, asOf: Date): void;
  /** Drops the account's cached answer: the next lookup asks Organizations. */
  forget?(accountId: string): void;
  /** The answer held now (fresh, already settled), without a call; undefined when a lookup would ask. */
  cached?(accountId: string): AccountLookup | undefined;
}

/** Publishes one composed alert (AlertPublisher from @guardrail/aws). */
export interface AlertSink {
  publish(alert: ComposedAlert): Promise<{ messageId: string }>;
  /**
   * Several alerts in as few calls as the sink allows, each outcome a value, in order. Optional:
   * without it, a batch's alerts are published one call each.
   */
  publishAll?(alerts: readonly ComposedAlert[]): Promise<Array<{ messageId: string } | { error: unknown }>>;
}

/** An unprocessable record and why, for the dead-letter queue (design.md section 8). */
export interface DeadLetter {
  recordId: string;
  body: string;
  reason: string;
  /** Short machine-readable reason: `malformed-json`, `invalid-event`, ... */
  code: string;
}
export interface DeadLetterSink {
  send(letter: DeadLetter): Promise<void>;
}

/**
 * The keys already handled (event ids as `event#<id>`, sweep targets as `sweep#<key>`), so a
 * redelivered event produces no second alert (design.md section 6). Claim before acting, complete
 * after success, release after a failure: a claim that is neither (a crash) expires by itself, so
 * the queue's retry can claim again. Shared by every instance when backed by DynamoDB.
 */
export interface DedupeStore {
  /**
   * True when a claim is a round trip to a shared store (DynamoDB): the hub then reads the groups
   * while the claims are out, and discards the reads of events claimed elsewhere (design.md
   * section 9). A local store answers at once: the hub claims first and reads only what it won.
   */
  readonly remote?: boolean;
  claim(key: string): Promise<ClaimStatus>;
  complete(keys: readonly string[]): Promise<void>;
  release(keys: readonly string[]): Promise<void>;
}

/** One fingerprint's remediations in the window, whether its alert is out, and when it stops pausing. */
export interface BreakerRuleCount {
  remediations: number;
  /** A contested alert for it was raised within the current window. */
  alerted: boolean;
  /** When, counting nothing more, it drops below the limit (an upper bound for a bucketed store). */
  resumesAt: Date;
}

/**
 * The circuit breaker's state (design.md section 8): remediations per group and action
 * fingerprint within a window, and whether each was alerted in this window. In memory per
 * instance, or in DynamoDB (@guardrail/aws) for all of them.
 */
export interface BreakerStore {
  /** The group's counts by fingerprint in the window ending at `now` (absent: none). */
  read(
    group: BreakerGroup,
    now: Date,
    options: { maxRemediations: number; windowMinutes: number },
  ): Promise<ReadonlyMap<string, BreakerRuleCount>>;
  /** Claims the contested alert of a fingerprint for this window: true for one caller only. */
  claimAlert(
    group: BreakerGroup,
    fingerprint: string,
    now: Date,
    options: { maxRemediations: number; windowMinutes: number },
  ): Promise<boolean>;
  /** Counts one remediation of each fingerprint of the group at `now`. */
  record(
    group: BreakerGroup,
    fingerprints: readonly string[],
    now: Date,
    options: { maxRemediations: number; windowMinutes: number },
  ): Promise<void>;
}

export type MetricUnit = 'Count' | 'Milliseconds';
export interface MetricPoint {
  name: string;
  unit: MetricUnit;
  value: number;
  /** Extra dimensions of this one point (outcome, reason). */
  dimensions?: Record<string, string>;
}
/** Where the engine's numbers go (Powertools Metrics / EMF in apps/hub). */
export interface MetricsSink {
  record(point: MetricPoint): void;
}

/** Structured logging (Powertools Logger satisfies it). Never pass secrets. */
export interface EngineLogger {
  debug(message: string, attributes?: Record<string, unknown>): void;
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

/** What the parser made of one raw EventBridge event. */
export type ParseOutcome =
  | { status: 'change'; change: SecurityGroupChange }
  /** A valid event Guardrail does not act on (not watched, another rule's tampering...). */
  | { status: 'ignored'; reason: string }
  | { status: 'invalid'; reason: string };
export type EventParser = (event: unknown) => ParseOutcome;

export interface PlanInput {
  group: SecurityGroupState;
  account: string;
  region: string;
  changes: GroupChange[];
  now: Date;
  /** Judge the group as if its tags named this policy and mode (what an opted-out group left). */
  as?: { policy: string; mode: Mode };
  /** The prefix lists the group's rules reference, as read in the member account. */
  prefixLists?: PrefixListResolutions;
  /** The OUs and root the account sits under (for OU-scoped policies); absent: unknown, fails closed. */
  organizationalUnits?: readonly string[];
  /** What the hub last enforced on the group: the plan then says which tags restore a sticky opt-in. */
  remembered?: { policy: string; mode: Mode };
  /** The group's baseline, for a lock policy (ignored by the others). */
  baseline?: Baseline;
}

/** Captures a lock group's baseline with the loaded policies (captureBaseline from @guardrail/core). */
export type BaselineCapturer = (input: Omit<CaptureInput, 'policies'>) => Capture;

/** Reads the managed prefix lists of one account and region (PrefixListReader from @guardrail/aws). */
export interface PrefixListPort {
  resolve(ids: readonly string[]): Promise<PrefixListResolutions>;
  /** The security groups whose rules reference the list (a failure as a value, never thrown). */
  associatedGroups(
    prefixListId: string,
  ): Promise<
    | { status: 'ok'; groups: { groupId: string; ownerId?: string }[] }
    | { status: 'failed'; code: string; message: string }
  >;
}
/** Hands out the prefix-list reader of a member account and region (via the remediation role). */
export type PrefixListSource = (account: string, region: string) => PrefixListPort;
/** Evaluates a group against its policy (planGroup from @guardrail/core, bound to the policies). */
export type GroupPlanner = (input: PlanInput) => Plan;

/** Turns an incident into the alert a person reads (composeAlert from @guardrail/core). */
export type AlertComposer = (incident: Incident) => ComposedAlert | undefined;
