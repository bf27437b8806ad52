/**
 * What one dead-lettered SQS message says, read without side effects: why it is there (the hub's
 * `guardrail-*` message attributes, or SQS's redrive when they are absent), when, and what the
 * body is (a CloudTrail event, a sweep target, or just an excerpt).
 */
import type { SqsMessage } from '@guardrail/aws';
import { DEAD_LETTER_ATTRIBUTES, groupIdsOf, parseEvent } from '@guardrail/core';
import { readSweepTarget, type SweepTarget } from '@guardrail/engine';

/**
 * The attributes the hub's SqsDeadLetterSink (@guardrail/aws) sets on a record it dead-letters
 * (the contract's DEAD_LETTER_ATTRIBUTES). They describe the DLQ stay, so a replay does not carry
 * them back.
 */
export const DEAD_LETTER_ATTRIBUTE_NAMES: readonly string[] = Object.values(DEAD_LETTER_ATTRIBUTES);

/** The reason code of a record that SQS moved after too many receives (it carries no attributes). */
export const REDRIVEN_CODE = 'redriven';

const EXCERPT_LENGTH = 160;

export interface DeadLetterRecord {
  messageId: string;
  /** `hub`: written by the hub with its reason; `redrive`: moved by SQS after maxReceiveCount receives. */
  origin: 'hub' | 'redrive';
  /**
   * When the message was sent to the queue it is in (SentTimestamp). For a hub record, the moment
   * it was dead-lettered; SQS keeps a redriven message's original enqueue time.
   */
  sentAt?: string;
  reasonCode: string;
  reason: string;
  /** The id the hub gave the failed record (its SQS message id in the hub queue or the sweep queue). */
  recordId?: string;
  /** For a redriven record: the receives before this look (earlier looks at the DLQ count too). */
  receives?: number;
  /** For a redriven record: the queue it came from, when SQS says (DeadLetterQueueSourceArn). */
  sourceQueueArn?: string;
  /** When the body is a CloudTrail event the hub watches. */
  event?: { id: string; name: string; account: string; region: string; groupIds: string[] };
  /** When the body is one of the sweep's targets. */
  /** A sweep message: its account and the regions it names. */
  sweepTarget?: { sweepId: string; account: string; regions: string[] };
  /** Otherwise, the start of the body on one line. */
  excerpt?: string;
}

function stringAttribute(message: SqsMessage, name: string): string | undefined {
  const value = message.MessageAttributes?.[name]?.StringValue;
  return value === undefined || value === '' ? undefined : value;
}

function sentAt(message: SqsMessage): string | undefined {
  const millis = Number(message.Attributes?.SentTimestamp);
  return Number.isFinite(millis) && millis > 0 ? new Date(millis).toISOString() : undefined;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

export function excerptOf(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH)}...` : line;
}

type BodyView = Pick<DeadLetterRecord, 'event' | 'sweepTarget' | 'excerpt'>;

function viewBody(body: string): BodyView {
  const json = parseJson(body);
  if (json !== undefined) {
    const parsed = parseEvent(json);
    if (parsed.ok) {
      const { change } = parsed;
      return {
        event: {
          id: change.eventId,
          name: change.eventName,
          account: change.account,
          region: change.region,
          groupIds: [...groupIdsOf(change)],
        },
      };
    }
    const sweep = readSweepTarget(json);
    if (sweep.status === 'target') {
      const [{ sweepId, account }] = sweep.targets as [SweepTarget, ...SweepTarget[]];
      return { sweepTarget: { sweepId, account, regions: sweep.targets.map((t) => t.region) } };
    }
  }
  return { excerpt: excerptOf(body) };
}

/** The ApproximateReceiveCount before this receive (which counted itself). */
function receivesBefore(message: SqsMessage): number | undefined {
  const count = Number(message.Attributes?.ApproximateReceiveCount);
  return Number.isInteger(count) && count > 0 ? count - 1 : undefined;
}

export function readDeadLetter(message: SqsMessage): DeadLetterRecord {
  const code = stringAttribute(message, DEAD_LETTER_ATTRIBUTES.code);
  const at = sentAt(message);
  const base = { messageId: message.MessageId ?? '(no id)', ...(at ? { sentAt: at } : {}) };
  const body = viewBody(message.Body ?? '');
  if (code !== undefined) {
    const recordId = stringAttribute(message, DEAD_LETTER_ATTRIBUTES.recordId);
    return {
      ...base,
      origin: 'hub',
      reasonCode: code,
      reason: stringAttribute(message, DEAD_LETTER_ATTRIBUTES.reason) ?? '(no reason given)',
      ...(recordId ? { recordId } : {}),
      ...body,
    };
  }
  const receives = receivesBefore(message);
  const source = message.Attributes?.DeadLetterQueueSourceArn;
  return {
    ...base,
    origin: 'redrive',
    reasonCode: REDRIVEN_CODE,
    reason:
      receives === undefined
        ? 'redriven after too many receives'
        : `redriven after ${receives} receive${receives === 1 ? '' : 's'}`,
    ...(receives === undefined ? {} : { receives }),
    ...(source ? { sourceQueueArn: source } : {}),
    ...body,
  };
}
