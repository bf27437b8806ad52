/**
 * A sweep that says it ran, on the sandbox with the shared state table: one summary when the last
 * target finishes (whatever the order, however many retries and redeliveries), and an alert when
 * a sweep is not done by its deadline.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DEFAULT_TAG_KEYS } from '@guardrail/core';
import { SWEEP_METRICS, sweepTargetBody } from '@guardrail/engine';
import { OTHER_REGION } from '@guardrail/testkit';
import { captureStdoutPerTest, emfMetrics } from './support/stdout';
import { createSweepOrg } from './support/sweep-org';
import { HUB, PROD, REGION, UNENROLLED } from './support/world';

const TAG = DEFAULT_TAG_KEYS.policy;
const REGIONS = [REGION, OTHER_REGION];
const ssh = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

const out = captureStdoutPerTest();

function setup(deadlineSeconds = 600) {
  const org = createSweepOrg(
    { GUARDRAIL_SWEEP_REGIONS: REGIONS.join(','), GUARDRAIL_SWEEP_DEADLINE_SECONDS: String(deadlineSeconds) },
    { stateTable: true },
  );
  for (const region of REGIONS)
    org.sb.ec2.seedSecurityGroup({
      account: PROD,
      region,
      groupName: 'bastion',
      tags: { [TAG]: 'no-public-admin-ports' },
      ingress: [ssh],
    });
  const summaries = () => org.alerts().filter((a) => a.kind === 'sweep');
  return { org, summaries };
}

describe('the sweep summary on the sandbox', () => {
  it('is published exactly once, when the last target finishes, though targets finish out of order and are retried and redelivered', async () => {
    const { org, summaries } = setup();
    // prod's second region fails past the SDK's attempts once: its message is retried later.
    org.sb.faults.add({
      service: 'ec2',
      operation: 'DescribeSecurityGroups',
      account: PROD,
      region: OTHER_REGION,
      kind: 'server-error',
      times: 2,
    });
    const plan = await org.sweep.handler({ guardrail: 'sweep', sweepId: 'nightly-7' });
    expect(plan).toMatchObject({ accounts: 3, targets: 6 });

    // Each message on an instance of its own: prod's first region finishes, its second does not.
    expect(await org.drain({ batchSize: 1, coldInstances: true })).toMatchObject({ failures: 1 });
    expect(summaries()).toEqual([]);
    org.advance(31_000);
    // The retry (and whatever was still queued behind the failure) finishes the sweep.
    expect(await org.drain({ batchSize: 1, coldInstances: true })).toMatchObject({ failures: 0 });

    expect(summaries()).toHaveLength(1);
    const [summary] = summaries();
    expect(summary).toMatchObject({
      severity: 'medium', // complete, but one account could not be read
      outcome: 'sweep-complete',
      account: { id: HUB },
      sweep: {
        sweepId: 'nightly-7',
        status: 'complete',
        accounts: 3,
        regions: REGIONS,
        targets: { expected: 6, finished: 6 },
        groups: 2,
        violations: 2,
        fixed: 2,
        unreadableCount: 1,
        unreadable: [{ account: UNENROLLED, reason: expect.stringContaining('AccessDenied') }],
      },
    });

    // A copy of a finished account's message delivered again, then the sweep's deadline: no second summary.
    const sqs = org.sb.attach(
      new SQSClient(
        org.sb.clientConfig({ principalArn: `arn:aws:iam::${HUB}:role/guardrail-hub`, region: REGION }),
      ),
    );
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: org.queueUrl,
        MessageBody: sweepTargetBody('nightly-7', PROD, REGIONS),
      }),
    );
    await org.drain();
    org.advance(601_000);
    await org.drain();
    expect(summaries()).toHaveLength(1);

    const metrics = emfMetrics(out.lines());
    const total = (name: string) =>
      metrics.filter((m) => m.name === name).reduce((n, m) => n + Number(m.value), 0);
    expect(total(SWEEP_METRICS.sweepsCompleted)).toBe(1);
    expect(total(SWEEP_METRICS.sweepFixed)).toBe(2);
    expect(total(SWEEP_METRICS.sweepUnreadableAccounts)).toBe(1);
    org.destroy();
  });

  it('alerts a sweep still unfinished at its deadline, once, with how far it got', async () => {
    const { org, summaries } = setup(600);
    // prod's second region keeps failing: its account's message never finishes.
    org.sb.faults.add({
      service: 'ec2',
      operation: 'DescribeSecurityGroups',
      account: PROD,
      region: OTHER_REGION,
      kind: 'server-error',
      times: 1000,
    });
    await org.sweep.handler({ guardrail: 'sweep', sweepId: 'nightly-8' });
    await org.drain();
    expect(summaries()).toEqual([]);

    org.advance(601_000);
    await org.drain();
    org.advance(31_000);
    await org.drain();

    expect(summaries()).toHaveLength(1);
    expect(summaries()[0]).toMatchObject({
      severity: 'high',
      outcome: 'sweep-overdue',
      sweep: { status: 'overdue', targets: { expected: 6, finished: 5 } },
    });
    org.destroy();
  });
});
