/**
 * The zod schema of the alert document, version 1 (types.ts `AlertDocument`): what `sqs`,
 * `lambda` and `https` subscribers receive. The hub builds documents in code (./kinds), so this
 * schema does not validate them on the way out: it describes them, and the committed JSON Schema
 * (schema/alert-document.v1.schema.json) is generated from it. A compile-time check below keeps
 * it and the interface the same type, so neither can change alone. Every object is closed.
 */
import { z } from 'zod';
import type { AlertDocument } from './types';

const instant = (what: string) => z.string().describe(`${what} (ISO 8601)`);

const direction = z.enum(['ingress', 'egress']).meta({ id: 'Direction' });
const cause = z.enum(['change', 'drift']).meta({
  id: 'Cause',
  description: 'change: brought by the triggering change(s); drift: already there',
});
const mode = z
  .enum(['enforce', 'audit'])
  .meta({ id: 'Mode', description: 'enforce: remediate and alert; audit: alert only' });

const description = z.string().optional();
const port = z.number().int().min(-1).max(65535).describe('A port, or for ICMP the type or code; -1: all');
const count = z.number().int().nonnegative();

/**
 * An IpPermission in the EC2 API shape, as Guardrail writes it (rules/types.ts `IpPermission`):
 * every field optional, as in the API. Shared with the CLI's plan JSON schema.
 */
export const ec2IpPermissionSchema = z
  .strictObject({
    IpProtocol: z.string().optional(),
    FromPort: port.optional(),
    ToPort: port.optional(),
    IpRanges: z.array(z.strictObject({ CidrIp: z.string().optional(), Description: description })).optional(),
    Ipv6Ranges: z
      .array(z.strictObject({ CidrIpv6: z.string().optional(), Description: description }))
      .optional(),
    PrefixListIds: z
      .array(z.strictObject({ PrefixListId: z.string().optional(), Description: description }))
      .optional(),
    UserIdGroupPairs: z
      .array(
        z.strictObject({
          GroupId: z.string().optional(),
          GroupName: z.string().optional(),
          UserId: z.string().optional(),
          VpcId: z.string().optional(),
          VpcPeeringConnectionId: z.string().optional(),
          PeeringStatus: z.string().optional(),
          Description: description,
        }),
      )
      .optional(),
  })
  .meta({ id: 'IpPermission', description: 'One rule as an IpPermission, exactly as the EC2 API writes it' });

const account = z.strictObject({ id: z.string(), name: z.string().optional() }).meta({ id: 'Account' });

const alertGroup = z
  .strictObject({
    groupId: z.string(),
    groupName: z.string().optional(),
    vpcId: z.string().optional(),
    consoleUrl: z.string().describe("The group's page in the AWS console"),
  })
  .meta({ id: 'AlertGroup' });

const actor = z
  .strictObject({
    arn: z.string().optional(),
    type: z.string(),
    accountId: z.string().optional(),
    principalId: z.string().optional(),
    sessionIssuerArn: z.string().optional(),
    sourceIdentity: z.string().optional(),
    sourceIp: z.string().optional(),
    userAgent: z.string().optional(),
    viaConsole: z.boolean(),
  })
  .meta({
    id: 'AlertActor',
    description: 'Who made the change (CloudTrail userIdentity, allowlisted fields)',
  });

const change = z
  .strictObject({
    eventId: z.string(),
    eventName: z.string(),
    eventTime: instant('The CloudTrail eventTime'),
    kind: z.enum([
      'authorize',
      'revoke',
      'modify',
      'update-description',
      'tag',
      'untag',
      'create-group',
      'delete-group',
      'tamper',
      'prefix-list',
    ]),
    groupIds: z.array(z.string()),
    actor,
    details: z.array(z.string()).describe('Every rule and tag change in words'),
    error: z
      .strictObject({ code: z.string(), message: z.string().optional() })
      .optional()
      .describe('The call failed (CloudTrail errorCode): it changed nothing'),
    byGuardrail: z.boolean(),
  })
  .meta({ id: 'AlertChange' });

const exposure = z
  .strictObject({
    from: instant("The triggering change's eventTime"),
    to: instant('When the revert succeeded'),
    seconds: z.number(),
  })
  .meta({ id: 'ExposureWindow' });

const finding = z
  .strictObject({
    code: z.enum(['denied', 'not-allowed', 'missing-required', 'modified']),
    direction,
    rule: z.string().describe('The rule in words: "tcp 22 from 0.0.0.0/0"'),
    ruleId: z.string().optional(),
    permission: ec2IpPermissionSchema,
    reason: z.string(),
    source: z.string().optional().describe('The policy path that judged the rule'),
    cause,
    internet: z.boolean(),
    adminPort: z.boolean(),
    decision: z.enum([
      'reverted',
      'restored',
      'already-applied',
      'audit-only',
      'failed',
      'skipped',
      'not-planned',
    ]),
    error: z.string().optional(),
    completedAt: instant('When the action on the rule returned').optional(),
    eventId: z.string().optional().describe('The event that added the rule'),
    exposure: exposure.optional(),
  })
  .meta({ id: 'AlertFinding' });

const action = z
  .strictObject({
    type: z.enum(['revoke', 'authorize', 'update-description']),
    direction,
    ruleId: z.string().optional(),
    permission: ec2IpPermissionSchema,
    rules: z
      .array(z.string())
      .describe('The rules the action revokes, authorizes or puts a description back on, in words'),
    description: z
      .string()
      .optional()
      .describe('update-description only: the description put back (empty: none)'),
    cause,
    status: z.enum(['succeeded', 'already-applied', 'failed', 'skipped', 'not-attempted']),
    error: z.string().optional(),
    completedAt: instant('When the call returned').optional(),
  })
  .meta({ id: 'AlertAction' });

const schemaVersion = z.literal(1);

/**
 * The facts every document carries (types.ts `AlertDocumentBase`) besides `schemaVersion` and
 * `kind`, which each variant puts first.
 */
const base = {
  severity: z.enum(['critical', 'high', 'medium', 'info']).meta({ id: 'Severity' }),
  outcome: z
    .enum([
      'remediated',
      'partially-remediated',
      'failed',
      'audit',
      'misconfigured',
      'account-error',
      'contested',
      'tamper',
      'group-deleted',
      'opted-out',
      'opt-in-restored',
      'unverifiable',
      'forwarding-broken',
      'forwarding-unverified',
      'forwarding-resolved',
      'baseline-captured',
      'baseline-updated',
      'baseline-accepted',
      'baseline-unavailable',
      'baseline-unsaved',
      'sweep-complete',
      'sweep-overdue',
    ])
    .meta({ id: 'AlertOutcome', description: 'The `outcome` message attribute' }),
  account,
  region: z.string(),
  group: alertGroup.optional(),
  policy: z.string().optional(),
  mode: mode.optional(),
  evaluatedAt: instant('When the plan was made').optional(),
  completedAt: instant('When the hub finished acting').optional(),
  changes: z.array(change),
  findings: z.array(finding),
  actions: z.array(action),
  exposure: exposure
    .optional()
    .describe('The longest exposure among the findings a change brought that this hub reverted'),
  omitted: z
    .strictObject({ changes: count, findings: count, actions: count })
    .optional()
    .describe(
      "Only when the message was cut to fit SNS's size limit: how many entries of each list were left out (the first ones are kept)",
    ),
};

const withGroup = { ...base, group: alertGroup };

const optInRestore = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('restored'), tags: z.record(z.string(), z.string()) }),
  z.strictObject({
    status: z.literal('failed'),
    tags: z.record(z.string(), z.string()),
    code: z.string(),
    message: z.string(),
  }),
]);

const forwardingProblem = z.strictObject({
  code: z.enum([
    'rule-missing',
    'rule-disabled',
    'state-changed',
    'bus-changed',
    'pattern-changed',
    'target-missing',
    'target-changed',
    'extra-target',
    'dead-letters',
    'queue-missing',
    'unreadable',
  ]),
  resource: z.string().describe("The rule's or the queue's name"),
  detail: z.string(),
});

const sweepSummary = z
  .strictObject({
    sweepId: z.string(),
    status: z
      .enum(['complete', 'overdue'])
      .describe("complete: every target finished; overdue: not all had finished by the sweep's deadline"),
    startedAt: instant('When the sweep was planned'),
    at: instant('When the last target finished (complete), or when the deadline was checked (overdue)'),
    durationSeconds: z.number().describe('From startedAt to at'),
    accounts: count,
    regions: z.array(z.string()),
    targets: z
      .strictObject({ expected: count, finished: count })
      .describe('Account x region targets: planned, and finished so far'),
    groups: count.describe('Opted-in groups checked'),
    violations: count.describe('Violations found in them'),
    fixed: count.describe('Groups fixed (remediated)'),
    unreadable: z
      .array(z.strictObject({ account: z.string(), reason: z.string() }))
      .max(100)
      .describe('Accounts that could not be read or were skipped, with the reason (at most 100 listed)'),
    unreadableCount: count.describe('Such accounts in all'),
  })
  .describe('The summary of one scheduled sweep');

export const alertDocumentSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    schemaVersion,
    kind: z.literal('remediation'),
    ...withGroup,
    unverifiable: z
      .array(z.strictObject({ prefixListId: z.string(), reason: z.string(), rules: z.array(z.string()) }))
      .optional()
      .describe('Prefix lists that could not be read, whose content the verdict depends on'),
  }),
  z.strictObject({
    schemaVersion,
    kind: z.literal('misconfigured'),
    ...withGroup,
    misconfiguration: z.string(),
  }),
  z.strictObject({
    schemaVersion,
    kind: z.literal('account-error'),
    ...base,
    accountError: z.strictObject({ reason: z.string(), code: z.string().optional() }),
  }),
  z.strictObject({
    schemaVersion,
    kind: z.literal('contested'),
    ...withGroup,
    contested: z.strictObject({
      remediations: count,
      windowMinutes: z.number(),
      resumesAt: instant('When the breaker stops holding the rules back, at the latest'),
    }),
  }),
  z.strictObject({
    schemaVersion,
    kind: z.literal('tamper'),
    ...base,
    tamper: z.strictObject({
      eventName: z.string(),
      target: z.strictObject({ type: z.enum(['rule', 'role']), name: z.string() }),
      ruleName: z.string().optional(),
      deployment: z.boolean().describe('A member stack update (StackSets), told as info'),
    }),
  }),
  z.strictObject({ schemaVersion, kind: z.literal('group-deleted'), ...withGroup }),
  z.strictObject({
    schemaVersion,
    kind: z.literal('opt-out'),
    ...withGroup,
    optOut: z.strictObject({
      from: z.strictObject({ policy: z.string(), mode }),
      to: z.strictObject({
        policy: z.string().optional(),
        mode: mode.optional(),
        misconfiguration: z.string().optional(),
      }),
      followUp: z.boolean(),
      restore: optInRestore.optional(),
    }),
  }),
  z.strictObject({
    schemaVersion,
    kind: z.literal('forwarding'),
    ...base,
    forwarding: z.strictObject({
      status: z.enum(['broken', 'resolved']),
      problems: z.array(forwardingProblem),
    }),
  }),
  z.strictObject({
    schemaVersion,
    kind: z.literal('baseline'),
    ...withGroup,
    baseline: z
      .strictObject({
        event: z.enum(['captured', 'updated', 'accepted', 'unavailable', 'unsaved']),
        version: z
          .number()
          .int()
          .positive()
          .optional()
          .describe('The version in force, or the one not saved'),
        previousVersion: z.number().int().positive().optional().describe('The version it replaced'),
        ruleCount: count.optional(),
        setBy: z.string().optional().describe('The ARN of who set it (or the hub)'),
        setAt: instant('When it was set').optional(),
        note: z.string().optional().describe('Why: the --reason of guardrail baseline accept'),
        error: z.string().optional().describe('Why it could not be read (unavailable) or saved (unsaved)'),
      })
      .describe("A lock policy's baseline: set, or not read or saved"),
  }),
  z.strictObject({ schemaVersion, kind: z.literal('sweep'), ...base, sweep: sweepSummary }),
]);

// The schema's type and the interface must be the same type (checked at compile time).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaIsTheInterface: Same<z.output<typeof alertDocumentSchema>, AlertDocument> = true;
void schemaIsTheInterface;
