/**
 * The hub end to end on the sandbox: delivery order, deleted groups, throttling, poison records,
 * the loop guard, multi-CIDR permissions, direct invocation and the metrics it writes.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  DeleteSecurityGroupCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { captureStdoutPerTest, emfMetrics } from './support/stdout';
import { createWorld, HUB, PROD, REGION, STATE_TABLE, type World } from './support/world';

const SSH_WORLD = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const GUARDED = { 'guardrail:policy': 'no-public-admin-ports' };

function seed(world: World, tags: Record<string, string> = GUARDED): string {
  return world.sb.ec2.seedSecurityGroup({ account: PROD, region: REGION, groupName: 'app', tags });
}

async function openSsh(world: World, groupId: string, permission: object = SSH_WORLD) {
  await world.aliceEc2.send(
    new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [permission] }),
  );
}

const out = captureStdoutPerTest();

describe('hub e2e: delivery', () => {
  it('is unharmed by out-of-order delivery: the revoke event before the authorize event', async () => {
    const world = createWorld();
    const groupId = seed(world);
    await openSsh(world, groupId);
    await world.aliceEc2.send(
      new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [SSH_WORLD] }),
    );
    const [authorize, revoke] = world.take();
    expect(authorize?.detail.eventName).toBe('AuthorizeSecurityGroupIngress');
    expect(revoke?.detail.eventName).toBe('RevokeSecurityGroupIngress');

    // Reversed within one batch, then again across two batches.
    const together = await world.deliver([revoke, authorize]);
    const apart = [await world.deliver([revoke]), await world.deliver([authorize])];

    expect([together, ...apart].flatMap((r) => r.batchItemFailures)).toEqual([]);
    expect(world.ingress(groupId)).toEqual([]);
    expect(world.ec2Mutations()).toEqual(['AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress']);
    expect(world.alerts()).toEqual([]);
  });

  it('reverts the rule even when the event that added it arrives after a later one', async () => {
    const world = createWorld();
    const groupId = seed(world);
    await openSsh(world, groupId);
    await openSsh(world, groupId, {
      IpProtocol: 'tcp',
      FromPort: 8080,
      ToPort: 8080,
      IpRanges: [{ CidrIp: '10.0.0.0/8' }],
    });
    const [first, second] = world.take();
    await world.deliver([second]);
    await world.deliver([first]);
    expect(world.ingress(groupId)).toEqual(['tcp 8080 10.0.0.0/8']);
    // One revert, one alert: the late event finds the group already as its policy wants.
    expect(world.alerts()).toHaveLength(1);
  });

  it('reports a group deleted before the hub acts, without crashing or retrying', async () => {
    const world = createWorld();
    const groupId = seed(world);
    await openSsh(world, groupId);
    await world.aliceEc2.send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
    const response = await world.deliver(world.take());
    expect(response.batchItemFailures).toEqual([]);
    expect(world.alerts()).toEqual([]);
    expect(
      out
        .lines()
        .filter((l) => l.message === 'group reconciled')
        .map((l) => l.outcome),
    ).toEqual(['group-deleted']);
  });

  // Real SDK retries with the adaptive retry mode: its backoff and client-side rate limiting take
  // real time after a throttle, hence the longer test timeouts.
  it('recovers from throttling within the SDK retries', async () => {
    const world = createWorld({ maxAttempts: 2 });
    const groupId = seed(world);
    world.sb.faults.add({
      service: 'ec2',
      operation: 'RevokeSecurityGroupIngress',
      kind: 'throttle',
      times: 1,
    });
    await openSsh(world, groupId);
    const response = await world.deliver(world.take());
    expect(response.batchItemFailures).toEqual([]);
    expect(world.ingress(groupId)).toEqual([]);
    expect(world.ec2Mutations()).toEqual([
      'AuthorizeSecurityGroupIngress',
      'RevokeSecurityGroupIngress!RequestLimitExceeded',
      'RevokeSecurityGroupIngress',
    ]);
    expect(world.alerts()).toHaveLength(1);
  }, 20_000);

  it('recovers from throttling beyond the SDK retries by SQS redelivery of that record only', async () => {
    const world = createWorld({ maxAttempts: 2 });
    const groupId = seed(world);
    const other = seed(world);
    world.sb.faults.add({
      service: 'ec2',
      operation: 'RevokeSecurityGroupIngress',
      kind: 'throttle',
      times: 2,
    });
    await openSsh(world, groupId);
    const throttled = world.take();
    const failed = await world.deliver(throttled);
    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: failed.messageIds[0] }]);
    expect(world.ingress(groupId)).toEqual(['tcp 22 0.0.0.0/0']);
    expect(world.alerts()).toEqual([]);

    // Another group's event in the redelivered batch is not held back by the retry.
    await openSsh(world, other);
    const redelivered = await world.deliver([...throttled, ...world.take()]);
    expect(redelivered.batchItemFailures).toEqual([]);
    expect(world.ingress(groupId)).toEqual([]);
    expect(world.ingress(other)).toEqual([]);
    expect(world.alerts()).toHaveLength(2);
  }, 20_000);

  it('keeps an alert SNS refused in the dead-letter queue; replayed onto the hub queue, it is published', async () => {
    const world = createWorld({ maxAttempts: 2 });
    const groupId = seed(world);
    world.sb.faults.add({ service: 'sns', operation: 'Publish', kind: 'server-error', times: 2 });
    await openSsh(world, groupId);
    const response = await world.deliver(world.take());
    // The revert is done and the record acknowledged: a retry would find nothing left to say.
    expect(response.batchItemFailures).toEqual([]);
    expect(world.ingress(groupId)).toEqual([]);
    expect(world.alerts()).toEqual([]);
    const kept = world.sb.sqs.messages(world.dlqUrl);
    expect(kept).toHaveLength(1);
    const record = JSON.parse(kept[0]?.Body ?? '');
    expect(record).toMatchObject({ guardrail: 'alert', alert: { document: { kind: 'remediation' } } });
    expect(record.alert.text).toContain('reverted');

    // `guardrail dlq replay --from <dlq> --to <event queue>`: the same body, back on the hub queue.
    const replayed = await world.deliver([kept[0]?.Body]);
    expect(replayed.batchItemFailures).toEqual([]);
    const [alert] = world.alerts();
    expect(alert?.subject).toBe(record.alert.subject);
    expect(alert?.document).toEqual(record.alert.document);
    expect(alert?.document.exposure?.seconds).toBeGreaterThanOrEqual(0);
    expect(world.ec2Mutations()).toEqual(['AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress']);
  }, 20_000);

  it("publishes a batch's alerts in one PublishBatch call, each group still its own message", async () => {
    const world = createWorld();
    const groups = [seed(world), seed(world), seed(world)];
    for (const groupId of groups) await openSsh(world, groupId);
    const response = await world.deliver(world.take());
    expect(response.batchItemFailures).toEqual([]);
    for (const groupId of groups) expect(world.ingress(groupId)).toEqual([]);
    const sns = world.sb.calls.filter((c) => c.service === 'sns').map((c) => c.operation);
    expect(sns).toEqual(['PublishBatch']);
    const alerts = world.alerts();
    expect(alerts.map((a) => a.document.group?.groupId).sort()).toEqual([...groups].sort());
    expect(alerts.every((a) => a.document.kind === 'remediation')).toBe(true);
  });

  it('dead-letters every alert of a PublishBatch SNS refused, and acknowledges the reverted records', async () => {
    const world = createWorld({ maxAttempts: 2 });
    const groups = [seed(world), seed(world)];
    world.sb.faults.add({ service: 'sns', operation: 'PublishBatch', kind: 'server-error', times: 2 });
    for (const groupId of groups) await openSsh(world, groupId);
    const response = await world.deliver(world.take());
    expect(response.batchItemFailures).toEqual([]);
    for (const groupId of groups) expect(world.ingress(groupId)).toEqual([]);
    expect(world.alerts()).toEqual([]);
    const kept = world.sb.sqs.messages(world.dlqUrl).map((m) => JSON.parse(m.Body ?? '{}'));
    expect(kept.map((r) => r.alert?.document?.group?.groupId).sort()).toEqual([...groups].sort());
  }, 20_000);

  it('fails or dead-letters only the poison records of a mixed batch', async () => {
    const world = createWorld();
    const groupId = seed(world);
    await openSsh(world, groupId);
    const [good] = world.take();
    const malformed = {
      'detail-type': 'AWS API Call via CloudTrail',
      detail: { eventSource: 'ec2.amazonaws.com' },
    };

    const response = await world.deliver(['{not json', good, malformed]);

    expect(response.batchItemFailures).toEqual([]);
    expect(world.ingress(groupId)).toEqual([]);
    const dead = world.sb.sqs.messages(world.dlqUrl).map((m) => m.Body);
    expect(dead).toEqual(['{not json', JSON.stringify(malformed)]);
    const logged = out
      .lines()
      .filter((l) => l.message === 'unprocessable record sent to the dead-letter queue');
    expect(logged.map((l) => [l.recordId, l.code])).toEqual([
      [response.messageIds[0], 'malformed-json'],
      [response.messageIds[2], 'invalid-event'],
    ]);
    expect(String(logged[1]?.reason)).toContain('detail');
  });

  it('without a dead-letter queue configured, fails only the poison record so SQS redrives it', async () => {
    const world = createWorld({ deadLetterQueue: false });
    const groupId = seed(world);
    await openSsh(world, groupId);
    const response = await world.deliver([...world.take(), 'garbage']);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: response.messageIds[1] }]);
    expect(world.ingress(groupId)).toEqual([]);
  });

  it('skips its own reverts when they come back as events (loop guard)', async () => {
    const world = createWorld();
    const groupId = seed(world);
    await openSsh(world, groupId);
    await world.deliver(world.take());
    const own = world.take();
    expect(own.map((e) => e.detail.eventName)).toEqual(['RevokeSecurityGroupIngress']);
    expect(own[0]?.detail.userIdentity.arn).toContain(':assumed-role/guardrail-remediation/');
    const before = world.sb.calls.length;

    const response = await world.deliver(own);

    expect(response.batchItemFailures).toEqual([]);
    expect(world.sb.calls.length).toBe(before);
    expect(world.alerts()).toHaveLength(1);
    expect(out.lines().find((l) => l.message === 'event skipped')).toMatchObject({
      level: 'INFO',
      reason: 'own-role',
    });
    expect(emfMetrics(out.lines())).toContainEqual({
      name: 'EventsSkipped',
      value: 1,
      dimensions: { service: 'guardrail-hub', reason: 'own-role' },
    });
  });

  it('revokes only the violating CIDR of a multi-CIDR permission', async () => {
    const world = createWorld();
    const groupId = seed(world);
    await openSsh(world, groupId, {
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '0.0.0.0/0' }, { CidrIp: '192.168.0.0/16' }],
    });
    expect(world.ingress(groupId)).toHaveLength(3);
    await world.deliver(world.take());
    expect(world.ingress(groupId)).toEqual(['tcp 22 10.0.0.0/8', 'tcp 22 192.168.0.0/16']);
    const [alert] = world.alerts();
    expect(alert?.document.findings.map((f) => f.rule)).toEqual([expect.stringContaining('0.0.0.0/0')]);
  });

  it('handles a direct EventBridge invocation the same way', async () => {
    const world = createWorld();
    const groupId = seed(world);
    await openSsh(world, groupId);
    const [event] = world.take();
    await expect(world.built.handler(event as unknown as Record<string, unknown>)).resolves.toBeUndefined();
    expect(world.ingress(groupId)).toEqual([]);
    expect(world.alerts()).toHaveLength(1);
  });

  it('writes remediation outcomes, the exposure window and the hub latency as EMF metrics', async () => {
    const world = createWorld();
    const groupId = seed(world);
    await openSsh(world, groupId);
    await world.deliver(world.take());
    const metrics = emfMetrics(out.lines());
    expect(metrics).toContainEqual({
      name: 'Remediations',
      value: 1,
      dimensions: { service: 'guardrail-hub', outcome: 'succeeded' },
    });
    const names = metrics.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['ExposureWindow', 'HubLatency', 'EventsReceived']));
    const exposure = metrics.find((m) => m.name === 'ExposureWindow');
    expect(typeof exposure?.value).toBe('number');
    expect(exposure?.value as number).toBeGreaterThanOrEqual(0);
  });

  it('stops fighting over a contested rule and alerts once, still enforcing the rest of the group', async () => {
    const world = createWorld({ breakerMaxRemediations: 2 });
    const groupId = seed(world);
    const fight = async (permission: object) => {
      await openSsh(world, groupId, permission);
      return world.deliver(
        world.take().filter((e) => e.detail.eventName === 'AuthorizeSecurityGroupIngress'),
      );
    };
    // Something keeps re-opening SSH: reverted twice, then the breaker opens.
    for (let round = 0; round < 3; round++) await fight(SSH_WORLD);
    // While SSH is paused, another violation is reverted as usual and raises no second "contested" alert.
    const rdp = await fight({
      IpProtocol: 'tcp',
      FromPort: 3389,
      ToPort: 3389,
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    });
    expect(rdp.batchItemFailures).toEqual([]);
    expect(world.ingress(groupId)).toEqual(['tcp 22 0.0.0.0/0']);
    expect(world.alerts().map((a) => a.document.kind)).toEqual([
      'remediation',
      'remediation',
      'contested',
      'remediation',
    ]);
  });
});

describe('hub e2e: tampering', () => {
  it('alerts when someone disables the forwarding rule, and ignores other rules', async () => {
    const world = createWorld();
    const disable = world.sb.cloudtrail.emit(
      {
        eventSource: 'events.amazonaws.com',
        eventName: 'DisableRule',
        requestParameters: { name: 'guardrail-forward-sg-events' },
      },
      { principalArn: world.alice, region: REGION },
    );
    const other = world.sb.cloudtrail.emit(
      {
        eventSource: 'events.amazonaws.com',
        eventName: 'DisableRule',
        requestParameters: { name: 'someone-elses-rule' },
      },
      { principalArn: world.alice, region: REGION },
    );
    const response = await world.deliver([disable, other]);
    expect(response.batchItemFailures).toEqual([]);
    const alerts = world.alerts();
    expect(alerts.map((a) => a.document.kind)).toEqual(['tamper']);
    expect(alerts[0]?.text).toContain(world.alice);
    expect(out.lines().find((l) => l.message === 'event skipped')).toMatchObject({ reason: 'ignored' });
  });
});

describe('the outbox: an alert owed after a revert is never lost', () => {
  it('SNS refusing the alert without a dead-letter queue: the retry, on another instance, publishes it once', async () => {
    const world = createWorld({ maxAttempts: 2, deadLetterQueue: false, stateTable: true });
    const groupId = seed(world);
    world.sb.faults.add({ service: 'sns', operation: 'Publish', kind: 'server-error', times: 2 });
    await openSsh(world, groupId);
    const events = world.take();
    const first = await world.deliver(events);
    // Reverted, not told: the record comes back.
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: first.messageIds[0] }]);
    expect(world.ingress(groupId)).toEqual([]);
    expect(world.alerts()).toEqual([]);
    expect(
      world.sb.dynamodb.items(HUB, REGION, STATE_TABLE).some((i) => JSON.stringify(i.pk).includes('outbox#')),
    ).toBe(true);

    // The redelivery after the visibility timeout, on a fresh instance: the group is compliant.
    world.advance(5 * 60_000);
    const other = world.buildInstance();
    const retried = (await other.handler(world.sqsEvent(events))) as { batchItemFailures: unknown[] };
    expect(retried.batchItemFailures).toEqual([]);
    expect(
      world.alerts().map((a) => `${a.document.kind} ${a.document.severity} ${a.document.outcome}`),
    ).toEqual(['remediation critical remediated']);

    // Told once: a further delivery of the same event owes nothing more.
    world.advance(5 * 60_000);
    await other.handler(world.sqsEvent(events));
    expect(world.alerts()).toHaveLength(1);
  }, 20_000);
});
