/**
 * An organization on the sandbox (the kit's hub organization) with the hub wired exactly as the
 * Lambdas wire it (from a parsed environment), but talking to the sandbox through its SDK plugin:
 * real SDK clients, real parser, planner and alert composer. `deliver` runs the live-event
 * function's hub (event-lambda.ts's composition, as deployed on the hub queue); `deliverSweep` the
 * sweep function's (lambda.ts's), for sweep-queue records.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { HUB_ENV } from '@guardrail/core';
import { loadConfiguredPolicies } from '@guardrail/engine';
import type { EventBridgeEvent, Sandbox } from '@guardrail/sandbox';
import {
  createHubOrganization,
  HUB_ACCOUNT as HUB,
  HUB_RESOURCE_NAMES,
  hubEnvironment,
  installMemberForwarding,
  MEMBER_ACCOUNT as PROD,
  publishedAlerts,
  REGION,
  type ReceivedAlert,
  sqsRecord,
} from '@guardrail/testkit';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { buildEventHubWith, buildHub } from '../../src/compose';
import { loadConfig } from '../../src/config';

export { HUB, PROD, REGION, type ReceivedAlert };
/** A member account where the remediation role was never deployed. */
export const UNENROLLED = '555566667777';
export const ALICE_IP = '198.51.100.7';

const AUDIT_POLICIES = `version: 1
policies:
  admin-ports-audit:
    mode: audit
    ingress:
      deny:
        - { protocol: tcp, ports: 22, peer: internet }
`;

export interface WorldOptions {
  deadLetterQueue?: boolean;
  maxAttempts?: number;
  breakerMaxRemediations?: number;
  /** Create the hub's DynamoDB state table and set GUARDRAIL_STATE_TABLE (shared dedupe and breaker). */
  stateTable?: boolean;
  /** Create the sweep queue (GUARDRAIL_QUEUE_URL and GUARDRAIL_RECHECK_QUEUE_URL: paused rules' re-checks). */
  sweepQueue?: boolean;
  /**
   * The policy file (YAML) the hub loads instead of the audit policies. Called once the
   * organization exists and before the hub is built, so it may arrange the organization's tree
   * (OUs, accounts moved into them) and name the OUs it created.
   */
  policies?: (sb: Sandbox) => string;
  /**
   * Install Guardrail's member forwarding in prod (the rules, their targets, the dead-letter
   * queue) and give the hub the hub bus ARN (GUARDRAIL_HUB_EVENT_BUS_ARN): its forwarding is then
   * health-checked by every sweep target.
   */
  forwarding?: boolean;
  /**
   * Build the sweep function's hub (lambda.ts: sweep targets and deadlines too) instead of the
   * live-event function's (event-lambda.ts), which dead-letters sweep messages.
   */
  sweep?: boolean;
}

export const STATE_TABLE = HUB_RESOURCE_NAMES.stateTable;

/** The accounts of the hub's tests: prod is enrolled, legacy-unenrolled never got the role. */
export const MEMBERS = [
  { id: PROD, name: 'workloads-prod' },
  { id: UNENROLLED, name: 'legacy-unenrolled', remediationRole: false },
];

export function createWorld(options: WorldOptions = {}) {
  // One clock for the sandbox and the hub, with real time, that a test can move on (`advance`).
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const org = createHubOrganization({
    seed: 42,
    now,
    sweepQueue: options.sweepQueue,
    members: MEMBERS,
    callers: [
      { account: PROD, user: 'alice', sourceIp: ALICE_IP, userAgent: 'aws-cli/2.15.0' },
      { account: UNENROLLED, user: 'bob' },
    ],
    // The queue exists either way; `deadLetterQueue: false` only leaves it out of the environment.
    deadLetterQueue: true,
    stateTable: options.stateTable,
  });
  const { sb, hubRoleArn: hubRole, topicArn } = org;
  const [alice, bob] = org.callers as [string, string];
  const dlqUrl = org.deadLetterQueueUrl!;

  const hubBusArn = options.forwarding
    ? sb.eventbridge.createEventBus(HUB, REGION, 'guardrail-hub')
    : undefined;
  if (hubBusArn) installMemberForwarding(sb, { account: PROD, region: REGION, hubBusArn });
  const config = loadConfig(
    hubEnvironment(org, {
      ...(hubBusArn ? { [HUB_ENV.hubEventBusArn]: hubBusArn } : {}),
      [HUB_ENV.policyYaml]: options.policies ? options.policies(sb) : AUDIT_POLICIES,
      ...(options.deadLetterQueue === false ? { [HUB_ENV.deadLetterQueueUrl]: undefined } : {}),
      ...(options.breakerMaxRemediations
        ? { [HUB_ENV.breakerMaxRemediations]: String(options.breakerMaxRemediations) }
        : {}),
    }),
  );
  /** The live-event function's hub (event-lambda.ts's composition): no sweep parts. */
  const buildEventInstance = () =>
    buildEventHubWith(config, loadConfiguredPolicies(config.policy), {
      aws: org.hubAws(options.maxAttempts ?? 3),
      now,
    });
  /** The sweep function's hub (lambda.ts's composition): the whole hub. */
  const buildSweepInstance = () => buildHub(config, { aws: org.hubAws(options.maxAttempts ?? 3), now });
  /**
   * One hub Lambda execution environment: its own clients and in-memory state. The live-event
   * function's, as deployed for the hub queue; `sweep: true` gives the sweep function's.
   */
  const buildInstance = options.sweep ? buildSweepInstance : buildEventInstance;
  const built = buildInstance();
  let sweepInstance: ReturnType<typeof buildSweepInstance> | undefined;

  const ec2For = (principalArn: string) =>
    sb.attach(new EC2Client(sb.clientConfig({ principalArn, region: REGION })));
  let nextMessage = 0;

  function sqsEvent(events: readonly unknown[]): SQSEvent {
    return {
      Records: events.map((event) => {
        nextMessage++;
        return sqsRecord({
          messageId: `msg-${nextMessage}`,
          receiptHandle: `rh-${nextMessage}`,
          body: typeof event === 'string' ? event : JSON.stringify(event),
          senderId: 'events.amazonaws.com',
        });
      }),
    };
  }

  return {
    sb,
    config,
    built,
    hubRole,
    alice,
    bob,
    topicArn,
    dlqUrl,
    aliceEc2: ec2For(alice),
    bobEc2: ec2For(bob),
    /** An EC2 client of any sandbox principal (a role: as a session of it). */
    ec2For,
    sqsEvent,
    buildInstance,
    buildEventInstance,
    buildSweepInstance,
    sweepQueueUrl: org.sweepQueueUrl,
    hubBusArn,
    /** The hub role's SQS client (what the event source mapping receives with). */
    hubSqs: sb.attach(new SQSClient(sb.clientConfig({ principalArn: org.hubRoleArn, region: REGION }))),
    /** Moves the clock of the sandbox and of the hub on. */
    advance(ms: number): void {
      offsetMs += ms;
    },
    /**
     * Runs the sweep function's handler (one instance, built on first use) on a batch of sweep-queue
     * records: sweep targets, re-checks, deadlines.
     */
    async deliverSweep(bodies: readonly unknown[]): Promise<SQSBatchResponse & { messageIds: string[] }> {
      sweepInstance ??= options.sweep ? built : buildSweepInstance();
      const event = sqsEvent(bodies);
      const response = (await sweepInstance.handler(event)) as SQSBatchResponse;
      return { ...response, messageIds: event.Records.map((r) => r.messageId) };
    },
    /** Runs the (live-event function's) Lambda handler on an SQS batch of the given events (or raw bodies). */
    async deliver(events: readonly unknown[]): Promise<SQSBatchResponse & { messageIds: string[] }> {
      const event = sqsEvent(events);
      const response = (await built.handler(event)) as SQSBatchResponse;
      return { ...response, messageIds: event.Records.map((r) => r.messageId) };
    },
    /** Every EventBridge event emitted since the last call. */
    take(): EventBridgeEvent[] {
      return sb.takeEvents();
    },
    alerts(): ReceivedAlert[] {
      return publishedAlerts(sb, topicArn);
    },
    group(groupId: string, account = PROD) {
      const group = sb.ec2.getGroup(account, REGION, groupId);
      if (!group) throw new Error(`no group ${groupId}`);
      return group;
    },
    /** The group's ingress rules as "tcp 22 0.0.0.0/0" strings, sorted. */
    ingress(groupId: string, account = PROD): string[] {
      return sb.ec2
        .getGroup(account, REGION, groupId)!
        .rules.filter((r) => !r.IsEgress)
        .map(
          (r) =>
            `${r.IpProtocol} ${r.FromPort} ${r.CidrIpv4 ?? r.CidrIpv6 ?? r.PrefixListId ?? r.ReferencedGroupInfo?.GroupId}`,
        )
        .sort();
    },
    ec2Mutations(): string[] {
      return sb.calls
        .filter((c) => c.service === 'ec2' && !c.operation.startsWith('Describe'))
        .map((c) => `${c.operation}${c.error ? `!${c.error}` : ''}`);
    },
  };
}

export type World = ReturnType<typeof createWorld>;
