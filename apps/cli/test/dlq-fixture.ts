/**
 * The dlq tests' world: the demo organization's sandbox, a hub queue and its DLQ in the hub
 * account, and dead letters of both kinds: written by the hub's own SqsDeadLetterSink (with its
 * reason attributes) and moved by "SQS redrive" (no attributes, received a few times first).
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { createClients, SqsDeadLetterSink } from '@guardrail/aws';
import type { AwsOverrides } from '@guardrail/engine';
import { receiveVisible } from '@guardrail/testkit';
import type { DemoClock } from '../src/demo/clock';
import { ACCOUNTS, type DemoOrganization, PRIMARY_REGION } from '../src/demo/organization';
import { openSshOnWebGroup, testOrganization } from './support/org';

export const DEAD_LETTERED_AT = '2025-06-02T09:00:00.000Z';

export interface EventSummary {
  id: string;
  name: string;
  account: string;
  region: string;
  groupId: string;
  body: string;
}

async function cloudTrailEvent(org: DemoOrganization): Promise<EventSummary> {
  const groupId = await openSshOnWebGroup(org);
  const [event] = org.sb.takeEvents();
  if (!event) throw new Error('the sandbox emitted no event');
  return {
    id: event.detail.eventID,
    name: event.detail.eventName,
    account: ACCOUNTS.prod.id,
    region: PRIMARY_REGION,
    groupId,
    body: JSON.stringify(event),
  };
}

export interface DlqWorld {
  clock: DemoClock;
  org: DemoOrganization;
  /** The hub queue: where a replay puts records back. */
  hubQueue: string;
  dlq: string;
  aws: AwsOverrides;
  /** A client of the hub account, for looking at the queues as the tests' own eyes. */
  sqs: SQSClient;
  event: EventSummary;
  /** The DLQ's message ids, by record. */
  ids: { valid: string; json: string; invalid: string; redriven: string };
  brokenBody: string;
  /** Closes the tests' client and the sandbox. */
  destroy(): void;
}

export async function dlqWorld(seed = 5): Promise<DlqWorld> {
  const { clock, org, queueUrl: hubQueue, aws } = testOrganization(seed, DEAD_LETTERED_AT);
  const dlq = org.sb.sqs.createQueue(ACCOUNTS.hub.id, PRIMARY_REGION, 'guardrail-events-dlq');
  const sqs: SQSClient = createClients({ ...aws, region: PRIMARY_REGION }).sqs();
  const event = await cloudTrailEvent(org);

  // What the hub writes: a valid event it could not reconcile, a record that is not JSON, and
  // one that is not a valid event (its eventID stripped).
  const sink = new SqsDeadLetterSink(sqs, dlq);
  await sink.send({
    recordId: 'rec-valid',
    body: event.body,
    code: 'reconcile-failed',
    reason: 'the account is not in the organization',
  });
  await sink.send({
    recordId: 'rec-json',
    body: 'not json {',
    code: 'malformed-json',
    reason: 'Unexpected token o',
  });
  const broken = JSON.parse(event.body) as { detail: Record<string, unknown> };
  delete broken.detail.eventID;
  await sink.send({
    recordId: 'rec-invalid',
    body: JSON.stringify(broken),
    code: 'invalid-event',
    reason: 'detail.eventID is missing',
  });
  // What SQS redrive moves: the record as it was, after its receives in the source queue.
  org.sb.sqs.send(dlq, {
    MessageBody: event.body,
    MessageAttributes: { 'trace-id': { DataType: 'String', StringValue: 'trace-42' } },
  });
  for (let i = 0; i < 3; i += 1) await receiveVisible(sqs, dlq);
  const ids = {
    valid: messageIdOfBody(org, dlq, (b) => b === event.body, 0),
    json: messageIdOfBody(org, dlq, (b) => b === 'not json {', 0),
    invalid: messageIdOfBody(org, dlq, (b) => b === JSON.stringify(broken), 0),
    redriven: messageIdOfBody(org, dlq, (b) => b === event.body, 1),
  };
  const destroy = () => {
    sqs.destroy();
    org.destroy();
  };
  return { clock, org, hubQueue, dlq, aws, sqs, event, ids, brokenBody: JSON.stringify(broken), destroy };
}

function messageIdOfBody(
  org: DemoOrganization,
  queue: string,
  match: (body: string) => boolean,
  nth: number,
): string {
  const id = org.sb.sqs.messages(queue).filter((m) => match(m.Body))[nth]?.MessageId;
  if (!id) throw new Error('fixture message not found');
  return id;
}

export { receiveVisible };

/** The ids of the messages visible now, sorted. */
export async function visibleIds(sqs: SQSClient, queueUrl: string): Promise<string[]> {
  return (await receiveVisible(sqs, queueUrl)).map((m) => m.MessageId ?? '').sort();
}
