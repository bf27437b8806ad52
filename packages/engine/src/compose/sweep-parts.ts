/**
 * What the sweep adds to a hub: the source of a target's opted-in groups (the member remediation
 * role's listing), the results bucket (S3), the member forwarding health check (the members'
 * EventBridge and SQS) and the sweeps' tally. The sweep function's hub has them; the live-event
 * function's hub does not (composeEventHubWith), so its bundle carries neither the S3 nor the
 * EventBridge SDK, and a sweep message that reaches it is dead-lettered with the reason.
 */
import { forwardingReaderFor, type StateStores } from '@guardrail/aws';
import type { ForwardingProblem } from '@guardrail/core';
import type { AwsPorts } from '../aws/ports';
import { ForwardingHealth } from '../forwarding/health';
import type { HubDeps } from '../hub';
import type { OwedAlert } from '../outbox';
import { BrokerSweepGroupSource, createAwsSweepResults } from '../sweep';
import { InMemorySweepTally, type SweepTallyPort } from '../sweep/tally';
import { type AwsOverrides, awsOptionsFor } from './aws-options';
import type { HubConfig } from './config';

export type SweepDeps = Pick<HubDeps, 'sweep' | 'sweepResults' | 'forwarding' | 'sweepSummary'>;

export interface SweepParts {
  deps: SweepDeps;
  /** Releases the results bucket's client. */
  destroy(): void;
}

export interface SweepPartsInput {
  config: HubConfig;
  aws: AwsPorts;
  state: StateStores<OwedAlert, ForwardingProblem> | undefined;
  /** The composition's overrides that reach the sweep's parts (ComposeOverrides has them). */
  overrides: { aws?: AwsOverrides; sweepTally?: SweepTallyPort };
}

/** The sweep's parts of a hub, over the same adapters as the rest of it. */
export function composeSweepParts({ config, aws, state, overrides }: SweepPartsInput): SweepParts {
  // Each finished sweep target's posture, for `guardrail report --from-sweep`.
  const sweepResults = config.sweepResultsBucket
    ? createAwsSweepResults(awsOptionsFor(config, overrides.aws), config.sweepResultsBucket)
    : undefined;
  return {
    deps: {
      // Sweep targets on the queue: list each account/region's opted-in groups with the remediation role.
      sweep: new BrokerSweepGroupSource(aws.broker, config.tagKeys.policy),
      ...(sweepResults ? { sweepResults: sweepResults.results } : {}),
      ...(config.hubEventBusArn
        ? {
            forwarding: new ForwardingHealth({
              source: (account, region) => forwardingReaderFor(aws.broker, account, region),
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
      // Each sweep summed once: the summary says where it ran (the hub's account and region, the topic's).
      sweepSummary: {
        tally: overrides.sweepTally ?? state?.sweepTally ?? new InMemorySweepTally(),
        hub: hubLocation(config.topicArn),
      },
    },
    destroy: () => sweepResults?.destroy(),
  };
}

/** The account and region of the alert topic (arn:partition:sns:region:account:name): the hub's. */
function hubLocation(topicArn: string): { account: string; region: string } {
  const [, , , region = '', account = ''] = topicArn.split(':');
  return { account, region };
}
