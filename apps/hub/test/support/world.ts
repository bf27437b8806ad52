/**
 * An organization on the sandbox with the hub wired exactly as the Lambda wires it (buildHub from
 * a parsed environment), but talking to the sandbox through its SDK plugin: real SDK clients,
 * real parser, planner and alert composer.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import type { AlertDocument } from '@guardrail/core';
import type { EventBridgeEvent } from '@guardrail/sandbox';
import { Sandbox } from '@guardrail/sandbox';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { buildHub } from '../../src/compose';
import { loadConfig } from '../../src/config';

export const HUB = '222233334444';
export const PROD = '111122223333';
/** A member account where the remediation role was never deployed. */
export const UNENROLLED = '555566667777';
export const REGION = 'eu-west-1';
export const MANAGEMENT = '999999999999';
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
}

export const STATE_TABLE = 'guardrail-state';

export interface ReceivedAlert {
  subject: string | undefined;
  text: string;
  document: AlertDocument;
  attributes: Record<string, string | undefined>;
}

/** The hub's Lambda execution role, in the hub account; returns its ARN. */
export function createHubRole(sb: Sandbox): string {
  return sb.iam.createRole(HUB, {
    roleName: 'guardrail-hub',
    assumeRolePolicyDocument: {
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    },
  });
}

/** A record of the hub queue, as the SQS event source mapping hands it to the handler. */
export function sqsRecord(message: {
  messageId: string;
  receiptHandle: string;
  body: string;
  senderId: string;
}): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: message.senderId,
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${REGION}:${HUB}:guardrail-events`,
    awsRegion: REGION,
  };
}

export function createWorld(options: WorldOptions = {}) {
  const sb = new Sandbox({ seed: 42 });
  sb.addAccount({ id: HUB, name: 'security-tooling' });
  sb.addAccount({ id: PROD, name: 'workloads-prod' });
  sb.addAccount({ id: UNENROLLED, name: 'legacy-unenrolled' });
  const hubRole = createHubRole(sb);
  sb.iam.createRole(PROD, {
    roleName: 'guardrail-remediation',
    assumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: hubRole }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] },
      ],
    },
  });
  // Organizations answers only the management account (or a delegated admin): the hub assumes a read role there.
  const orgReadRole = sb.iam.createRole(MANAGEMENT, {
    roleName: 'guardrail-org-read',
    assumeRolePolicyDocument: {
      Statement: [
        { Effect: 'Allow', Principal: { AWS: hubRole }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] },
      ],
    },
  });
  const alice = sb.iam.createUser(PROD, 'alice');
  const bob = sb.iam.createUser(UNENROLLED, 'bob');
  sb.setCallerProfile(alice, { sourceIp: ALICE_IP, userAgent: 'aws-cli/2.15.0' });
  const topicArn = sb.sns.createTopic(HUB, REGION, 'guardrail-alerts');
  const dlqUrl = sb.sqs.createQueue(HUB, REGION, 'guardrail-events-dlq');
  if (options.stateTable) {
    // As infra creates it: partition key pk (String), TTL on expiresAt.
    sb.dynamodb.createTable(HUB, REGION, {
      name: STATE_TABLE,
      partitionKey: { name: 'pk', type: 'S' },
      ttlAttribute: 'expiresAt',
    });
  }

  const config = loadConfig({
    GUARDRAIL_TOPIC_ARN: topicArn,
    GUARDRAIL_HUB_ROLE_ARN: hubRole,
    GUARDRAIL_ORG_READ_ROLE_ARN: orgReadRole,
    GUARDRAIL_POLICY_YAML: AUDIT_POLICIES,
    AWS_REGION: REGION,
    ...(options.deadLetterQueue === false ? {} : { GUARDRAIL_DEAD_LETTER_QUEUE_URL: dlqUrl }),
    ...(options.breakerMaxRemediations
      ? { GUARDRAIL_BREAKER_MAX_REMEDIATIONS: String(options.breakerMaxRemediations) }
      : {}),
    ...(options.stateTable ? { GUARDRAIL_STATE_TABLE: STATE_TABLE } : {}),
  });
  /** One hub Lambda execution environment: its own clients and in-memory state. */
  const buildInstance = () =>
    buildHub(config, {
      aws: {
        plugins: [sb.plugin()],
        credentials: sb.credentialsFor(hubRole),
        maxAttempts: options.maxAttempts ?? 3,
      },
    });
  const built = buildInstance();

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
    sqsEvent,
    buildInstance,
    /** Runs the Lambda handler on an SQS batch of the given events (or raw bodies). */
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
      return sb.sns.published(topicArn).map((message) => {
        const body = JSON.parse(message.Message) as { default: string; sqs: string };
        const attributes: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(message.MessageAttributes ?? {}))
          attributes[name] = value.StringValue;
        return {
          subject: message.Subject,
          text: body.default,
          document: JSON.parse(body.sqs) as AlertDocument,
          attributes,
        };
      });
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
