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

  describe('publishAll: a batch of alerts in as few calls as SNS allows', () => {
    const snsCalls = () => org.sb.calls.filter((c) => c.service === 'sns').map((c) => c.operation);
    const bigAlert = (kb: number): ComposedAlert => {
      const alert = accountErrorAlert();
      return { ...alert, text: `${alert.text}${'x'.repeat(kb * 1024)}` };
    };

    it('sends 12 alerts as two PublishBatch calls, each message as publish would have sent it', async () => {
      const alerts = Array.from({ length: 12 }, (_, i) => ({
        ...accountErrorAlert(),
        subject: `alert ${i}`,
      }));
      const outcomes = await publisher.publishAll(alerts);
      expect(snsCalls()).toEqual(['PublishBatch', 'PublishBatch']);
      const published = org.sb.sns.published(topicArn);
      expect(published.map((m) => m.Subject)).toEqual(alerts.map((a) => a.subject));
      expect(outcomes).toEqual(published.map((m) => ({ messageId: m.MessageId })));
      await publisher.publish(alerts[0] as ComposedAlert);
      const [first, , , , , , , , , , , , single] = org.sb.sns.published(topicArn);
      const { MessageId: _a, at: _b, ...batched } = first as NonNullable<typeof first>;
      const { MessageId: _c, at: _d, ...alone } = single as NonNullable<typeof single>;
      expect(batched).toEqual(alone);
    });

    it('keeps each call within 256 KiB: large alerts go in smaller batches, one near the limit alone', async () => {
      const outcomes = await publisher.publishAll([bigAlert(30), bigAlert(30), bigAlert(30), bigAlert(5)]);
      // Each 30 KiB text is in the message twice (default, email): ~60 KiB per message, so 4 fit.
      expect(outcomes.every((o) => 'messageId' in o)).toBe(true);
      expect(snsCalls()).toEqual(['PublishBatch']);
      org.sb.calls.length = 0;
      await publisher.publishAll([bigAlert(100), bigAlert(100), accountErrorAlert()]);
      expect(snsCalls()).toEqual(['Publish', 'PublishBatch']);
      expect(org.sb.sns.published(topicArn)).toHaveLength(7);
    });

    it('tries an entry SNS failed on its side once more on its own; the others are not sent twice', async () => {
      org.sb.faults.add({ service: 'sns', operation: 'PublishBatchEntry', kind: 'server-error', times: 1 });
      const alerts = [0, 1, 2].map((i) => ({ ...accountErrorAlert(), subject: `alert ${i}` }));
      const outcomes = await publisher.publishAll(alerts);
      expect(outcomes.every((o) => 'messageId' in o)).toBe(true);
      expect(snsCalls()).toEqual(['PublishBatch', 'Publish']);
      expect(
        org.sb.sns
          .published(topicArn)
          .map((m) => m.Subject)
          .sort(),
      ).toEqual(['alert 0', 'alert 1', 'alert 2']);
    });

    it('returns every alert of a refused call as an AlertPublishError value, classified as the call was', async () => {
      org.sb.faults.add({ service: 'sns', operation: 'PublishBatch', kind: 'throttle' });
      const outcomes = await publisher.publishAll([accountErrorAlert(), accountErrorAlert()]);
      expect(outcomes).toHaveLength(2);
      for (const outcome of outcomes) {
        expect('error' in outcome && outcome.error).toBeInstanceOf(AlertPublishError);
        if ('error' in outcome) expect(classifyAwsError(outcome.error).kind).toBe('retryable');
      }
      expect(org.sb.sns.published(topicArn)).toEqual([]);
    });
  });
});
