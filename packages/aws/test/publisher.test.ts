import { type ComposedAlert, composeAlert } from '@guardrail/core';
import { AlertPublishError, AlertPublisher, classifyAwsError, createClients } from '../src';
import { createOrg, HUB_ACCOUNT, MEMBER, type Org, REGION } from './fixture';

function accountErrorAlert(): ComposedAlert {
  const alert = composeAlert({
    kind: 'account-error',
    account: { id: MEMBER, name: 'member-1' },
    region: REGION,
    reason: 'the remediation role cannot be assumed',
    code: 'AccessDenied',
    changes: [],
  });
  if (alert === undefined) throw new Error('an account error is always worth an alert');
  return alert;
}

describe('AlertPublisher', () => {
  let org: Org;
  let topicArn: string;
  let publisher: AlertPublisher;

  beforeEach(() => {
    org = createOrg();
    topicArn = org.sb.sns.createTopic(HUB_ACCOUNT, REGION, 'guardrail-alerts');
    publisher = new AlertPublisher(createClients(org.aws).sns(), topicArn);
  });

  it('publishes one JSON-structured message: text for people, the document for machines', async () => {
    const alert = accountErrorAlert();
    const { messageId } = await publisher.publish(alert);
    const published = org.sb.sns.published(topicArn);
    expect(published).toHaveLength(1);
    const [message] = published as [(typeof published)[0]];
    expect(message.MessageId).toBe(messageId);
    expect(message.MessageStructure).toBe('json');
    expect(message.Subject).toBe(alert.subject);
    const body = JSON.parse(message.Message) as Record<string, string>;
    expect(body.default).toBe(alert.text);
    expect(body.email).toBe(alert.text);
    expect(JSON.parse(body.sqs ?? 'null')).toEqual(alert.document);
  });

  it('sends every alert attribute as a String message attribute', async () => {
    const alert = accountErrorAlert();
    await publisher.publish(alert);
    const [message] = org.sb.sns.published(topicArn);
    const expected = Object.fromEntries(
      Object.entries(alert.attributes).map(([name, value]) => [
        name,
        { DataType: 'String', StringValue: value },
      ]),
    );
    expect(Object.keys(expected)).toEqual(
      expect.arrayContaining(['severity', 'account', 'region', 'outcome']),
    );
    expect(message?.MessageAttributes).toEqual(expected);
  });

  it('keeps the subject within what SNS accepts', async () => {
    const alert = { ...accountErrorAlert(), subject: `line one\nline two ${'x'.repeat(200)}` };
    await publisher.publish(alert);
    const subject = org.sb.sns.published(topicArn)[0]?.Subject ?? '';
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject).not.toContain('\n');
    expect(subject.startsWith('line one line two')).toBe(true);
  });

  it('throws AlertPublishError for a topic that does not exist', async () => {
    const missing = new AlertPublisher(createClients(org.aws).sns(), `${topicArn}-gone`);
    const error = await missing.publish(accountErrorAlert()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlertPublishError);
    expect(error).toMatchObject({ topicArn: `${topicArn}-gone` });
    expect(classifyAwsError(error).kind).toBe('other');
  });

  it('classifies a throttled publish as retryable once the SDK retries are spent', async () => {
    org.sb.faults.add({ service: 'sns', operation: 'Publish', kind: 'throttle' });
    const error = await publisher.publish(accountErrorAlert()).catch((e: unknown) => e);
    expect(classifyAwsError(error).kind).toBe('retryable');
    expect(org.sb.sns.published(topicArn)).toHaveLength(0);
  });
});
