/**
 * The sweep's organization on the sandbox, wired as lambda.ts wires it (buildHub + buildSweep
 * from a parsed environment, real SDK clients through the sandbox plugin), with `drain`: what the
 * SQS event source mapping does with the queue (receive, invoke the handler, delete what
 * succeeded).
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { HUB_ENV, type HubEnvironment } from '@guardrail/core';
import {
  type AccountOptions,
  createHubOrganization,
  hubEnvironment,
  publishedAlerts,
  sqsRecord,
} from '@guardrail/testkit';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { buildHub } from '../../src/compose';
import { loadConfig } from '../../src/config';
import { buildSweep } from '../../src/sweep';
import { HUB, MEMBERS, PROD, REGION } from './world';

/** A member the StackSet left out on purpose: suspended, no role. */
export const CLOSED = '444455556666';

export interface SweepOrgOptions {
  /** More members (beside prod, legacy-unenrolled and the suspended one). */
  members?: readonly AccountOptions[];
  /** The hub's state table (GUARDRAIL_STATE_TABLE): claims and the sweeps' tally shared by every instance. */
  stateTable?: boolean;
}

export interface DrainOptions {
  /** Messages per receive (the event source mapping's batch size; default 10). */
  batchSize?: number;
  /**
   * A fresh hub instance (its own clients, credentials and caches) for every batch: the worst
   * case of a scaled-out function, where no two batches share an execution environment.
   */
  coldInstances?: boolean;
}

export function createSweepOrg(env: HubEnvironment = {}, options: SweepOrgOptions = {}) {
  // The sandbox clock runs with real time, and can be moved on (SQS visibility timeouts).
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const org = createHubOrganization({
    seed: 9,
    now,
    // The StackSet enrolled the hub account and prod; legacy-unenrolled never got the role.
    hub: { id: HUB, name: 'security-tooling', remediationRole: true },
    members: [
      ...MEMBERS,
      { id: CLOSED, name: 'closed', status: 'SUSPENDED', remediationRole: false },
      ...(options.members ?? []),
    ],
    queue: true,
    ...(options.stateTable ? { stateTable: true } : {}),
  });
  const { sb, topicArn } = org;
  const queueUrl = org.queueUrl!;
  const config = loadConfig(hubEnvironment(org, { [HUB_ENV.queueUrl]: queueUrl, ...env }));
  const overrides = { aws: org.hubAws(2), now };
  const warm = buildHub(config, overrides);
  const instances = [warm];
  const sweep = buildSweep(config, { ...overrides, logger: warm.logger });
  const sqs = sb.attach(new SQSClient(sb.clientConfig({ principalArn: org.hubRoleArn, region: REGION })));

  async function drain(drainOptions: DrainOptions = {}): Promise<{ records: number; failures: number }> {
    let records = 0;
    let failures = 0;
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: drainOptions.batchSize ?? 10 }),
      );
      if (Messages.length === 0) return { records, failures };
      const event: SQSEvent = {
        Records: Messages.map((m) =>
          sqsRecord({
            messageId: m.MessageId ?? '',
            receiptHandle: m.ReceiptHandle ?? '',
            body: m.Body ?? '',
            senderId: HUB,
          }),
        ),
      };
      const hub = drainOptions.coldInstances ? buildHub(config, overrides) : warm;
      if (hub !== warm) instances.push(hub);
      const response = (await hub.handler(event)) as SQSBatchResponse;
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      records += Messages.length;
      failures += failed.size;
      const done = Messages.filter((m) => !failed.has(m.MessageId ?? ''));
      if (done.length > 0)
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: done.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle ?? '' })),
          }),
        );
      if (failed.size > 0) return { records, failures };
    }
  }

  const ingress = (groupId: string, account = PROD, region = REGION) =>
    sb.ec2
      .getGroup(account, region, groupId)
      ?.rules.filter((r) => !r.IsEgress)
      .map((r) => `${r.IpProtocol} ${r.FromPort} ${r.CidrIpv4}`)
      .sort();
  const alerts = () => publishedAlerts(sb, topicArn).map((alert) => alert.document);

  return {
    sb,
    hub: warm,
    sweep,
    queueUrl,
    drain,
    ingress,
    alerts,
    advance: (ms: number) => {
      offsetMs += ms;
    },
    destroy: () => {
      for (const hub of instances) hub.destroy();
      sweep.destroy();
    },
  };
}
