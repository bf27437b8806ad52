/**
 * The hub's configuration, parsed once from the environment into a typed object: the contract
 * with infra (which sets the Lambda's variables) and with `guardrail hub run` / `guardrail sweep`
 * (which read the same variables, command-line flags taking precedence). Nothing else reads
 * `process.env`: callers pass the environment in.
 */
import {
  DEFAULT_BREAKER,
  DEFAULT_CLAIM_TTL_SECONDS,
  DEFAULT_CONCURRENCY,
  DEFAULT_TAG_KEYS,
  GUARDRAIL_NAMES,
  GuardrailError,
  HUB_ENV,
  type HubEnvName,
  MAX_CLAIM_TTL_SECONDS,
  OU_OR_ROOT_PATTERN,
  REGION_PATTERN,
  S3_BUCKET_NAME_PATTERN,
  type TagKeys,
} from '@guardrail/core';
import { z } from 'zod';

export interface HubConfig {
  policy: { file?: string; yaml?: string };
  roleName: string;
  sourceIdentity: string;
  tagKeys: TagKeys;
  topicArn: string;
  /** The partition of the topic (and so of the organization): `aws`, `aws-us-gov`, `aws-cn`. */
  partition: string;
  hubRoleArn?: string;
  forwardingRuleName: string;
  /** The member rule that forwards tampering with the forwarding rule (and with itself). */
  watchdogRuleName: string;
  /** The member rule (us-east-1) that forwards changes to Guardrail's member roles. */
  roleWatchRuleName: string;
  /** Member forwarder roles are `<prefix><region>`. */
  forwarderRolePrefix: string;
  /** The member queue of events the rules could not deliver (the health check reads its depth). */
  forwardingDeadLetterQueue: string;
  /** The hub bus the member rules target: given, each sweep target's forwarding is checked. */
  hubEventBusArn?: string;
  orgReadRoleArn?: string;
  deadLetterQueueUrl?: string;
  /**
   * The sweep queue, for re-checking a group when the breaker resumes a paused rule
   * (GUARDRAIL_RECHECK_QUEUE_URL, on both functions). Unset: the next sweep re-checks.
   */
  recheckQueueUrl?: string;
  maxConcurrency: number;
  maxConcurrencyPerAccount: number;
  breaker: { maxRemediations: number; windowMinutes: number };
  /**
   * The DynamoDB table (name or ARN) holding dedupe claims and breaker counts shared by every hub
   * instance (GUARDRAIL_STATE_TABLE); without it both live in memory, per instance.
   */
  stateTable?: string;
  /**
   * How long a dedupe claim holds when its holder crashed (GUARDRAIL_CLAIM_TTL_SECONDS, default
   * 90): above the function's timeout, below its queue's visibility timeout.
   */
  claimTtlSeconds: number;
  region?: string;
  metricsNamespace: string;
  serviceName: string;
  consoleBaseUrl?: string;
  /** The scheduled sweep; absent only when no region is known (no AWS_REGION, no sweep variable). */
  sweep?: SweepConfig;
  /**
   * The bucket of the sweep's results (GUARDRAIL_SWEEP_RESULTS_BUCKET, a bucket name): the sweep
   * writes each sweep's manifest there, the hub each finished target's posture, for `guardrail
   * report --from-sweep`. Unset: nothing is written.
   */
  sweepResultsBucket?: string;
}

export interface SweepConfig {
  /** Target regions (GUARDRAIL_SWEEP_REGIONS; default the Lambda's region). */
  regions: string[];
  /** The sweep queue the sweep's targets are enqueued to (GUARDRAIL_QUEUE_URL). */
  queueUrl?: string;
  /** Restrict the sweep to these OUs and their descendants (GUARDRAIL_SWEEP_OU_IDS); all accounts when empty. */
  ouIds: string[];
}

/**
 * What planning a sweep needs: a HubConfig has it all, `guardrail sweep` needs no more. Without a
 * `sourceIdentity`, the Organizations read session carries the default one.
 */
export type SweepPlannerConfig = Pick<
  HubConfig,
  'region' | 'orgReadRoleArn' | 'sweep' | 'sweepResultsBucket'
> &
  Partial<Pick<HubConfig, 'sourceIdentity'>>;

export class ConfigError extends GuardrailError {
  override readonly name = 'ConfigError';
  constructor(
    readonly issues: string[],
    options?: { cause?: unknown },
  ) {
    super(`invalid hub configuration: ${issues.join('; ')}`, options);
  }
}

/** Unset and empty are the same thing in an environment. */
const optional = z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(1).optional());
const withDefault = (fallback: string) =>
  z.preprocess((v) => (v === '' || v === undefined ? fallback : v), z.string().trim().min(1));
const count = (fallback: number) =>
  z.preprocess((v) => (v === '' || v === undefined ? fallback : v), z.coerce.number().int().min(1).max(1000));
const arn = (service: string) =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(new RegExp(`^arn:[a-z-]+:${service}:`), `is not a valid ARN: must be an ${service} ARN`)
      .optional(),
  );
const url = z.preprocess((v) => (v === '' ? undefined : v), z.url().optional());

/** A comma-separated list whose every item matches `pattern`; unset or empty is the empty list. */
const list = (pattern: RegExp, what: string) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((item) => item.trim())
            .filter((item) => item !== '')
        : [],
    z.array(z.string().regex(pattern, `must be a comma-separated list of ${what}`)),
  );

/** Every variable of the contract (HUB_ENV), each with what it accepts and its default. */
const hubSchema = z.object({
  [HUB_ENV.policyFile]: optional,
  // YAML is kept byte for byte (no trimming): line numbers in errors must match.
  [HUB_ENV.policyYaml]: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  [HUB_ENV.roleName]: withDefault(GUARDRAIL_NAMES.remediationRole),
  [HUB_ENV.sourceIdentity]: withDefault(GUARDRAIL_NAMES.sourceIdentity),
  [HUB_ENV.tagPolicy]: withDefault(DEFAULT_TAG_KEYS.policy),
  [HUB_ENV.tagMode]: withDefault(DEFAULT_TAG_KEYS.mode),
  [HUB_ENV.topicArn]: z
    .string({ error: 'is required' })
    .regex(/^arn:[a-z-]+:sns:[a-z0-9-]+:\d{12}:.+$/, 'is not an SNS topic ARN'),
  [HUB_ENV.hubRoleArn]: arn('iam'),
  [HUB_ENV.forwardingRuleName]: withDefault(GUARDRAIL_NAMES.forwardingRule),
  [HUB_ENV.watchdogRuleName]: withDefault(GUARDRAIL_NAMES.watchdogRule),
  [HUB_ENV.roleWatchRuleName]: withDefault(GUARDRAIL_NAMES.roleWatchRule),
  [HUB_ENV.forwarderRolePrefix]: withDefault(GUARDRAIL_NAMES.forwarderRolePrefix),
  [HUB_ENV.forwardingDeadLetterQueue]: withDefault(GUARDRAIL_NAMES.forwardingDeadLetterQueue),
  [HUB_ENV.hubEventBusArn]: arn('events'),
  [HUB_ENV.orgReadRoleArn]: arn('iam'),
  [HUB_ENV.deadLetterQueueUrl]: url,
  [HUB_ENV.recheckQueueUrl]: url,
  [HUB_ENV.maxConcurrency]: count(DEFAULT_CONCURRENCY.max),
  [HUB_ENV.maxConcurrencyPerAccount]: count(DEFAULT_CONCURRENCY.perAccount),
  [HUB_ENV.breakerMaxRemediations]: count(DEFAULT_BREAKER.maxRemediations),
  [HUB_ENV.breakerWindowMinutes]: count(DEFAULT_BREAKER.windowMinutes),
  [HUB_ENV.consoleBaseUrl]: url,
  [HUB_ENV.stateTable]: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .trim()
      .regex(
        /^([a-zA-Z0-9_.-]{3,255}|arn:[a-z-]+:dynamodb:[a-z0-9-]+:\d{12}:table\/[a-zA-Z0-9_.-]{3,255})$/,
        'is not a DynamoDB table name or ARN',
      )
      .optional(),
  ),
  // Up to SQS's longest visibility timeout, which the claim must stay below.
  [HUB_ENV.claimTtlSeconds]: z.preprocess(
    (v) => (v === '' || v === undefined ? DEFAULT_CLAIM_TTL_SECONDS : v),
    z.coerce.number().int().min(1).max(MAX_CLAIM_TTL_SECONDS),
  ),
  [HUB_ENV.sweepRegions]: list(REGION_PATTERN, 'regions'),
  [HUB_ENV.queueUrl]: url,
  [HUB_ENV.sweepOuIds]: list(OU_OR_ROOT_PATTERN, 'OU ids (ou-...) or root ids (r-...)'),
  [HUB_ENV.sweepResultsBucket]: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .trim()
      .regex(S3_BUCKET_NAME_PATTERN, 'is not an S3 bucket name (the name, not its ARN or an s3:// URI)')
      .optional(),
  ),
  [HUB_ENV.region]: optional,
  [HUB_ENV.metricsNamespace]: withDefault(GUARDRAIL_NAMES.metricsNamespace),
  [HUB_ENV.serviceName]: withDefault(GUARDRAIL_NAMES.serviceName),
} satisfies Record<HubEnvName, z.ZodType>);

/**
 * The variables a sweep planner reads (no topic, no policies: it only enqueues targets). The
 * SourceIdentity of its Organizations read session has no default here: unset, the session gets
 * @guardrail/aws's default, the same value (GUARDRAIL_NAMES.sourceIdentity).
 */
const sweepSchema = hubSchema
  .pick({
    [HUB_ENV.orgReadRoleArn]: true,
    [HUB_ENV.sweepRegions]: true,
    [HUB_ENV.queueUrl]: true,
    [HUB_ENV.sweepOuIds]: true,
    [HUB_ENV.sweepResultsBucket]: true,
    [HUB_ENV.region]: true,
  })
  .extend({ [HUB_ENV.sourceIdentity]: optional });

/** A variable loadHubConfig reads: exactly the contract's names (HUB_ENV). */
export type HubVariable = HubEnvName;
type Env = Record<string, string | undefined>;

/**
 * A command-line flag standing in for a variable: when given (`value` set) it wins over the
 * environment and errors name the flag; when not given, errors still mention it as the other way.
 */
export interface ConfigFlag {
  flag: string;
  value?: string | undefined;
}
export type ConfigFlags = Partial<Record<HubVariable, ConfigFlag>>;

/** A policy given one way replaces the other from the environment (no "not both" error). */
const REPLACES: Partial<Record<HubVariable, HubVariable>> = {
  [HUB_ENV.policyFile]: HUB_ENV.policyYaml,
  [HUB_ENV.policyYaml]: HUB_ENV.policyFile,
};

function withFlags(env: Env, flags: ConfigFlags): Env {
  const merged: Env = { ...env };
  for (const [variable, flag] of Object.entries(flags) as [HubVariable, ConfigFlag | undefined][]) {
    if (flag?.value === undefined) continue;
    merged[variable] = flag.value;
    const replaced = REPLACES[variable];
    if (replaced) delete merged[replaced];
  }
  return merged;
}

/** Names an issue's variable, or the flag that set it (the flag's whole value is what to fix). */
function label(path: PropertyKey[], flags: ConfigFlags): string {
  const [variable, ...rest] = path.map(String);
  if (variable === undefined) return '(environment)';
  const flag = flags[variable as HubVariable];
  if (flag?.value !== undefined) return flag.flag;
  const where = [variable, ...rest].join('.');
  return flag ? `${where} (or ${flag.flag})` : where;
}

function parse<S extends z.ZodType>(schema: S, env: Env, flags: ConfigFlags): z.output<S> {
  const parsed = schema.safeParse(withFlags(env, flags));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${label(issue.path, flags)} ${issue.message}`),
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

type SweepVariables = z.output<typeof sweepSchema>;

function sweepFrom(e: SweepVariables): SweepConfig | undefined {
  const region = e[HUB_ENV.region];
  const queueUrl = e[HUB_ENV.queueUrl];
  const regions =
    e[HUB_ENV.sweepRegions].length > 0 ? [...new Set(e[HUB_ENV.sweepRegions])] : region ? [region] : [];
  if (regions.length === 0 && !queueUrl && e[HUB_ENV.sweepOuIds].length === 0) return undefined;
  return {
    regions,
    ...(queueUrl ? { queueUrl } : {}),
    ouIds: [...new Set(e[HUB_ENV.sweepOuIds])],
  };
}

/** Parses the environment (flags over it); throws ConfigError naming every variable that is wrong. */
export function loadHubConfig(env: Env, flags: ConfigFlags = {}): HubConfig {
  const e = parse(hubSchema, env, flags);
  if (e[HUB_ENV.policyFile] && e[HUB_ENV.policyYaml]) {
    throw new ConfigError([`set ${HUB_ENV.policyFile} or ${HUB_ENV.policyYaml}, not both`]);
  }
  const partition = e[HUB_ENV.topicArn].split(':')[1] ?? 'aws';
  const sweep = sweepFrom(e);
  return {
    policy: {
      ...(e[HUB_ENV.policyFile] ? { file: e[HUB_ENV.policyFile] } : {}),
      ...(e[HUB_ENV.policyYaml] ? { yaml: e[HUB_ENV.policyYaml] } : {}),
    },
    roleName: e[HUB_ENV.roleName],
    sourceIdentity: e[HUB_ENV.sourceIdentity],
    tagKeys: { policy: e[HUB_ENV.tagPolicy], mode: e[HUB_ENV.tagMode] },
    topicArn: e[HUB_ENV.topicArn],
    partition,
    ...(e[HUB_ENV.hubRoleArn] ? { hubRoleArn: e[HUB_ENV.hubRoleArn] } : {}),
    forwardingRuleName: e[HUB_ENV.forwardingRuleName],
    watchdogRuleName: e[HUB_ENV.watchdogRuleName],
    roleWatchRuleName: e[HUB_ENV.roleWatchRuleName],
    forwarderRolePrefix: e[HUB_ENV.forwarderRolePrefix],
    forwardingDeadLetterQueue: e[HUB_ENV.forwardingDeadLetterQueue],
    ...(e[HUB_ENV.hubEventBusArn] ? { hubEventBusArn: e[HUB_ENV.hubEventBusArn] } : {}),
    ...(e[HUB_ENV.orgReadRoleArn] ? { orgReadRoleArn: e[HUB_ENV.orgReadRoleArn] } : {}),
    ...(e[HUB_ENV.deadLetterQueueUrl] ? { deadLetterQueueUrl: e[HUB_ENV.deadLetterQueueUrl] } : {}),
    ...(e[HUB_ENV.recheckQueueUrl] ? { recheckQueueUrl: e[HUB_ENV.recheckQueueUrl] } : {}),
    maxConcurrency: e[HUB_ENV.maxConcurrency],
    maxConcurrencyPerAccount: e[HUB_ENV.maxConcurrencyPerAccount],
    breaker: {
      maxRemediations: e[HUB_ENV.breakerMaxRemediations],
      windowMinutes: e[HUB_ENV.breakerWindowMinutes],
    },
    ...(e[HUB_ENV.stateTable] ? { stateTable: e[HUB_ENV.stateTable] } : {}),
    claimTtlSeconds: e[HUB_ENV.claimTtlSeconds],
    ...(e[HUB_ENV.region] ? { region: e[HUB_ENV.region] } : {}),
    metricsNamespace: e[HUB_ENV.metricsNamespace],
    serviceName: e[HUB_ENV.serviceName],
    ...(e[HUB_ENV.consoleBaseUrl] ? { consoleBaseUrl: e[HUB_ENV.consoleBaseUrl] } : {}),
    ...(sweep ? { sweep } : {}),
    ...(e[HUB_ENV.sweepResultsBucket] ? { sweepResultsBucket: e[HUB_ENV.sweepResultsBucket] } : {}),
  };
}

/** Only the sweep planner's variables (`guardrail sweep`): the same names and rules as loadHubConfig. */
export function loadSweepConfig(env: Env, flags: ConfigFlags = {}): SweepPlannerConfig {
  const e = parse(sweepSchema, env, flags);
  const sweep = sweepFrom(e);
  return {
    ...(e[HUB_ENV.orgReadRoleArn] ? { orgReadRoleArn: e[HUB_ENV.orgReadRoleArn] } : {}),
    ...(e[HUB_ENV.sourceIdentity] ? { sourceIdentity: e[HUB_ENV.sourceIdentity] } : {}),
    ...(e[HUB_ENV.region] ? { region: e[HUB_ENV.region] } : {}),
    ...(sweep ? { sweep } : {}),
    ...(e[HUB_ENV.sweepResultsBucket] ? { sweepResultsBucket: e[HUB_ENV.sweepResultsBucket] } : {}),
  };
}
