import {
  ACCOUNT_ID_PATTERN,
  DEFAULT_BREAKER,
  DEFAULT_CONCURRENCY,
  DEFAULT_ORGANIZATION_ACCOUNTS,
  DEFAULT_TAG_KEYS,
  GUARDRAIL_NAMES,
  REGION_PATTERN,
  type SweepSizing,
  sweepSizing,
} from '@guardrail/core';
import { z } from 'zod';
import { REGION_PATTERN as MEMBER_REGION_PATTERN } from '../member/patterns';
import { PARTITIONS, partitionOf, regionProblem } from './regions';
import { scheduleProblem } from './schedule';

/**
 * The deploy configuration (one file, YAML or JSON). Every field the CDK app reads is here, with
 * the defaults the hub and the member template agree on (@guardrail/core's contract). Patterns are
 * strict so that a typo fails at synth time with the field's name, not at deploy time in a
 * StackSet operation.
 */
const accountId = z.string().regex(ACCOUNT_ID_PATTERN, 'must be a 12-digit AWS account id');
const memberRegion = new RegExp(`^${MEMBER_REGION_PATTERN}$`);
/**
 * A region the hub accepts (REGION_PATTERN, as GUARDRAIL_SWEEP_REGIONS and sweep targets are
 * checked) that the member template's AllowedPattern accepts too: a single-digit suffix, `gov` or
 * `iso*` as the only extra part. Anything else would pass synth and fail in the StackSet.
 */
const region = z.string().superRefine((value, ctx) => {
  if (!(REGION_PATTERN.test(value) && memberRegion.test(value))) {
    ctx.addIssue({ code: 'custom', message: `${value} is not an AWS region such as eu-west-1` });
  } else if (partitionOf(value) === undefined) {
    // Shaped like a region, in no partition's list (us-east-9): which partition is checked below.
    ctx.addIssue({ code: 'custom', message: `${value} is not a region of ${PARTITIONS.join(', ')}` });
  }
});
const ouId = z
  .string()
  .regex(
    /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/,
    'must be an OU id (ou-...) or a root id (r-...)',
  );
/** IAM role names: what IAM accepts, without a path. */
const roleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, 'must be a valid IAM role name (no path)');
const tagKey = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w .:/=+@-]+$/, 'must be a valid tag key')
  .refine((key) => !key.startsWith('aws:'), 'must not start with aws:');

const subscriptions = z
  .object({
    email: z.array(z.email('must be an email address')).default([]),
    https: z.array(z.url({ protocol: /^https$/, error: 'must be an https:// URL' })).default([]),
  })
  .strict()
  .default({ email: [], https: [] });

const concurrency = z
  .object({
    /** Concurrent Lambda invocations the SQS event source may start (AWS allows 2-1000). */
    maxLambdaConcurrency: z.number().int().min(2).max(1000).default(10),
    /** Reserved concurrency for the live-event function (guardrail-hub); unset leaves the account pool shared. */
    reservedConcurrency: z.number().int().min(1).max(1000).optional(),
    /** Groups reconciled in parallel inside one invocation (GUARDRAIL_MAX_CONCURRENCY). */
    perInvocation: z.number().int().min(1).max(256).default(DEFAULT_CONCURRENCY.max),
    /** StackSet operations: how many accounts at once, and how many may fail, in percent. */
    stackSetMaxConcurrentPercentage: z.number().int().min(1).max(100).default(25),
    stackSetFailureTolerancePercentage: z.number().int().min(0).max(100).default(10),
  })
  .strict()
  .default({
    maxLambdaConcurrency: 10,
    perInvocation: DEFAULT_CONCURRENCY.max,
    stackSetMaxConcurrentPercentage: 25,
    stackSetFailureTolerancePercentage: 10,
  });

const breaker = z
  .object({
    maxRemediations: z.number().int().min(1).default(DEFAULT_BREAKER.maxRemediations),
    windowMinutes: z.number().int().min(1).default(DEFAULT_BREAKER.windowMinutes),
  })
  .strict()
  .default({ ...DEFAULT_BREAKER });

/** EventBridge Scheduler expressions: `rate(...)` with its units, or `cron(...)` with its 6 fields (schedule.ts). */
const scheduleExpression = z.string().superRefine((value, ctx) => {
  const problem = scheduleProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

const sweep = z
  .object({
    /** Off: the schedule is created disabled (a sweep can still be started by invoking the hub). */
    enabled: z.boolean().default(true),
    schedule: scheduleExpression.default('rate(6 hours)'),
    /** The forwarding health check (each account x region's member rules and dead-letter queue). */
    healthCheckSchedule: scheduleExpression.default('rate(15 minutes)'),
    /**
     * Concurrent hub invocations the sweep queue's event source may start (AWS allows 2-1000):
     * the cap that keeps a large sweep from taking the capacity live events need.
     */
    maxConcurrency: z.number().int().min(2).max(1000).optional(),
    /** Reserved concurrency for the sweep function (guardrail-sweep); unset leaves the account pool shared. */
    reservedConcurrency: z.number().int().min(1).max(1000).optional(),
  })
  .strict()
  .default({
    enabled: true,
    schedule: 'rate(6 hours)',
    healthCheckSchedule: 'rate(15 minutes)',
  });

/**
 * The organization's size: the sweep's batch size, concurrency, timeout and deadline are derived
 * from it and the target regions (@guardrail/core sweepSizing). An estimate is enough; round up.
 */
const organization = z
  .object({
    /** Enrolled accounts, about. */
    accounts: z.number().int().min(1).max(100_000).default(DEFAULT_ORGANIZATION_ACCOUNTS),
  })
  .strict()
  .default({ accounts: DEFAULT_ORGANIZATION_ACCOUNTS });

/** S3 lifecycle expirations are whole days; ten years bounds a typo (3650 is not 365). */
const retentionDays = z.number().int().min(1).max(3650);

const sweepResults = z
  .object({
    /** Days a sweep's results (`sweeps/<sweepId>/...`) are kept before they expire. */
    retentionDays: retentionDays.default(90),
    /** Days the results bucket's server access logs (who read or wrote which result) are kept. */
    accessLogRetentionDays: retentionDays.default(365),
  })
  .strict()
  .default({ retentionDays: 90, accessLogRetentionDays: 365 });

/** Lambda function names (unqualified). */
const functionName = z
  .string()
  .regex(
    /^[a-zA-Z0-9_-]{1,64}$/,
    'must be a valid Lambda function name (letters, digits, - and _, at most 64)',
  );

const organizationsRead = z
  .object({
    /** The management account, where the read-only role is created. */
    managementAccountId: accountId,
    roleName: roleName.default(GUARDRAIL_NAMES.orgReadRole),
  })
  .strict();

const scp = z
  .object({
    /** Principals (role ARNs, wildcards allowed) that keep the right to change guardrail resources and tags. */
    exemptPrincipalArns: z.array(z.string().regex(/^arn:aws[a-z-]*:iam::(\d{12}|\*):role\/.+$/)).default([]),
  })
  .strict();

export const deployConfigSchema = z
  .object({
    hub: z
      .object({
        account: accountId,
        region,
        /** Where the hub account sits: a delegated StackSets administrator, or the management account itself. */
        callAs: z.enum(['DELEGATED_ADMIN', 'SELF']).default('DELEGATED_ADMIN'),
        /** The AWS partition of the organization: ARNs known at synth time are built in it. */
        partition: z.enum(PARTITIONS).default('aws'),
      })
      .strict(),
    organizationId: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'must be an organization id (o-...)'),
    targets: z
      .object({
        organizationalUnitIds: z.array(ouId).min(1, 'must name at least one OU'),
        regions: z.array(region).min(1, 'must name at least one region'),
        /**
         * The one region per member account where the account-global resources (the IAM remediation
         * role) are created. Defaults to the hub region when it is a target region, else the first target region.
         */
        globalResourcesRegion: region.optional(),
      })
      .strict(),
    /** The policy file the hub loads, relative to this configuration file. */
    policyFile: z.string().min(1),
    alerts: z
      .object({ subscriptions })
      .strict()
      .default({ subscriptions: { email: [], https: [] } }),
    tags: z
      .object({
        policy: tagKey.default(DEFAULT_TAG_KEYS.policy),
        mode: tagKey.default(DEFAULT_TAG_KEYS.mode),
      })
      .strict()
      .default({ ...DEFAULT_TAG_KEYS }),
    names: z
      .object({
        hubRole: roleName.default(GUARDRAIL_NAMES.hubRole),
        /** The live-event function and the sweep function (both run as the hub role). */
        hubFunction: functionName.default('guardrail-hub'),
        sweepFunction: functionName.default('guardrail-sweep'),
        remediationRole: roleName.default(GUARDRAIL_NAMES.remediationRole),
        forwardingRule: z
          .string()
          .regex(/^[\w.-]{1,64}$/, 'must be a valid EventBridge rule name')
          .default(GUARDRAIL_NAMES.forwardingRule),
        watchdogRule: z
          .string()
          .regex(/^[\w.-]{1,64}$/, 'must be a valid EventBridge rule name')
          .default(GUARDRAIL_NAMES.watchdogRule),
        roleWatchRule: z
          .string()
          .regex(/^[\w.-]{1,64}$/, 'must be a valid EventBridge rule name')
          .default(GUARDRAIL_NAMES.roleWatchRule),
        /** Member forwarder roles are named `<prefix><region>`. */
        forwarderRolePrefix: z
          .string()
          .regex(/^[\w+=,.@-]{1,40}$/, 'must be a role name prefix of at most 40 characters')
          .default(GUARDRAIL_NAMES.forwarderRolePrefix),
        forwardingDeadLetterQueue: z
          .string()
          .regex(/^[\w-]{1,80}$/, 'must be a valid SQS queue name')
          .default(GUARDRAIL_NAMES.forwardingDeadLetterQueue),
        hubEventBus: z
          .string()
          .regex(/^[\w.-]{1,256}$/, 'must be a valid event bus name')
          .refine((name) => name !== 'default', 'must not be the default bus')
          .default('guardrail-hub'),
        stackSet: z
          .string()
          .regex(/^[a-zA-Z][a-zA-Z0-9-]{0,127}$/, 'must be a valid StackSet name')
          .default('guardrail-member'),
        sourceIdentity: z
          .string()
          .regex(/^[\w+=,.@-]{2,64}$/)
          .default(GUARDRAIL_NAMES.sourceIdentity),
      })
      .strict()
      .default({
        hubRole: GUARDRAIL_NAMES.hubRole,
        hubFunction: 'guardrail-hub',
        sweepFunction: 'guardrail-sweep',
        remediationRole: GUARDRAIL_NAMES.remediationRole,
        forwardingRule: GUARDRAIL_NAMES.forwardingRule,
        watchdogRule: GUARDRAIL_NAMES.watchdogRule,
        roleWatchRule: GUARDRAIL_NAMES.roleWatchRule,
        forwarderRolePrefix: GUARDRAIL_NAMES.forwarderRolePrefix,
        forwardingDeadLetterQueue: GUARDRAIL_NAMES.forwardingDeadLetterQueue,
        hubEventBus: 'guardrail-hub',
        stackSet: 'guardrail-member',
        sourceIdentity: GUARDRAIL_NAMES.sourceIdentity,
      }),
    concurrency,
    breaker,
    /** The scheduled sweep: every opted-in group of every enrolled account and target region. */
    sweep,
    organization,
    /** The S3 bucket the sweep writes its results to (`guardrail report --from-sweep`). */
    sweepResults,
    logRetentionDays: z
      .union([z.literal(7), z.literal(14), z.literal(30), z.literal(90), z.literal(180), z.literal(365)])
      .default(90),
    /** Optional: read access to AWS Organizations for the hub (account names, ACTIVE checks). */
    organizationsRead: organizationsRead.optional(),
    /** Optional: an SCP protecting guardrail tags and resources (needs organizationsRead.managementAccountId). */
    scp: scp.optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    // Every region in the partition's list: ARNs are built in hub.partition, and a StackSet cannot
    // deploy across partitions.
    const inPartition = (path: (string | number)[], value: string) => {
      // A region of no partition is already reported by its field.
      if (partitionOf(value) === undefined) return;
      const problem = regionProblem(config.hub.partition, value);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', path, message: problem });
    };
    inPartition(['hub', 'region'], config.hub.region);
    for (const [index, value] of config.targets.regions.entries())
      inPartition(['targets', 'regions', index], value);
    if (config.targets.globalResourcesRegion !== undefined)
      inPartition(['targets', 'globalResourcesRegion'], config.targets.globalResourcesRegion);
    const { globalResourcesRegion, regions } = config.targets;
    if (globalResourcesRegion !== undefined && !regions.includes(globalResourcesRegion)) {
      ctx.addIssue({
        code: 'custom',
        path: ['targets', 'globalResourcesRegion'],
        message: 'must be one of targets.regions',
      });
    }
    // A function's reserved concurrency below what its queue's poller may start would throttle
    // the poller: records go back to the queue and wait out the visibility timeout.
    const { reservedConcurrency, maxLambdaConcurrency } = config.concurrency;
    if (reservedConcurrency !== undefined && reservedConcurrency < maxLambdaConcurrency) {
      ctx.addIssue({
        code: 'custom',
        path: ['concurrency', 'reservedConcurrency'],
        message: `must be at least maxLambdaConcurrency (${maxLambdaConcurrency})`,
      });
    }
    // The sweep function also runs the planner, next to its queue's invocations.
    const sweepNeeded = effectiveSweepSizing(config).maxConcurrency + 1;
    if (config.sweep.reservedConcurrency !== undefined && config.sweep.reservedConcurrency < sweepNeeded) {
      ctx.addIssue({
        code: 'custom',
        path: ['sweep', 'reservedConcurrency'],
        message: `must be at least sweep.maxConcurrency + 1 (${sweepNeeded})`,
      });
    }
    if (config.names.hubFunction === config.names.sweepFunction) {
      ctx.addIssue({
        code: 'custom',
        path: ['names', 'sweepFunction'],
        message: 'must differ from names.hubFunction',
      });
    }
    if (config.scp !== undefined && config.organizationsRead === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['scp'],
        message: 'needs organizationsRead.managementAccountId (the SCP is created in the management account)',
      });
    }
  });

export type DeployConfigInput = z.input<typeof deployConfigSchema>;
export type ParsedDeployConfig = z.output<typeof deployConfigSchema>;

/** The validated configuration with derived values resolved and the policy file made absolute. */
export interface DeployConfig extends ParsedDeployConfig {
  /** Absolute path of the policy file. */
  policyFilePath: string;
  /** Absolute path of the configuration file it came from (for messages). */
  sourceFile: string;
  /**
   * The policies whose opt-in is sticky (`optOut: restore`), read from the policy file at synth:
   * only then may the member role write the opt-in tag, and only to these values.
   */
  stickyPolicies: string[];
  targets: ParsedDeployConfig['targets'] & { globalResourcesRegion: string };
}

/**
 * The sweep's sizing for this deployment: derived from the organization and the target regions,
 * with `sweep.maxConcurrency`, when given, in place of the derived concurrency.
 */
export function effectiveSweepSizing(config: {
  organization: { accounts: number };
  targets: { regions: readonly string[] };
  sweep: { maxConcurrency?: number | undefined };
}): SweepSizing {
  const derived = sweepSizing({
    accounts: config.organization.accounts,
    regions: config.targets.regions.length,
  });
  return config.sweep.maxConcurrency === undefined
    ? derived
    : { ...derived, maxConcurrency: config.sweep.maxConcurrency };
}
