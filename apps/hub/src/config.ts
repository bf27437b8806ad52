/**
 * The hub's configuration, parsed once from the environment (infra sets it) into a typed object.
 * Nothing else in the hub reads `process.env`.
 */
import { GuardrailError } from '@guardrail/core';
import { z } from 'zod';

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
      .regex(new RegExp(`^arn:[a-z-]+:${service}:`), `must be an ${service} ARN`)
      .optional(),
  );

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

const schema = z.object({
  GUARDRAIL_POLICY_FILE: optional,
  // YAML is kept byte for byte (no trimming): line numbers in errors must match.
  GUARDRAIL_POLICY_YAML: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  GUARDRAIL_ROLE_NAME: withDefault('guardrail-remediation'),
  GUARDRAIL_SOURCE_IDENTITY: withDefault('guardrail'),
  GUARDRAIL_TAG_POLICY: withDefault('guardrail:policy'),
  GUARDRAIL_TAG_MODE: withDefault('guardrail:mode'),
  GUARDRAIL_TOPIC_ARN: z
    .string({ error: 'is required' })
    .regex(/^arn:[a-z-]+:sns:[a-z0-9-]+:\d{12}:.+$/, 'must be an SNS topic ARN'),
  GUARDRAIL_HUB_ROLE_ARN: arn('iam'),
  GUARDRAIL_FORWARDING_RULE_NAME: withDefault('guardrail-forward-sg-events'),
  GUARDRAIL_ORG_READ_ROLE_ARN: arn('iam'),
  GUARDRAIL_DEAD_LETTER_QUEUE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  GUARDRAIL_MAX_CONCURRENCY: count(16),
  GUARDRAIL_MAX_CONCURRENCY_PER_ACCOUNT: count(4),
  GUARDRAIL_BREAKER_MAX_REMEDIATIONS: count(5),
  GUARDRAIL_BREAKER_WINDOW_MINUTES: count(10),
  GUARDRAIL_CONSOLE_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  GUARDRAIL_SWEEP_REGIONS: list(REGION, 'regions'),
  GUARDRAIL_QUEUE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  GUARDRAIL_SWEEP_OU_IDS: list(OU_OR_ROOT, 'OU ids (ou-...) or root ids (r-...)'),
  AWS_REGION: optional,
  POWERTOOLS_METRICS_NAMESPACE: withDefault('Guardrail'),
  POWERTOOLS_SERVICE_NAME: withDefault('guardrail-hub'),
});

/** Parses the environment; throws ConfigError naming every variable that is wrong. */
export function loadConfig(env: Record<string, string | undefined>): HubConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'} ${issue.message}`),
      { cause: parsed.error },
    );
  }
  const e = parsed.data;
  if (e.GUARDRAIL_POLICY_FILE && e.GUARDRAIL_POLICY_YAML) {
    throw new ConfigError(['set GUARDRAIL_POLICY_FILE or GUARDRAIL_POLICY_YAML, not both']);
  }
  const partition = e.GUARDRAIL_TOPIC_ARN.split(':')[1] ?? 'aws';
  const sweepRegions =
    e.GUARDRAIL_SWEEP_REGIONS.length > 0
      ? [...new Set(e.GUARDRAIL_SWEEP_REGIONS)]
      : e.AWS_REGION
        ? [e.AWS_REGION]
        : [];
  const sweep: SweepConfig | undefined =
    sweepRegions.length > 0 || e.GUARDRAIL_QUEUE_URL || e.GUARDRAIL_SWEEP_OU_IDS.length > 0
      ? {
          regions: sweepRegions,
          ...(e.GUARDRAIL_QUEUE_URL ? { queueUrl: e.GUARDRAIL_QUEUE_URL } : {}),
          ouIds: [...new Set(e.GUARDRAIL_SWEEP_OU_IDS)],
        }
      : undefined;
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
    ...(e.AWS_REGION ? { region: e.AWS_REGION } : {}),
    metricsNamespace: e.POWERTOOLS_METRICS_NAMESPACE,
    serviceName: e.POWERTOOLS_SERVICE_NAME,
    ...(e.GUARDRAIL_CONSOLE_BASE_URL ? { consoleBaseUrl: e.GUARDRAIL_CONSOLE_BASE_URL } : {}),
    ...(sweep ? { sweep } : {}),
  };
}
