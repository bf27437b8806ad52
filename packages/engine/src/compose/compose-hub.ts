/**
 * The hub's one composition: policies, the @guardrail/aws adapters, the core ports and the engine,
 * from a HubConfig. The Lambda (apps/hub), `guardrail hub run`, `guardrail demo` and the bench all
 * build their hub here, so none of them can miss a part (dedupe, breaker, dead letters, sweep).
 */
import { createStateStores, type StateStores } from '@guardrail/aws';
import { type ForwardingProblem, type PolicyFile, usesOrganizationalUnitScope } from '@guardrail/core';
import { createAwsPorts } from '../aws/ports';
import { CircuitBreaker } from '../breaker';
import { createCorePorts } from '../core-ports';
import { InMemoryDedupeStore } from '../dedupe';
import { ForwardingHealth } from '../forwarding/health';
import { createHub, type Hub } from '../hub';
import type { OwedAlert } from '../outbox';
import type { DedupeStore, EngineLogger, GatewayFactory, MetricsSink } from '../ports';
import { BrokerSweepGroupSource, createAwsSweepResults } from '../sweep';
import { InMemorySweepTally, type SweepTallyPort } from '../sweep/tally';
import { type AwsOverrides, awsOptionsFor } from './aws-options';
import type { HubConfig } from './config';
import { loadConfiguredPolicies } from './policies';

export interface ComposeOverrides {
  /** Extra client plugins (the sandbox's), credentials for the hub itself, retry attempts. */
  aws?: AwsOverrides;
  /** Default: the state table's when GUARDRAIL_STATE_TABLE is set, else an in-memory store (per process). */
  dedupe?: DedupeStore;
  now?: () => Date;
  /** Default: silent. */
  logger?: EngineLogger;
  /** Default: none recorded. */
  metrics?: MetricsSink;
  /** The sweeps' tally; default the state table's, else in memory (shared with a planner in the same process). */
  sweepTally?: SweepTallyPort;
}

export interface ComposedHub {
  hub: Hub;
  /** The policies loaded (shipped + the configured file). */
  policies: PolicyFile;
  /** The hub's gateways to member accounts (through the assumed remediation role). */
  gateways: GatewayFactory;
  /** Releases the SDK clients' sockets. */
  destroy(): void;
}

/** The hub with the policies the config names, read every way (YAML included): the CLI, the demo, the bench. */
export function composeHub(config: HubConfig, overrides: ComposeOverrides = {}): ComposedHub {
  return composeHubWith(config, loadConfiguredPolicies(config.policy), overrides);
}

/**
 * The hub over policies already loaded (`config.policy` is not read again). The Lambda loads its
 * compiled policies itself and composes here, so nothing on its path reads YAML.
 */
export function composeHubWith(
  config: HubConfig,
  policies: PolicyFile,
  overrides: ComposeOverrides = {},
): ComposedHub {
  // Shared state across instances (dedupe claims, breaker counts), when a table is configured.
  const state: StateStores<OwedAlert, ForwardingProblem> | undefined = config.stateTable
    ? createStateStores<OwedAlert, ForwardingProblem>(config.stateTable, {
        aws: awsOptionsFor(config, overrides.aws),
        dedupe: {
          claimTtlSeconds: config.claimTtlSeconds,
          ...(overrides.now ? { now: overrides.now } : {}),
        },
      })
    : undefined;
  const readAncestors = usesOrganizationalUnitScope(policies);
  // Each finished sweep target's posture, for `guardrail report --from-sweep`.
  const sweepResults = config.sweepResultsBucket
    ? createAwsSweepResults(awsOptionsFor(config, overrides.aws), config.sweepResultsBucket)
    : undefined;
  const aws = createAwsPorts({
    aws: awsOptionsFor(config, overrides.aws),
    roleName: config.roleName,
    sourceIdentity: config.sourceIdentity,
    partition: config.partition,
    topicArn: config.topicArn,
    ...(config.deadLetterQueueUrl ? { deadLetterQueueUrl: config.deadLetterQueueUrl } : {}),
    ...(config.recheckQueueUrl ? { recheckQueueUrl: config.recheckQueueUrl } : {}),
    ...(config.orgReadRoleArn ? { orgReadRoleArn: config.orgReadRoleArn } : {}),
    // An OU scope matches only once the hub knows the account's OUs; without one, no ListParents.
    readAncestors,
  });
  const core = createCorePorts({
    policies,
    tagKeys: config.tagKeys,
    parse: {
      // The loop guard knows only the remediation role (of the group's own account, with the
      // SourceIdentity): the hub never calls member EC2 as itself, so its role's name marks nothing.
      guardrailRoleNames: [config.roleName],
      guardrailSourceIdentity: config.sourceIdentity,
      forwardingRuleName: config.forwardingRuleName,
      guarded: {
        ruleNames: [config.forwardingRuleName, config.watchdogRuleName, config.roleWatchRuleName],
        roleNames: [config.roleName],
        rolePrefixes: [config.forwarderRolePrefix],
      },
    },
    ...(config.consoleBaseUrl ? { compose: { consoleBaseUrl: config.consoleBaseUrl } } : {}),
  });
  const hub = createHub({
    ...core,
    gateways: aws.gateways,
    prefixLists: aws.prefixLists,
    accounts: aws.accounts,
    alerts: aws.alerts,
    ...(aws.deadLetters ? { deadLetters: aws.deadLetters } : {}),
    ...(aws.recheck ? { recheck: aws.recheck } : {}),
    dedupe:
      overrides.dedupe ??
      state?.dedupe ??
      new InMemoryDedupeStore({
        claimTtlMs: config.claimTtlSeconds * 1000,
        ...(overrides.now ? { now: overrides.now } : {}),
      }),
    breaker: new CircuitBreaker(config.breaker, state?.breaker),
    ...(state ? { policies: state.policies, outbox: state.outbox } : {}),
    // Baselines are read with every group's state: only worth a table read when some policy locks.
    ...(state && Object.values(policies.policies).some((policy) => policy.lock === true)
      ? { baselines: state.baselines }
      : {}),
    ...(config.hubEventBusArn
      ? {
          forwarding: new ForwardingHealth({
            source: aws.forwarding,
            names: {
              forwardingRule: config.forwardingRuleName,
              watchdogRule: config.watchdogRuleName,
              roleWatchRule: config.roleWatchRuleName,
              remediationRole: config.roleName,
              forwarderRolePrefix: config.forwarderRolePrefix,
            },
            hubBusArn: config.hubEventBusArn,
            partition: config.partition,
            forwardingDeadLetterQueue: config.forwardingDeadLetterQueue,
            ...(state ? { verdicts: state.verdicts } : {}),
          }),
        }
      : {}),
    // Owed alerts are published by others once the recording instance's claim would have expired.
    owedAfterMs: config.claimTtlSeconds * 1000,
    concurrency: { max: config.maxConcurrency, perAccount: config.maxConcurrencyPerAccount },
    ...(overrides.logger ? { logger: overrides.logger } : {}),
    ...(overrides.metrics ? { metrics: overrides.metrics } : {}),
    ...(overrides.now ? { now: overrides.now } : {}),
    // Sweep targets on the queue: list each account/region's opted-in groups with the remediation role.
    sweep: new BrokerSweepGroupSource(aws.broker, config.tagKeys.policy),
    ...(sweepResults ? { sweepResults: sweepResults.results } : {}),
    // Each sweep summed once: the summary says where it ran (the hub's account and region, the topic's).
    sweepSummary: {
      tally: overrides.sweepTally ?? state?.sweepTally ?? new InMemorySweepTally(),
      hub: hubLocation(config.topicArn),
    },
  });
  overrides.logger?.info('hub ready', {
    policies: Object.keys(policies.policies).length,
    roleName: config.roleName,
    topicArn: config.topicArn,
    deadLetterQueue: config.deadLetterQueueUrl !== undefined,
    recheckQueue: config.recheckQueueUrl !== undefined,
    maxConcurrency: config.maxConcurrency,
    breaker: config.breaker,
    state: config.stateTable ? { table: config.stateTable } : 'in-memory',
    claimTtlSeconds: config.claimTtlSeconds,
    sweepResultsBucket: config.sweepResultsBucket ?? 'none',
    // Says whether the hub reads accounts' OUs (and so needs organizations:ListParents).
    organizationalUnitScope: readAncestors,
  });
  return {
    hub,
    policies,
    gateways: aws.gateways,
    destroy: () => {
      aws.destroy();
      state?.destroy();
      sweepResults?.destroy();
    },
  };
}

/** The account and region of the alert topic (arn:partition:sns:region:account:name): the hub's. */
function hubLocation(topicArn: string): { account: string; region: string } {
  const [, , , region = '', account = ''] = topicArn.split(':');
  return { account, region };
}
