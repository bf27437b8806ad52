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
  DEFAULT_SWEEP_DEADLINE_SECONDS,
  DEFAULT_TAG_KEYS,
  GUARDRAIL_NAMES,
  GuardrailError,
  HUB_ENV,
  type HubEnvName,
  MAX_CLAIM_TTL_SECONDS,
  MAX_SWEEP_DEADLINE_SECONDS,
  OU_OR_ROOT_PATTERN,
  REGION_PATTERN,
  S3_BUCKET_NAME_PATTERN,
  type TagKeys,
} from '@guardrail/core';
import * as z from 'zod/mini';

export interface HubConfig {
  /**
   * Where the policies come from, at most one way: a YAML file, inline YAML, or the JSON that
   * infra compiled at synth (the Lambda's way). None: the shipped policies.
   */
  policy: { file?: string; yaml?: string; compiled?: string };
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
  /** Seconds after planning by which a full sweep should be done (GUARDRAIL_SWEEP_DEADLINE_SECONDS). */
  deadlineSeconds: number;
}

/**
 * What planning a sweep needs: a HubConfig has it all, `guardrail sweep` needs no more. Without a
 * `sourceIdentity`, the Organizations read session carries the default one.
 */
export type SweepPlannerConfig = Pick<
  HubConfig,
  'region' | 'orgReadRoleArn' | 'sweep' | 'sweepResultsBucket' | 'stateTable'
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
const blank = (v: unknown) => (v === '' ? undefined : v);
const unsetOr =
  (fallback: string) =>
  (v: unknown): string =>
    v === '' || v === undefined ? fallback : String(v);
const NOT_BLANK = 'must not be blank';
const text = () => z.string().check(z.trim(), z.minLength(1, NOT_BLANK));

const optional = z.pipe(z.transform(blank), z.optional(text()));
const withDefault = (fallback: string) => z.pipe(z.transform(unsetOr(fallback)), text());
/** A whole number from 1 to `max`; unset or empty is `fallback`. */
const whole = (fallback: number, max: number) => {
  const message = `must be a whole number from 1 to ${max}`;
  return z.pipe(
    z.transform(unsetOr(String(fallback))),
    z.coerce
      .number<string>({ error: message })
      .check(z.refine((n: number) => Number.isInteger(n) && n >= 1 && n <= max, message)),
  );
};
const count = (fallback: number) => whole(fallback, 1000);
/** An optional value matching `pattern` (trimmed), else `message`. */
const matching = (pattern: RegExp, message: string) =>
  z.pipe(z.transform(blank), z.optional(z.string().check(z.trim(), z.regex(pattern, message))));
const arn = (service: string) =>
  z.pipe(
    z.transform(blank),
    z.optional(
      z
        .string()
        .check(
          z.regex(new RegExp(`^arn:[a-z-]+:${service}:`), `is not a valid ARN: must be an ${service} ARN`),
        ),
    ),
  );
const url = z.pipe(z.transform(blank), z.optional(z.url({ error: 'is not a URL' })));

/** A comma-separated list whose every item matches `pattern`; unset or empty is the empty list. */
const list = (pattern: RegExp, what: string) =>
  z.pipe(
    z.transform((v: unknown) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((item) => item.trim())
            .filter((item) => item !== '')
        : [],
    ),
    z.array(z.string().check(z.regex(pattern, `must be a comma-separated list of ${what}`))),
  );

/**
 * Every variable of the contract (HUB_ENV), each with what it accepts and its default. zod/mini,
 * with a message for every check: the Lambda bundles this parser, and mini (no locale, no
 * chained-method classes) is a small part of what full zod would add.
 */
const hubShape = {
  [HUB_ENV.policyFile]: optional,
  // YAML is kept byte for byte (no trimming): line numbers in errors must match.
  [HUB_ENV.policyYaml]: z.pipe(z.transform(blank), z.optional(z.string())),
  [HUB_ENV.compiledPolicyFile]: optional,
  [HUB_ENV.roleName]: withDefault(GUARDRAIL_NAMES.remediationRole),
  [HUB_ENV.sourceIdentity]: withDefault(GUARDRAIL_NAMES.sourceIdentity),
  [HUB_ENV.tagPolicy]: withDefault(DEFAULT_TAG_KEYS.policy),
  [HUB_ENV.tagMode]: withDefault(DEFAULT_TAG_KEYS.mode),
  [HUB_ENV.topicArn]: z
    .string({ error: 'is required' })
    .check(z.regex(/^arn:[a-z-]+:sns:[a-z0-9-]+:\d{12}:.+$/, 'is not an SNS topic ARN')),
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
  [HUB_ENV.stateTable]: matching(
    /^([a-zA-Z0-9_.-]{3,255}|arn:[a-z-]+:dynamodb:[a-z0-9-]+:\d{12}:table\/[a-zA-Z0-9_.-]{3,255})$/,
    'is not a DynamoDB table name or ARN',
  ),
  // Up to SQS's longest visibility timeout, which the claim must stay below.
  [HUB_ENV.claimTtlSeconds]: whole(DEFAULT_CLAIM_TTL_SECONDS, MAX_CLAIM_TTL_SECONDS),
  [HUB_ENV.sweepRegions]: list(REGION_PATTERN, 'regions'),
  [HUB_ENV.queueUrl]: url,
  [HUB_ENV.sweepOuIds]: list(OU_OR_ROOT_PATTERN, 'OU ids (ou-...) or root ids (r-...)'),
  [HUB_ENV.sweepResultsBucket]: matching(
    S3_BUCKET_NAME_PATTERN,
    'is not an S3 bucket name (the name, not its ARN or an s3:// URI)',
  ),
  [HUB_ENV.sweepDeadlineSeconds]: whole(DEFAULT_SWEEP_DEADLINE_SECONDS, MAX_SWEEP_DEADLINE_SECONDS),
  [HUB_ENV.region]: optional,
  [HUB_ENV.metricsNamespace]: withDefault(GUARDRAIL_NAMES.metricsNamespace),
  [HUB_ENV.serviceName]: withDefault(GUARDRAIL_NAMES.serviceName),
} satisfies Record<HubEnvName, z.ZodMiniType>;
const hubSchema = z.object(hubShape);

/**
 * The variables a sweep planner reads (no topic, no policies: it only enqueues targets). The
 * SourceIdentity of its Organizations read session has no default here: unset, the session gets
 * @guardrail/aws's default, the same value (GUARDRAIL_NAMES.sourceIdentity).
 */
const sweepSchema = z.object({
  [HUB_ENV.orgReadRoleArn]: hubShape[HUB_ENV.orgReadRoleArn],
  [HUB_ENV.sweepRegions]: hubShape[HUB_ENV.sweepRegions],
  [HUB_ENV.queueUrl]: hubShape[HUB_ENV.queueUrl],
  [HUB_ENV.sweepOuIds]: hubShape[HUB_ENV.sweepOuIds],
  [HUB_ENV.sweepResultsBucket]: hubShape[HUB_ENV.sweepResultsBucket],
  [HUB_ENV.sweepDeadlineSeconds]: hubShape[HUB_ENV.sweepDeadlineSeconds],
  [HUB_ENV.stateTable]: hubShape[HUB_ENV.stateTable],
  [HUB_ENV.region]: hubShape[HUB_ENV.region],
  [HUB_ENV.sourceIdentity]: optional,
});

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

/** The ways to give the policies: at most one is set; one given by flag replaces the others. */
const POLICY_VARIABLES = [HUB_ENV.policyFile, HUB_ENV.policyYaml, HUB_ENV.compiledPolicyFile] as const;
const isPolicyVariable = (name: HubVariable): boolean =>
  (POLICY_VARIABLES as readonly string[]).includes(name);

function withFlags(env: Env, flags: ConfigFlags): Env {
  const merged: Env = { ...env };
  for (const [variable, flag] of Object.entries(flags) as [HubVariable, ConfigFlag | undefined][]) {
    if (flag?.value === undefined) continue;
    // A policy given one way replaces the other ways from the environment (no "not both" error).
    if (isPolicyVariable(variable)) for (const other of POLICY_VARIABLES) delete merged[other];
    merged[variable] = flag.value;
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

function parse<S extends z.ZodMiniType>(schema: S, env: Env, flags: ConfigFlags): z.output<S> {
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
    deadlineSeconds: e[HUB_ENV.sweepDeadlineSeconds],
  };
}

/** Parses the environment (flags over it); throws ConfigError naming every variable that is wrong. */
export function loadHubConfig(env: Env, flags: ConfigFlags = {}): HubConfig {
  const e = parse(hubSchema, env, flags);
  const policySet = POLICY_VARIABLES.filter((name) => e[name] !== undefined);
  if (policySet.length > 1) {
    throw new ConfigError([
      policySet.length === 2
        ? `set ${policySet.join(' or ')}, not both`
        : `set only one of ${policySet.join(', ')}`,
    ]);
  }
  const partition = e[HUB_ENV.topicArn].split(':')[1] ?? 'aws';
  const sweep = sweepFrom(e);
  return {
    policy: {
      ...(e[HUB_ENV.policyFile] ? { file: e[HUB_ENV.policyFile] } : {}),
      ...(e[HUB_ENV.policyYaml] ? { yaml: e[HUB_ENV.policyYaml] } : {}),
      ...(e[HUB_ENV.compiledPolicyFile] ? { compiled: e[HUB_ENV.compiledPolicyFile] } : {}),
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
    ...(e[HUB_ENV.stateTable] ? { stateTable: e[HUB_ENV.stateTable] } : {}),
  };
}
