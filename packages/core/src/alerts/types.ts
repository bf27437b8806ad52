/**
 * Alert contracts (design.md section 6). The hub turns every group incident into one
 * ComposedAlert: a subject, a text body for people, a versioned JSON document for machines, and
 * SNS message attributes for subscription filter policies. The document is the source of facts;
 * subject, text and attributes are all rendered from it.
 */
import type { Baseline } from '../baseline/types';
import type { ChangeKind, GroupChange, TamperChange, TamperTarget } from '../events/types';
import type { ForwardingProblem } from '../forwarding/types';
import type { Action, Cause, Mode, Plan, ViolationCode } from '../plan/types';
import type { Direction, IpPermission } from '../rules/types';

/** What happened to one planned action when the hub executed it. */
export interface ActionOutcome {
  action: Action;
  status: 'succeeded' | 'already-applied' | 'failed' | 'skipped';
  /** Why it failed or was skipped (an AWS error code and message, never credentials). */
  error?: string;
  /** ISO 8601 instant the call returned (the end of the exposure window for a revoke). */
  completedAt?: string;
}

/** Where an incident happened. */
export interface IncidentContext {
  account: { id: string; name?: string };
  region: string;
  group: { groupId: string; groupName?: string; vpcId?: string };
}

/** One group incident (or one account/region incident): what the hub alerts about. */
export type Incident =
  | {
      kind: 'remediation';
      plan: Plan;
      outcomes: ActionOutcome[];
      context: IncidentContext;
      completedAt: string;
    }
  | { kind: 'misconfigured'; plan: Plan; context: IncidentContext }
  | {
      kind: 'account-error';
      account: { id: string; name?: string };
      region: string;
      reason: string;
      code?: string;
      changes: GroupChange[];
    }
  | {
      kind: 'contested';
      plan: Plan;
      context: IncidentContext;
      remediations: number;
      windowMinutes: number;
      /** ISO 8601: when the breaker stops holding the rules back (at the latest). */
      resumesAt: string;
    }
  | { kind: 'tamper'; change: TamperChange }
  | { kind: 'group-deleted'; context: IncidentContext; changes: GroupChange[] }
  | ({ kind: 'opt-out'; context: IncidentContext } & OptOutFacts)
  | {
      kind: 'forwarding';
      account: { id: string; name?: string };
      region: string;
      /** `broken`: the health check found problems; `resolved`: none left (`problems`: those it had before). */
      status: ForwardingStatus;
      problems: ForwardingProblem[];
      /** ISO 8601: when the health check read the member resources. */
      checkedAt: string;
    }
  | BaselineIncident
  | {
      kind: 'sweep';
      /** Where the sweep ran: the hub's account and region. */
      account: { id: string; name?: string };
      region: string;
      sweep: SweepSummaryFacts;
    };

/**
 * The summary of one scheduled sweep (kinds/sweep.ts), the backstop that re-checks every
 * account x region: published once when its last target finishes, or as `overdue` when not all
 * had finished by its deadline.
 */
export interface SweepSummaryFacts {
  sweepId: string;
  /** `complete`: every target finished; `overdue`: not all had finished by the sweep's deadline. */
  status: 'complete' | 'overdue';
  /** ISO 8601: when the sweep was planned. */
  startedAt: string;
  /** ISO 8601: when the last target finished (complete), or when the deadline was checked (overdue). */
  at: string;
  durationSeconds: number;
  accounts: number;
  regions: string[];
  /** Account x region targets: planned, and finished so far. */
  targets: { expected: number; finished: number };
  /** Opted-in groups checked, violations found in them, groups fixed (remediated). */
  groups: number;
  violations: number;
  fixed: number;
  /** Accounts that could not be read (account error) or were skipped (not active), with the reason; at most 100 listed. */
  unreadable: { account: string; reason: string }[];
  /** Such accounts in all (the list may be cut at 100). */
  unreadableCount: number;
}

/**
 * What became of a lock policy's baseline (kinds/baseline.ts): `captured` (the first version),
 * `updated` (a trusted principal's change accepted), `accepted` (`guardrail baseline accept`),
 * `unavailable` (it could not be read: the group is not judged), `unsaved` (a new version could
 * not be written).
 */
export type BaselineEvent = 'captured' | 'updated' | 'accepted' | 'unavailable' | 'unsaved';

export interface BaselineIncident {
  kind: 'baseline';
  context: IncidentContext;
  event: BaselineEvent;
  /** The triggering changes (empty: a sweep). */
  changes: GroupChange[];
  /** The baseline now in force (captured/updated/accepted), or the one that could not be saved (unsaved). */
  baseline?: Baseline;
  /** The version it replaced (updated/accepted, or the one still kept when unsaved). */
  previousVersion?: number;
  /** Who set it: the trusted principal (updated), the opt-in's actor or the hub (captured), the CLI caller (accepted). */
  by?: string;
  /** Why the baseline could not be read (unavailable) or saved (unsaved). */
  error?: string;
  /** The lock policy the group is under; defaults to the baseline's. */
  policy?: string;
}

/** The forwarding health check's verdict on one account x region (kinds/forwarding.ts). */
export type ForwardingStatus = 'broken' | 'resolved';

/** What an opt-out incident tells (kinds/opt-out.ts). */
export interface OptOutFacts {
  /** What the hub last enforced. */
  from: { policy: string; mode: Mode };
  /** Where the group stands now: another policy or mode, a misconfiguration, or nothing (unmanaged). */
  to: { policy?: string; mode?: Mode; misconfiguration?: string };
  /** The group's plan as if it were still under `from`: its violations of what it left. */
  left: Plan;
  changes: GroupChange[];
  /** True when the opt-out was told before and an event now brings a new violation of what it left. */
  followUp: boolean;
  /** Present when the policy left is sticky (`optOut: restore`): the tags put back, or why not. */
  restore?: OptInRestore;
}

/** The hub putting a sticky opt-in back: done (and the policy enforced again), or failed (told). */
export type OptInRestore =
  | { status: 'restored'; tags: Record<string, string> }
  | { status: 'failed'; tags: Record<string, string>; code: string; message: string };

export type IncidentKind = Incident['kind'];

export type Severity = 'critical' | 'high' | 'medium' | 'info';

/** The `outcome` message attribute: one value per incident, for subscription filter policies. */
export type AlertOutcome =
  | 'remediated'
  | 'partially-remediated'
  | 'failed'
  | 'audit'
  | 'misconfigured'
  | 'account-error'
  | 'contested'
  | 'tamper'
  | 'group-deleted'
  | 'opted-out'
  | 'opt-in-restored'
  | 'unverifiable'
  | 'forwarding-broken'
  | 'forwarding-unverified'
  | 'forwarding-resolved'
  | 'baseline-captured'
  | 'baseline-updated'
  | 'baseline-accepted'
  | 'baseline-unavailable'
  | 'baseline-unsaved'
  | 'sweep-complete'
  | 'sweep-overdue';

/**
 * What became of one finding: `reverted` (this hub's revoke succeeded), `restored` (this hub
 * authorized a missing required rule again, or put a baseline rule's description back), `already-applied` (EC2 answered that the rule was
 * already as wanted: another hub instance or a person had already done it, so this hub neither
 * reverted nor restored it and measures no exposure window for it), `audit-only` (audit mode:
 * reported, not changed), `failed`, `skipped` (not attempted: an earlier failure, the circuit
 * breaker), `not-planned` (no action covered it).
 */
export type Decision =
  | 'reverted'
  | 'restored'
  | 'already-applied'
  | 'audit-only'
  | 'failed'
  | 'skipped'
  | 'not-planned';

/** The actor, copied field by field (an allowlist: nothing secret can ride along). */
export interface AlertActor {
  arn?: string;
  type: string;
  accountId?: string;
  principalId?: string;
  sessionIssuerArn?: string;
  sourceIdentity?: string;
  sourceIp?: string;
  userAgent?: string;
  viaConsole: boolean;
}

export interface AlertChange {
  eventId: string;
  eventName: string;
  eventTime: string;
  kind: ChangeKind;
  groupIds: string[];
  actor: AlertActor;
  /** Every rule and tag change in words: "added tcp 22 from 0.0.0.0/0 (sgr-1)". */
  details: string[];
  /** The call failed (CloudTrail `errorCode`): it changed nothing. */
  error?: { code: string; message?: string };
  byGuardrail: boolean;
}

export interface ExposureWindow {
  /** The triggering change's eventTime. */
  from: string;
  /** When the revert succeeded. */
  to: string;
  seconds: number;
}

export interface AlertFinding {
  code: ViolationCode;
  direction: Direction;
  /** The rule in words: "tcp 22 from 0.0.0.0/0". */
  rule: string;
  ruleId?: string;
  /** The rule as a one-rule IpPermission in the EC2 API shape. */
  permission: IpPermission;
  reason: string;
  source?: string;
  /** `change`: brought by the triggering change(s); `drift`: already there. */
  cause: Cause;
  internet: boolean;
  adminPort: boolean;
  decision: Decision;
  /** Why it failed or was skipped. */
  error?: string;
  completedAt?: string;
  /** The event that added the rule, when one of the triggering changes did. */
  eventId?: string;
  exposure?: ExposureWindow;
}

export interface AlertAction {
  type: Action['type'];
  direction: Direction;
  ruleId?: string;
  permission: IpPermission;
  /** The rules the action revokes, authorizes or puts a description back on, in words. */
  rules: string[];
  /** `update-description` only: the description put back (empty: none). */
  description?: string;
  cause: Cause;
  /** `not-attempted`: the plan held the action but no outcome was reported for it. */
  status: ActionOutcome['status'] | 'not-attempted';
  error?: string;
  completedAt?: string;
}

export interface AlertGroup {
  groupId: string;
  groupName?: string;
  vpcId?: string;
  /** The group's page in the AWS console. */
  consoleUrl: string;
}

/** Facts every alert document carries. */
export interface AlertDocumentBase {
  schemaVersion: 1;
  kind: IncidentKind;
  severity: Severity;
  outcome: AlertOutcome;
  account: { id: string; name?: string };
  region: string;
  group?: AlertGroup;
  policy?: string;
  mode?: Mode;
  /** When the plan was made (ISO 8601). */
  evaluatedAt?: string;
  /** When the hub finished acting (ISO 8601). */
  completedAt?: string;
  changes: AlertChange[];
  findings: AlertFinding[];
  actions: AlertAction[];
  /**
   * The longest exposure among the findings a change brought that this hub reverted (never one
   * that was `already-applied`).
   */
  exposure?: ExposureWindow;
  /**
   * Present only when the message had to be cut to fit SNS's size limit: how many entries of
   * each list were left out (the first ones are kept).
   */
  omitted?: { changes: number; findings: number; actions: number };
}

/**
 * The machine-readable alert (`sqs` / `lambda` / `https` subscribers), version 1. `kind` tells
 * which of the kind-specific fields is present.
 */
export type AlertDocument =
  | (AlertDocumentBase & {
      kind: 'remediation';
      group: AlertGroup;
      /**
       * Prefix lists the group's rules reference that could not be read, whose content the verdict
       * depends on: those rules were judged as references only (docs/policies.md, "Prefix lists").
       */
      unverifiable?: { prefixListId: string; reason: string; rules: string[] }[];
    })
  | (AlertDocumentBase & { kind: 'misconfigured'; group: AlertGroup; misconfiguration: string })
  | (AlertDocumentBase & { kind: 'account-error'; accountError: { reason: string; code?: string } })
  | (AlertDocumentBase & {
      kind: 'contested';
      group: AlertGroup;
      contested: { remediations: number; windowMinutes: number; resumesAt: string };
    })
  | (AlertDocumentBase & {
      kind: 'tamper';
      /**
       * The call and the guardrail resource it changed; `ruleName` repeats a rule's name (kept from
       * the first documents); `deployment` is true for a member stack update (StackSets), told as info.
       */
      tamper: { eventName: string; target: TamperTarget; ruleName?: string; deployment: boolean };
    })
  | (AlertDocumentBase & { kind: 'group-deleted'; group: AlertGroup })
  | (AlertDocumentBase & {
      kind: 'opt-out';
      group: AlertGroup;
      /** What the group left (the document's `policy` and `mode`), where it stands now, and whether this follows an opt-out already told. */
      optOut: {
        from: { policy: string; mode: Mode };
        to: { policy?: string; mode?: Mode; misconfiguration?: string };
        followUp: boolean;
        restore?: OptInRestore;
      };
    })
  | (AlertDocumentBase & {
      kind: 'forwarding';
      /** The health check's verdict and its problems (for `resolved`: those found before, if known). */
      forwarding: { status: ForwardingStatus; problems: ForwardingProblem[] };
    })
  | (AlertDocumentBase & { kind: 'baseline'; group: AlertGroup; baseline: AlertBaseline })
  | (AlertDocumentBase & {
      kind: 'sweep';
      /** The sweep's figures, as the engine counted them (the unreadable accounts: at most 100 listed). */
      sweep: SweepSummaryFacts;
    });

/**
 * A baseline document's facts: what happened, the version in force (or not saved) and the one it
 * replaced, its rule count, who set it, when and why (`note`: the `--reason` of `baseline accept`),
 * and the error that kept it from being read or saved.
 */
export interface AlertBaseline {
  event: BaselineEvent;
  version?: number;
  previousVersion?: number;
  ruleCount?: number;
  setBy?: string;
  setAt?: string;
  note?: string;
  error?: string;
}

export interface ComposedAlert {
  /** At most MAX_SUBJECT_LENGTH characters, one line. */
  subject: string;
  text: string;
  document: AlertDocument;
  severity: Severity;
  /** severity, account, region, outcome, policy (`none` when there is no policy). */
  attributes: Record<string, string>;
}

export interface ComposeOptions {
  /**
   * Console origin, e.g. `https://console.amazonaws-us-gov.com`. Default:
   * `https://<region>.console.aws.amazon.com`.
   */
  consoleBaseUrl?: string;
}
