/**
 * The hub's configuration, parsed once from the environment into a typed object: the contract
 * with infra (which sets the Lambda's variables) and with `guardrail hub run` / `guardrail sweep`
 * (which read the same variables, command-line flags taking precedence). Nothing else reads
 * `process.env`: callers pass the environment in.
 */
import { GuardrailError } from '@guardrail/core';
import { z } from 'zod';
import { DEFAULT_CLAIM_TTL_SECONDS } from '../dedupe';

export interface HubConfig {
  policy: { file?: string; yaml?: string };
  roleName: string;
  sourceIdentity: string;
  tagKeys: { policy: string; mode: string };
  topicArn: string;
  /** The partition of the topic (and so of the organization): `aws`, `aws-us-gov`, `aws-cn`. */
  partition: string;
  hubRoleArn?: string;
  forwardingRuleName: string;
  orgReadRoleArn?: string;
  deadLetterQueueUrl?: string;
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
}

export interface SweepConfig {
  /** Target regions (GUARDRAIL_SWEEP_REGIONS; default the Lambda's region). */
  regions: string[];
  /** The hub queue the sweep's targets are enqueued to (GUARDRAIL_QUEUE_URL). */
  queueUrl?: string;
  /** Restrict the sweep to these OUs and their descendants (GUARDRAIL_SWEEP_OU_IDS); all accounts when empty. */
  ouIds: string[];
}

/** What planning a sweep needs: a HubConfig has it all, `guardrail sweep` needs no more. */
export type SweepPlannerConfig = Pick<HubConfig, 'region' | 'orgReadRoleArn' | 'sweep'>;

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
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const OU_OR_ROOT = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;

const hubSchema = z.object({
  GUARDRAIL_POLICY_FILE: optional,
  // YAML is kept byte for byte (no trimming): line numbers in errors must match.
  GUARDRAIL_POLICY_YAML: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  GUARDRAIL_ROLE_NAME: withDefault('guardrail-remediation'),
  GUARDRAIL_SOURCE_IDENTITY: withDefault('guardrail'),
  GUARDRAIL_TAG_POLICY: withDefault('guardrail:policy'),
  GUARDRAIL_TAG_MODE: withDefault('guardrail:mode'),
  GUARDRAIL_TOPIC_ARN: z
    .string({ error: 'is required' })
    .regex(/^arn:[a-z-]+:sns:[a-z0-9-]+:\d{12}:.+$/, 'is not an SNS topic ARN'),
  GUARDRAIL_HUB_ROLE_ARN: arn('iam'),
  GUARDRAIL_FORWARDING_RULE_NAME: withDefault('guardrail-forward-sg-events'),
  GUARDRAIL_ORG_READ_ROLE_ARN: arn('iam'),
  GUARDRAIL_DEAD_LETTER_QUEUE_URL: url,
  GUARDRAIL_MAX_CONCURRENCY: count(16),
  GUARDRAIL_MAX_CONCURRENCY_PER_ACCOUNT: count(4),
  GUARDRAIL_BREAKER_MAX_REMEDIATIONS: count(5),
  GUARDRAIL_BREAKER_WINDOW_MINUTES: count(10),
  GUARDRAIL_CONSOLE_BASE_URL: url,
  GUARDRAIL_STATE_TABLE: z.preprocess(
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
  // Up to 12 hours: SQS's longest visibility timeout, which the claim must stay below.
  GUARDRAIL_CLAIM_TTL_SECONDS: z.preprocess(
    (v) => (v === '' || v === undefined ? DEFAULT_CLAIM_TTL_SECONDS : v),
    z.coerce.number().int().min(1).max(43_200),
  ),
  GUARDRAIL_SWEEP_REGIONS: list(REGION, 'regions'),
  GUARDRAIL_QUEUE_URL: url,
  GUARDRAIL_SWEEP_OU_IDS: list(OU_OR_ROOT, 'OU ids (ou-...) or root ids (r-...)'),
  AWS_REGION: optional,
  POWERTOOLS_METRICS_NAMESPACE: withDefault('Guardrail'),
  POWERTOOLS_SERVICE_NAME: withDefault('guardrail-hub'),
});

/** The variables a sweep planner reads (no topic, no policies: it only enqueues targets). */
const sweepSchema = hubSchema.pick({
  GUARDRAIL_ORG_READ_ROLE_ARN: true,
  GUARDRAIL_SWEEP_REGIONS: true,
  GUARDRAIL_QUEUE_URL: true,
  GUARDRAIL_SWEEP_OU_IDS: true,
  AWS_REGION: true,
});

export type HubVariable = keyof z.input<typeof hubSchema>;
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
  GUARDRAIL_POLICY_FILE: 'GUARDRAIL_POLICY_YAML',
  GUARDRAIL_POLICY_YAML: 'GUARDRAIL_POLICY_FILE',
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
  const regions =
    e.GUARDRAIL_SWEEP_REGIONS.length > 0
      ? [...new Set(e.GUARDRAIL_SWEEP_REGIONS)]
      : e.AWS_REGION
        ? [e.AWS_REGION]
        : [];
  if (regions.length === 0 && !e.GUARDRAIL_QUEUE_URL && e.GUARDRAIL_SWEEP_OU_IDS.length === 0)
    return undefined;
  return {
    regions,
    ...(e.GUARDRAIL_QUEUE_URL ? { queueUrl: e.GUARDRAIL_QUEUE_URL } : {}),
    ouIds: [...new Set(e.GUARDRAIL_SWEEP_OU_IDS)],
  };
}

/** Parses the environment (flags over it); throws ConfigError naming every variable that is wrong. */
export function loadHubConfig(env: Env, flags: ConfigFlags = {}): HubConfig {
  const e = parse(hubSchema, env, flags);
  if (e.GUARDRAIL_POLICY_FILE && e.GUARDRAIL_POLICY_YAML) {
    throw new ConfigError(['set GUARDRAIL_POLICY_FILE or GUARDRAIL_POLICY_YAML, not both']);
  }
  const partition = e.GUARDRAIL_TOPIC_ARN.split(':')[1] ?? 'aws';
  const sweep = sweepFrom(e);
  return {
    policy: {
      ...(e.GUARDRAIL_POLICY_FILE ? { file: e.GUARDRAIL_POLICY_FILE } : {}),
      ...(e.GUARDRAIL_POLICY_YAML ? { yaml: e.GUARDRAIL_POLICY_YAML } : {}),
    },
    roleName: e.GUARDRAIL_ROLE_NAME,
    sourceIdentity: e.GUARDRAIL_SOURCE_IDENTITY,
    tagKeys: { policy: e.GUARDRAIL_TAG_POLICY, mode: e.GUARDRAIL_TAG_MODE },
    topicArn: e.GUARDRAIL_TOPIC_ARN,
    partition,
    ...(e.GUARDRAIL_HUB_ROLE_ARN ? { hubRoleArn: e.GUARDRAIL_HUB_ROLE_ARN } : {}),
    forwardingRuleName: e.GUARDRAIL_FORWARDING_RULE_NAME,
    ...(e.GUARDRAIL_ORG_READ_ROLE_ARN ? { orgReadRoleArn: e.GUARDRAIL_ORG_READ_ROLE_ARN } : {}),
    ...(e.GUARDRAIL_DEAD_LETTER_QUEUE_URL ? { deadLetterQueueUrl: e.GUARDRAIL_DEAD_LETTER_QUEUE_URL } : {}),
    maxConcurrency: e.GUARDRAIL_MAX_CONCURRENCY,
    maxConcurrencyPerAccount: e.GUARDRAIL_MAX_CONCURRENCY_PER_ACCOUNT,
    breaker: {
      maxRemediations: e.GUARDRAIL_BREAKER_MAX_REMEDIATIONS,
      windowMinutes: e.GUARDRAIL_BREAKER_WINDOW_MINUTES,
    },
    ...(e.GUARDRAIL_STATE_TABLE ? { stateTable: e.GUARDRAIL_STATE_TABLE } : {}),
    claimTtlSeconds: e.GUARDRAIL_CLAIM_TTL_SECONDS,
    ...(e.AWS_REGION ? { region: e.AWS_REGION } : {}),
    metricsNamespace: e.POWERTOOLS_METRICS_NAMESPACE,
    serviceName: e.POWERTOOLS_SERVICE_NAME,
    ...(e.GUARDRAIL_CONSOLE_BASE_URL ? { consoleBaseUrl: e.GUARDRAIL_CONSOLE_BASE_URL } : {}),
    ...(sweep ? { sweep } : {}),
  };
}

/** Only the sweep planner's variables (`guardrail sweep`): the same names and rules as loadHubConfig. */
export function loadSweepConfig(env: Env, flags: ConfigFlags = {}): SweepPlannerConfig {
  const e = parse(sweepSchema, env, flags);
  const sweep = sweepFrom(e);
  return {
    ...(e.GUARDRAIL_ORG_READ_ROLE_ARN ? { orgReadRoleArn: e.GUARDRAIL_ORG_READ_ROLE_ARN } : {}),
    ...(e.AWS_REGION ? { region: e.AWS_REGION } : {}),
    ...(sweep ? { sweep } : {}),
  };
}
