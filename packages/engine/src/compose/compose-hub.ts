/**
 * The hub's one composition: policies, the @guardrail/aws adapters, the core ports and the engine,
 * from a HubConfig. The Lambdas (apps/hub), `guardrail hub run`, `guardrail demo` and the bench all
 * build their hub here, so none of them can miss a part (dedupe, breaker, dead letters, sweep).
 *
 * Two shapes of the same composition: the whole hub (`composeHub`, `composeHubWith`: the sweep
 * function, the CLI, the demo), and the live-event function's (`composeEventHubWith`), the same
 * but without the sweep's parts (sweep-parts.ts), so that what every live event's cold start loads
 * holds no S3 or EventBridge SDK.
 */
import { createStateStores, type StateStores } from '@guardrail/aws';
import { type ForwardingProblem, type PolicyFile, usesOrganizationalUnitScope } from '@guardrail/core';
import { createAwsPorts } from '../aws/ports';
import { CircuitBreaker } from '../breaker';
import { createCorePorts } from '../core-ports';
import { InMemoryDedupeStore } from '../dedupe';
import { createHub, type Hub } from '../hub';
import type { OwedAlert } from '../outbox';
import type { DedupeStore, EngineLogger, GatewayFactory, MetricsSink } from '../ports';
import type { SweepTallyPort } from '../sweep/tally';
import { type AwsOverrides, awsOptionsFor } from './aws-options';
import type { HubConfig } from './config';
import { loadConfiguredPolicies } from './policies';
import { composeSweepParts, type SweepParts, type SweepPartsInput } from './sweep-parts';

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
 * The whole hub over policies already loaded (`config.policy` is not read again): live events
 * and sweep targets. The sweep function loads its compiled policies itself and composes here, so
 * nothing on its path reads YAML.
 */
export function composeHubWith(
  config: HubConfig,
  policies: PolicyFile,
  overrides: ComposeOverrides = {},
): ComposedHub {
  return assemble(config, policies, overrides, composeSweepParts);
}

/**
 * The live-event function's hub: everything but the sweep's parts. A sweep target or a sweep
 * deadline that reaches it is dead-lettered with the reason (they belong to the sweep queue).
 */
export function composeEventHubWith(
  config: HubConfig,
  policies: PolicyFile,
  overrides: ComposeOverrides = {},
): ComposedHub {
  return assemble(config, policies, overrides, undefined);
}

// Two exported functions over one private one, not a flag: an entry that imports only
// composeEventHubWith never references composeSweepParts, so esbuild leaves the sweep's SDKs out.
function assemble(
  config: HubConfig,
  policies: PolicyFile,
  overrides: ComposeOverrides,
  sweepParts: ((input: SweepPartsInput) => SweepParts) | undefined,
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
  const sweep = sweepParts?.({ config, aws, state, overrides });
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
    // Owed alerts are published by others once the recording instance's claim would have expired.
    owedAfterMs: config.claimTtlSeconds * 1000,
    concurrency: { max: config.maxConcurrency, perAccount: config.maxConcurrencyPerAccount },
    ...(overrides.logger ? { logger: overrides.logger } : {}),
    ...(overrides.metrics ? { metrics: overrides.metrics } : {}),
    ...(overrides.now ? { now: overrides.now } : {}),
    ...sweep?.deps,
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
    sweep: sweep ? 'targets and deadlines' : 'none (live events only: sweep messages are dead-lettered)',
    sweepResultsBucket: (sweep && config.sweepResultsBucket) || 'none',
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
      sweep?.destroy();
    },
  };
}
