/**
 * The round trip from infra to the hub: each synthesized hub function's environment, as Lambda
 * would hand it over (CloudFormation intrinsics resolved to concrete values, AWS_REGION added),
 * parsed by the hub's own `loadHubConfig` (@guardrail/engine), gives the HubConfig the deploy
 * configuration asks for. And every variable infra writes is a contract name (@guardrail/core
 * HUB_ENV) that loadHubConfig reads: none is misspelt, unknown or ignored.
 */
import {
  DEFAULT_CLAIM_TTL_SECONDS,
  DEFAULT_CONCURRENCY,
  DEFAULT_SWEEP_DEADLINE_SECONDS,
  GUARDRAIL_NAMES,
  HUB_ENV,
  type HubEnvName,
} from '@guardrail/core';
import {
  composeSweepPlanner,
  type HubConfig,
  loadHubConfig,
  SweepNotConfiguredError,
} from '@guardrail/engine';
import { type CfnElement, Duration } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { type DeployConfig, effectiveSweepSizing } from '../src/config/schema';
import { COMPILED_POLICY_PATH } from '../src/hub/hub-function';
import { claimTtlFor, EVENT_FUNCTION_TIMEOUT } from '../src/hub/sizing';
import { hubEventBusArn, hubRoleArn, orgReadRoleArn } from '../src/names';
import { type ResolveContext, resolveIntrinsics } from './support/resolve-template';
import { exampleConfig, type Synthesized, synthesize } from './support/synth';

/**
 * Set in the template for Node.js itself, not read by the hub: none any more (NODE_OPTIONS
 * --enable-source-maps is gone; the source map is in the asset, not loaded at start).
 */
const RUNTIME_VARIABLES: string[] = [];

/**
 * What a resource of the template resolves to once deployed, by its type, the same way for both
 * functions: `Ref` of a topic or a role is its ARN, of a table or a bucket its name, of a queue its URL.
 */
const DEPLOYED: Record<string, (name: string, account: string, region: string) => string> = {
  'AWS::SNS::Topic': (name, account, region) => `arn:aws:sns:${region}:${account}:${name}`,
  'AWS::DynamoDB::Table': (name) => name,
  'AWS::SQS::Queue': (name, account, region) => `https://sqs.${region}.amazonaws.com/${account}/${name}`,
  'AWS::IAM::Role': (name, account) => `arn:aws:iam::${account}:role/${name}`,
  'AWS::S3::Bucket': (name) => name,
};

/** Logical id -> deployed value, for every resource of a type in DEPLOYED. */
function deployedValues(syn: Synthesized): Record<string, string> {
  const { account, region } = syn.config.hub;
  const resources = syn.hubJson.Resources as Record<string, { Type: string }>;
  return Object.fromEntries(
    Object.entries(resources).flatMap(([id, { Type }]) => {
      const value = DEPLOYED[Type];
      return value ? [[id, value(`guardrail-${id.toLowerCase()}`, account, region)]] : [];
    }),
  );
}

function deployedValue(syn: Synthesized, logicalId: string): string {
  const value = deployedValues(syn)[logicalId];
  if (value === undefined) throw new Error(`no deployed value for ${logicalId}`);
  return value;
}

const idOf = (syn: Synthesized, construct: IConstruct) =>
  syn.stacks.hub.getLogicalId(construct.node.defaultChild as CfnElement);

/** The function's variables as written in the template, intrinsics left as they are. */
function templateVariables(syn: Synthesized, fn: IConstruct): Record<string, unknown> {
  const resources = syn.hubJson.Resources as Record<string, { Properties: Record<string, unknown> }>;
  const properties = resources[idOf(syn, fn)]!.Properties;
  return (properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

/** The environment the function's code sees: the template's variables resolved, plus what Lambda adds. */
function lambdaEnvironment(syn: Synthesized, fn: IConstruct): Record<string, string> {
  const ctx: ResolveContext = {
    account: syn.config.hub.account,
    region: syn.config.hub.region,
    parameters: {},
    resources: deployedValues(syn),
  };
  const resolved = resolveIntrinsics(templateVariables(syn, fn), ctx) as Record<string, unknown>;
  for (const [name, value] of Object.entries(resolved)) {
    if (typeof value !== 'string' || value.includes('arn:aws:fake:'))
      throw new Error(`${name} did not resolve to a deployed value: ${JSON.stringify(value)}`);
  }
  return { ...(resolved as Record<string, string>), [HUB_ENV.region]: syn.config.hub.region };
}

interface Deployed {
  syn: Synthesized;
  live: { env: Record<string, string>; config: HubConfig };
  sweep: { env: Record<string, string>; config: HubConfig };
}

function deploy(config: DeployConfig): Deployed {
  const syn = synthesize(config);
  const of = (fn: IConstruct) => {
    const env = lambdaEnvironment(syn, fn);
    return { env, config: loadHubConfig(env) };
  };
  return { syn, live: of(syn.stacks.hub.hub.fn), sweep: of(syn.stacks.hub.sweep.fn) };
}

/** What both functions share, from the deploy configuration. */
function sharedConfig(d: Deployed) {
  const { syn } = d;
  const { config, stacks } = syn;
  const readRole = orgReadRoleArn(config);
  return {
    policy: { compiled: COMPILED_POLICY_PATH },
    roleName: config.names.remediationRole,
    sourceIdentity: config.names.sourceIdentity,
    tagKeys: { policy: config.tags.policy, mode: config.tags.mode },
    topicArn: deployedValue(syn, idOf(syn, stacks.hub.alerts.topic)),
    partition: 'aws',
    hubRoleArn: hubRoleArn(config),
    forwardingRuleName: config.names.forwardingRule,
    watchdogRuleName: config.names.watchdogRule,
    roleWatchRuleName: config.names.roleWatchRule,
    forwarderRolePrefix: config.names.forwarderRolePrefix,
    forwardingDeadLetterQueue: config.names.forwardingDeadLetterQueue,
    hubEventBusArn: hubEventBusArn(config),
    ...(readRole ? { orgReadRoleArn: readRole } : {}),
    maxConcurrency: config.concurrency.perInvocation,
    // Infra does not set it: the hub's default applies.
    maxConcurrencyPerAccount: DEFAULT_CONCURRENCY.perAccount,
    breaker: { maxRemediations: config.breaker.maxRemediations, windowMinutes: config.breaker.windowMinutes },
    stateTable: deployedValue(syn, idOf(syn, stacks.hub.stateTable.table)),
    // Both functions queue a paused rule's re-check on the sweep queue.
    recheckQueueUrl: deployedValue(syn, idOf(syn, stacks.hub.sweepQueue.queue)),
    region: config.hub.region,
    metricsNamespace: GUARDRAIL_NAMES.metricsNamespace,
    serviceName: GUARDRAIL_NAMES.serviceName,
  };
}

function expectRoundTrip(d: Deployed): void {
  const { syn } = d;
  const { config, stacks } = syn;
  const queueUrl = (queue: IConstruct) => deployedValue(syn, idOf(syn, queue));
  expect(d.live.config).toEqual({
    ...sharedConfig(d),
    deadLetterQueueUrl: queueUrl(stacks.hub.intake.deadLetterQueue),
    claimTtlSeconds: claimTtlFor(EVENT_FUNCTION_TIMEOUT).toSeconds(),
    // No sweep queue, no OUs: only the region Lambda gives every function.
    sweep: { regions: [config.hub.region], ouIds: [], deadlineSeconds: DEFAULT_SWEEP_DEADLINE_SECONDS },
  });
  expect(d.sweep.config).toEqual({
    ...sharedConfig(d),
    deadLetterQueueUrl: queueUrl(stacks.hub.sweepQueue.deadLetterQueue),
    // Only the sweep function writes sweep results (the planner its manifest, each target its result).
    sweepResultsBucket: deployedValue(syn, idOf(syn, stacks.hub.sweepResults.bucket)),
    // Derived from the organization's size and regions.
    claimTtlSeconds: claimTtlFor(Duration.seconds(effectiveSweepSizing(config).timeoutSeconds)).toSeconds(),
    sweep: {
      regions: config.targets.regions,
      queueUrl: queueUrl(stacks.hub.sweepQueue.queue),
      ouIds: config.targets.organizationalUnitIds,
      deadlineSeconds: effectiveSweepSizing(config).deadlineSeconds,
    },
  });
}

let example: Deployed;
let custom: Deployed;

beforeAll(() => {
  example = deploy(exampleConfig());
  // Every value the deploy configuration controls differs from the hub's default.
  custom = deploy(
    exampleConfig({
      targets: {
        organizationalUnitIds: ['ou-abcd-11111111', 'r-ab12'],
        regions: ['eu-west-1', 'us-east-1', 'ap-southeast-2'],
      },
      tags: { policy: 'sec:policy', mode: 'sec:mode' },
      names: {
        remediationRole: 'sg-remediator',
        forwardingRule: 'sg-forward',
        watchdogRule: 'sg-watchdog',
        roleWatchRule: 'sg-role-watch',
        forwarderRolePrefix: 'sg-forwarder-',
        forwardingDeadLetterQueue: 'sg-forward-dlq',
        sourceIdentity: 'sg-guard',
      },
      concurrency: { perInvocation: 8 },
      breaker: { maxRemediations: 3, windowMinutes: 30 },
      organizationsRead: { managementAccountId: '999999999999', roleName: 'org-reader' },
    }),
  );
});

describe('the hub functions read the configuration infra writes', () => {
  it('gives the example deployment the HubConfig it asks for, function by function', () => {
    expectRoundTrip(example);
    expect(example.live.config).not.toHaveProperty('orgReadRoleArn');
  });

  it('carries every value of a customised deployment through (names, tags, breaker, concurrency, read role)', () => {
    expectRoundTrip(custom);
    expect(custom.live.config).toMatchObject({
      roleName: 'sg-remediator',
      sourceIdentity: 'sg-guard',
      forwardingRuleName: 'sg-forward',
      watchdogRuleName: 'sg-watchdog',
      roleWatchRuleName: 'sg-role-watch',
      forwarderRolePrefix: 'sg-forwarder-',
      forwardingDeadLetterQueue: 'sg-forward-dlq',
      tagKeys: { policy: 'sec:policy', mode: 'sec:mode' },
      maxConcurrency: 8,
      breaker: { maxRemediations: 3, windowMinutes: 30 },
      orgReadRoleArn: 'arn:aws:iam::999999999999:role/org-reader',
    });
    expect(custom.sweep.config.sweep).toMatchObject({
      regions: ['eu-west-1', 'us-east-1', 'ap-southeast-2'],
      ouIds: ['ou-abcd-11111111', 'r-ab12'],
    });
  });

  it('sets the compiled policies where the asset puts them, and no YAML variable', () => {
    for (const d of [example, custom]) {
      for (const fn of [d.live, d.sweep]) {
        expect(fn.env[HUB_ENV.compiledPolicyFile]).toBe(COMPILED_POLICY_PATH);
        expect(fn.env).not.toHaveProperty(HUB_ENV.policyFile);
        expect(fn.env).not.toHaveProperty(HUB_ENV.policyYaml);
      }
    }
  });

  it('names the sweep results bucket, as deployed, to the sweep function only', () => {
    for (const d of [example, custom]) {
      const bucket = deployedValue(d.syn, idOf(d.syn, d.syn.stacks.hub.sweepResults.bucket));
      expect(d.sweep.env[HUB_ENV.sweepResultsBucket]).toBe(bucket);
      // The live-event function's bundle has no S3 client: it is told of no bucket.
      expect(d.live.env).not.toHaveProperty(HUB_ENV.sweepResultsBucket);
    }
  });

  it('lets only the sweep function plan a sweep: the live one has no sweep queue', async () => {
    const planner = composeSweepPlanner(example.live.config);
    await expect(planner.plan()).rejects.toBeInstanceOf(SweepNotConfiguredError);
    planner.destroy();
  });
});

describe('every variable infra writes is a contract variable the hub reads', () => {
  const contract: string[] = Object.values(HUB_ENV);

  it('writes contract names only (not even NODE_OPTIONS)', () => {
    for (const d of [example, custom]) {
      for (const fn of [d.syn.stacks.hub.hub.fn, d.syn.stacks.hub.sweep.fn]) {
        const unknown = Object.keys(templateVariables(d.syn, fn)).filter(
          (name) => !contract.includes(name) && !RUNTIME_VARIABLES.includes(name),
        );
        expect(unknown).toEqual([]);
      }
    }
  });

  it('writes nothing loadHubConfig ignores: without any one of them, the HubConfig changes', () => {
    /** The variables whose removal changes nothing: ignored, or written with the hub's own default. */
    const unchangedWithout = (fn: Deployed['live']) =>
      (Object.keys(fn.env).filter((name) => !RUNTIME_VARIABLES.includes(name)) as HubEnvName[]).filter(
        (name) => {
          const { [name]: _removed, ...without } = fn.env;
          try {
            return JSON.stringify(loadHubConfig(without)) === JSON.stringify(fn.config);
          } catch {
            return false; // a required variable: read, and missed
          }
        },
      );
    // Written with the default value, so their removal cannot show: one service name for both
    // functions, and the live function's claim lifetime (derived from its timeout: 90 s).
    expect(unchangedWithout(custom.live)).toEqual([HUB_ENV.serviceName, HUB_ENV.claimTtlSeconds]);
    expect(unchangedWithout(custom.sweep)).toEqual([HUB_ENV.serviceName]);
    expect(custom.live.env[HUB_ENV.serviceName]).toBe(GUARDRAIL_NAMES.serviceName);
    expect(custom.live.env[HUB_ENV.claimTtlSeconds]).toBe(String(DEFAULT_CLAIM_TTL_SECONDS));
    // ... and they are read: another value comes through.
    const other = loadHubConfig({
      ...custom.live.env,
      [HUB_ENV.serviceName]: 'guardrail-other',
      [HUB_ENV.claimTtlSeconds]: '91',
    });
    expect(other).toEqual({ ...custom.live.config, serviceName: 'guardrail-other', claimTtlSeconds: 91 });
  });
});
