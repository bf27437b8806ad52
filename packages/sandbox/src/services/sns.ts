import type { PublishBatchInput, PublishInput } from '@aws-sdk/client-sns';
import type { CallContext, Handler } from '../context';
import { ApiError } from '../errors';
import type { Faults } from '../faults';
import type { IdFactory } from '../random';
import type { PublishedMessage } from '../types';

/** SNS topics that keep every message published to them. */
export class SnsService {
  readonly handlers: Record<string, Handler>;
  private readonly topics = new Map<string, PublishedMessage[]>();
  private readonly all: PublishedMessage[] = [];

  constructor(
    private readonly ids: IdFactory,
    private readonly now: () => Date,
    private readonly partition: string,
    private readonly faults?: Faults,
  ) {
    this.handlers = {
      CreateTopic: (input, ctx) => ({
        TopicArn: this.createTopic(ctx.accountId, ctx.region, String(input.Name ?? '')),
      }),
      Publish: (input, ctx) => this.publish(input as Partial<PublishInput>, ctx),
      PublishBatch: (input, ctx) => this.publishBatch(input as Partial<PublishBatchInput>, ctx),
    };
  }

  createTopic(account: string, region: string, name: string): string {
    if (!/^[\w-]{1,256}(\.fifo)?$/.test(name)) {
      throw new ApiError('InvalidParameterException', 'Invalid parameter: Topic Name');
    }
    const arn = `arn:${this.partition}:sns:${region}:${account}:${name}`;
    if (!this.topics.has(arn)) this.topics.set(arn, []);
    return arn;
  }

  private topic(topicArn: string, ctx: CallContext): PublishedMessage[] {
    const messages = this.topics.get(topicArn);
    const arnAccount = topicArn.split(':')[4];
    if (!messages || arnAccount !== ctx.accountId) {
      throw new ApiError('NotFoundException', 'Topic does not exist', 404);
    }
    return messages;
  }

  /**
   * SNS's PublishBatch: the request's own faults (no entries, more than 10, ids not distinct, over
   * 256 KiB together) fail the call; an entry SNS would refuse fails alone, in `Failed`, with
   * `SenderFault`, and the others are published. A fault armed for the operation
   * `PublishBatchEntry` fails one entry on SNS's side (`SenderFault: false`), as a partial
   * failure SNS reports without failing the call.
   */
  private publishBatch(input: Partial<PublishBatchInput>, ctx: CallContext) {
    const topicArn = input.TopicArn ?? '';
    this.topic(topicArn, ctx);
    const entries = input.PublishBatchRequestEntries ?? [];
    if (entries.length === 0)
      throw new ApiError('EmptyBatchRequest', "The batch request doesn't contain any entries.");
    if (entries.length > 10) {
      throw new ApiError(
        'TooManyEntriesInBatchRequest',
        'The batch request contains more entries than permissible.',
      );
    }
    if (new Set(entries.map((e) => e.Id)).size !== entries.length) {
      throw new ApiError(
        'BatchEntryIdsNotDistinct',
        'Two or more batch entries in the request have the same Id.',
      );
    }
    if (entries.some((e) => !/^[\w-]{1,80}$/.test(e.Id ?? ''))) {
      throw new ApiError(
        'InvalidBatchEntryId',
        "The Id of a batch entry in a batch request doesn't abide by the specification.",
      );
    }
    const bytes = entries.reduce((sum, e) => sum + batchEntryBytes(e), 0);
    if (bytes > 262_144) {
      throw new ApiError(
        'BatchRequestTooLong',
        'The length of all the messages put together is more than the limit.',
      );
    }
    const Successful: Array<{ Id: string; MessageId: string }> = [];
    const Failed: Array<{ Id: string; Code: string; Message: string; SenderFault: boolean }> = [];
    for (const entry of entries) {
      const id = entry.Id ?? '';
      const fault = this.faults?.draw({
        service: 'sns',
        operation: 'PublishBatchEntry',
        account: ctx.accountId,
        region: ctx.region,
      });
      if (fault) {
        Failed.push({
          Id: id,
          Code: fault === 'throttle' ? 'Throttled' : 'InternalError',
          Message: `injected ${fault}`,
          SenderFault: false,
        });
        continue;
      }
      try {
        const { MessageId } = this.publish({ ...entry, TopicArn: topicArn }, ctx);
        Successful.push({ Id: id, MessageId });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        Failed.push({ Id: id, Code: error.code, Message: error.message, SenderFault: true });
      }
    }
    return { Successful, Failed };
  }

  private publish(input: Partial<PublishInput>, ctx: CallContext) {
    const topicArn = input.TopicArn ?? input.TargetArn ?? '';
    const messages = this.topic(topicArn, ctx);
    if (!input.Message) throw new ApiError('InvalidParameterException', 'Invalid parameter: Empty message');
    if (input.Subject !== undefined && (input.Subject.length > 100 || /[\r\n]/.test(input.Subject))) {
      throw new ApiError('InvalidParameterException', 'Invalid parameter: Subject');
    }
    if (input.MessageStructure !== undefined) checkJsonStructure(input.MessageStructure, input.Message);
    const attributes = input.MessageAttributes
      ? Object.fromEntries(
          Object.entries(input.MessageAttributes).map(([k, v]) => [
            k,
            {
              DataType: v.DataType ?? 'String',
              ...(v.StringValue !== undefined ? { StringValue: v.StringValue } : {}),
            },
          ]),
        )
      : undefined;
    const message: PublishedMessage = {
      MessageId: this.ids.uuid(),
      TopicArn: topicArn,
      ...(input.Subject !== undefined ? { Subject: input.Subject } : {}),
      Message: input.Message,
      ...(input.MessageStructure !== undefined ? { MessageStructure: input.MessageStructure } : {}),
      ...(attributes ? { MessageAttributes: attributes } : {}),
      at: this.now(),
    };
    messages.push(message);
    this.all.push(message);
    return { MessageId: message.MessageId };
  }

  /** Every message kept, for one topic or all of them, in publish order. */
  published(topicArn?: string): PublishedMessage[] {
    if (topicArn !== undefined) return [...(this.topics.get(topicArn) ?? [])];
    return [...this.all];
  }
}

/** What SNS counts against a batch's 256 KiB: each message, its subject and its attributes. */
function batchEntryBytes(
  entry: NonNullable<PublishBatchInput['PublishBatchRequestEntries']>[number],
): number {
  let bytes = Buffer.byteLength(entry.Message ?? '') + Buffer.byteLength(entry.Subject ?? '');
  for (const [name, value] of Object.entries(entry.MessageAttributes ?? {})) {
    bytes +=
      Buffer.byteLength(name) +
      Buffer.byteLength(value.DataType ?? '') +
      Buffer.byteLength(value.StringValue ?? '');
  }
  return bytes;
}

/** SNS's rule for `MessageStructure: json`: a JSON object of strings with a `default` key. */
function checkJsonStructure(structure: string, message: string): void {
  if (structure !== 'json')
    throw new ApiError('InvalidParameterException', 'Invalid parameter: MessageStructure');
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw new ApiError(
      'InvalidParameterException',
      'Invalid parameter: Message Structure - JSON message body failed to parse',
    );
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof (parsed as Record<string, unknown>).default !== 'string'
  ) {
    throw new ApiError(
      'InvalidParameterException',
      'Invalid parameter: Message Structure - No default entry in JSON message body',
    );
  }
}
