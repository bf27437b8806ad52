/**
 * The live-event function's own composition (event-lambda.ts: the hub without the sweep's parts)
 * meets sweep messages on its queue: a sweep dead-letter queue replayed onto the hub queue by
 * mistake (`guardrail dlq replay --to <hub queue>`), or a message forged by someone who may send
 * to it. Neither is acted on and neither is lost: both go to the dead-letter queue with the
 * reason, beside a live event of the same batch that is reverted as always. The sweep function's
 * hub (lambda.ts) takes the same target (the control).
 */
import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { DEAD_LETTER_ATTRIBUTES } from '@guardrail/core';
import {
  NOT_A_SWEEP_HUB,
  SweepNotConfiguredError,
  sweepDeadlineBody,
  sweepTargetBody,
} from '@guardrail/engine';
import type { SQSBatchResponse } from 'aws-lambda';
import { createEventLambdaHandler, NOT_THE_SWEEP_FUNCTION } from '../src/event-lambda';
import { captureStdoutPerTest } from './support/stdout';
import { createWorld, PROD, REGION } from './support/world';

captureStdoutPerTest();

const SSH_WORLD = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

type World = ReturnType<typeof createWorld>;

async function scene(world: World) {
  const groupId = world.sb.ec2.seedSecurityGroup({
    account: PROD,
    region: REGION,
    groupName: 'bastion',
    tags: { 'guardrail:policy': 'no-public-admin-ports' },
  });
  await world.aliceEc2.send(
    new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [SSH_WORLD] }),
  );
  const [event] = world.take();
  const listed = { state: 'ACTIVE' as const, at: new Date().toISOString(), name: 'workloads-prod' };
  const target = sweepTargetBody('nightly-1', PROD, [REGION], undefined, listed);
  const deadline = sweepDeadlineBody('nightly-1', new Date());
  return { groupId, event, target, deadline };
}

/** The dead-letter queue as `guardrail dlq list` reads it: body, code and reason of each message. */
async function deadLetters(world: World): Promise<[string | undefined, unknown, unknown][]> {
  const { Messages = [] } = await world.hubSqs.send(
    new ReceiveMessageCommand({
      QueueUrl: world.dlqUrl,
      MaxNumberOfMessages: 10,
      MessageAttributeNames: ['All'],
    }),
  );
  return Messages.map((m) => [
    m.Body,
    m.MessageAttributes?.[DEAD_LETTER_ATTRIBUTES.code]?.StringValue,
    m.MessageAttributes?.[DEAD_LETTER_ATTRIBUTES.reason]?.StringValue,
  ]);
}

describe('the live-event function and sweep messages on its queue', () => {
  it('reverts the live event and dead-letters the sweep target and the deadline with the reason', async () => {
    const world = createWorld();
    const { groupId, event, target, deadline } = await scene(world);
    const hub = world.buildEventInstance();
    const before = world.sb.calls.length;

    const response = (await hub.handler(world.sqsEvent([event, target, deadline]))) as SQSBatchResponse;

    expect(response.batchItemFailures).toEqual([]);
    expect(world.ingress(groupId)).toEqual([]);
    expect(world.alerts().map((a) => `${a.document.kind} ${a.document.outcome}`)).toEqual([
      'remediation remediated',
    ]);
    // The account's groups were not listed for the target: the only EC2 calls are the live group's.
    const ec2 = world.sb.calls.slice(before).filter((c) => c.service === 'ec2');
    expect(ec2.map((c) => c.operation)).toEqual(['DescribeSecurityGroups', 'RevokeSecurityGroupIngress']);
    expect(await deadLetters(world)).toEqual([
      [target, NOT_A_SWEEP_HUB.code, NOT_A_SWEEP_HUB.target],
      [deadline, NOT_A_SWEEP_HUB.code, NOT_A_SWEEP_HUB.deadline],
    ]);
    hub.destroy();
  });

  it("the sweep function's hub sweeps the same target: nothing is dead-lettered (the control)", async () => {
    const world = createWorld();
    const { target } = await scene(world);
    const before = world.sb.calls.length;

    const response = await world.deliverSweep([target]);

    expect(response.batchItemFailures).toEqual([]);
    expect(await deadLetters(world)).toEqual([]);
    const listed = world.sb.calls.slice(before).filter((c) => c.service === 'ec2');
    expect(listed.map((c) => c.operation)).toContain('DescribeSecurityGroups');
  });

  it('refuses a sweep request before reading its environment, naming the function that plans sweeps', async () => {
    let reads = 0;
    const handler = createEventLambdaHandler(() => {
      reads++;
      return {};
    });
    const refused = handler({ guardrail: 'sweep' }, {} as never);
    await expect(refused).rejects.toBeInstanceOf(SweepNotConfiguredError);
    await expect(refused).rejects.toThrow(NOT_THE_SWEEP_FUNCTION);
    expect(reads).toBe(0);
  });
});
