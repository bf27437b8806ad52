import type { PublishInput } from '@aws-sdk/client-sns';
import type { CallContext, Handler } from '../context';
import { ApiError } from '../errors';
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
  ) {
    this.handlers = {
      CreateTopic: (input, ctx) => ({
        TopicArn: this.createTopic(ctx.accountId, ctx.region, String(input.Name ?? '')),
      }),
      Publish: (input, ctx) => this.publish(input as Partial<PublishInput>, ctx),
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

  private publish(input: Partial<PublishInput>, ctx: CallContext) {
    const topicArn = input.TopicArn ?? input.TargetArn ?? '';
    const messages = this.topics.get(topicArn);
    const arnAccount = topicArn.split(':')[4];
    if (!messages || arnAccount !== ctx.accountId) {
      throw new ApiError('NotFoundException', 'Topic does not exist', 404);
    }
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
