import {
  GetQueueAttributesCommand,
  InvalidAttributeName,
  type QueueAttributeName,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { HUB, organization, REGION } from './fixtures';

describe('SQS GetQueueAttributes', () => {
  function setup() {
    const env = organization();
    const sqs = env.sb.attach(
      new SQSClient(env.sb.clientConfig({ principalArn: env.hubRole, region: REGION })),
    );
    const QueueUrl = env.sb.sqs.createQueue(HUB, REGION, 'guardrail-dlq', { VisibilityTimeout: '30' });
    const attributes = async (names?: QueueAttributeName[]) =>
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: names }))).Attributes;
    return { ...env, sqs, QueueUrl, attributes };
  }

  it('counts visible, in-flight and delayed messages on the sandbox clock, and names the queue ARN', async () => {
    const { sqs, QueueUrl, attributes, advance } = setup();
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'b' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'later', DelaySeconds: 60 }));
    expect(await attributes(['All'])).toEqual({
      QueueArn: `arn:aws:sqs:${REGION}:${HUB}:guardrail-dlq`,
      ApproximateNumberOfMessages: '2',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '1',
      VisibilityTimeout: '30',
    });
    await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(
      await attributes(['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']),
    ).toEqual({
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesNotVisible: '1',
    });
    advance(61_000);
    expect(await attributes(['ApproximateNumberOfMessages'])).toEqual({ ApproximateNumberOfMessages: '3' });
  });

  it('answers no attributes when none are asked, leaves out unmodelled ones, refuses unknown names', async () => {
    const { sqs, QueueUrl, attributes } = setup();
    expect(await attributes()).toBeUndefined();
    expect(await attributes(['Policy', 'QueueArn'])).toEqual({
      QueueArn: `arn:aws:sqs:${REGION}:${HUB}:guardrail-dlq`,
    });
    await expect(attributes(['NotAnAttribute' as QueueAttributeName])).rejects.toBeInstanceOf(
      InvalidAttributeName,
    );
    await expect(
      sqs.send(new GetQueueAttributesCommand({ QueueUrl: `${QueueUrl}-missing`, AttributeNames: ['All'] })),
    ).rejects.toBeInstanceOf(QueueDoesNotExist);
  });
});
