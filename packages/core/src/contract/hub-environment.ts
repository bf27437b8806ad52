/**
 * The hub's environment variables: infra sets them on both hub functions, `loadHubConfig`
 * (packages/engine) parses them, `guardrail hub run` and `guardrail sweep` read the same names.
 * The schema (what each accepts) lives with the parser; the names live here.
 */
export const HUB_ENV = {
  policyFile: 'GUARDRAIL_POLICY_FILE',
  policyYaml: 'GUARDRAIL_POLICY_YAML',
  /**
   * The policies compiled at synth (a JSON file in the Lambda's asset, written by infra): what the
   * Lambda reads, with no YAML parser and no schema. The YAML variables are for `guardrail hub run`.
   */
  compiledPolicyFile: 'GUARDRAIL_COMPILED_POLICY_FILE',
  roleName: 'GUARDRAIL_ROLE_NAME',
  sourceIdentity: 'GUARDRAIL_SOURCE_IDENTITY',
  tagPolicy: 'GUARDRAIL_TAG_POLICY',
  tagMode: 'GUARDRAIL_TAG_MODE',
  topicArn: 'GUARDRAIL_TOPIC_ARN',
  hubRoleArn: 'GUARDRAIL_HUB_ROLE_ARN',
  forwardingRuleName: 'GUARDRAIL_FORWARDING_RULE_NAME',
  watchdogRuleName: 'GUARDRAIL_WATCHDOG_RULE_NAME',
  roleWatchRuleName: 'GUARDRAIL_ROLE_WATCH_RULE_NAME',
  forwarderRolePrefix: 'GUARDRAIL_FORWARDER_ROLE_PREFIX',
  forwardingDeadLetterQueue: 'GUARDRAIL_FORWARDING_DLQ_NAME',
  hubEventBusArn: 'GUARDRAIL_HUB_EVENT_BUS_ARN',
  orgReadRoleArn: 'GUARDRAIL_ORG_READ_ROLE_ARN',
  deadLetterQueueUrl: 'GUARDRAIL_DEAD_LETTER_QUEUE_URL',
  maxConcurrency: 'GUARDRAIL_MAX_CONCURRENCY',
  maxConcurrencyPerAccount: 'GUARDRAIL_MAX_CONCURRENCY_PER_ACCOUNT',
  breakerMaxRemediations: 'GUARDRAIL_BREAKER_MAX_REMEDIATIONS',
  breakerWindowMinutes: 'GUARDRAIL_BREAKER_WINDOW_MINUTES',
  consoleBaseUrl: 'GUARDRAIL_CONSOLE_BASE_URL',
  stateTable: 'GUARDRAIL_STATE_TABLE',
  claimTtlSeconds: 'GUARDRAIL_CLAIM_TTL_SECONDS',
  sweepRegions: 'GUARDRAIL_SWEEP_REGIONS',
  queueUrl: 'GUARDRAIL_QUEUE_URL',
  recheckQueueUrl: 'GUARDRAIL_RECHECK_QUEUE_URL',
  sweepOuIds: 'GUARDRAIL_SWEEP_OU_IDS',
  sweepResultsBucket: 'GUARDRAIL_SWEEP_RESULTS_BUCKET',
  /** Seconds after planning by which a full sweep should be done; later, it is alerted overdue. */
  sweepDeadlineSeconds: 'GUARDRAIL_SWEEP_DEADLINE_SECONDS',
  region: 'AWS_REGION',
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  serviceName: 'POWERTOOLS_SERVICE_NAME',
} as const;

/** The name of one hub environment variable. */
export type HubEnvName = (typeof HUB_ENV)[keyof typeof HUB_ENV];

/** A hub environment as infra writes it and the parser reads it: only the names above. */
export type HubEnvironment = Partial<Record<HubEnvName, string>>;
