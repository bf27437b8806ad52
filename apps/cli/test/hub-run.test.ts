/**
 * `guardrail hub run` on the sandbox's SQS, in-process: an AbortSignal stands in for SIGINT.
 */
import type { BatchReport } from '@guardrail/engine';
import { type HubRunOptions, resolveHubSettings, runHub } from '../src/commands/hub-run';
import { ACCOUNTS, PRIMARY_REGION } from '../src/demo/organization';
import { CliInputError, type CliIo } from '../src/io';
import { run } from '../src/main';
import { capture, openSshOnWebGroup, type TestOrganization, testOrganization } from './support/org';

interface Setup extends TestOrganization {
  groupId: string;
}

/** Alice's SSH drift, its CloudTrail event already on the hub queue. */
async function setup(): Promise<Setup> {
  const world = testOrganization(7);
  const groupId = await openSshOnWebGroup(world.org);
  for (const event of world.org.sb.takeEvents()) {
    world.org.sb.sqs.send(world.queueUrl, { MessageBody: JSON.stringify(event) });
  }
  return { ...world, groupId };
}

function start(s: Setup, io: CliIo, options: Partial<HubRunOptions> = {}) {
  const controller = new AbortController();
  const batches: BatchReport[] = [];
  const done = runHub(
    { queueUrl: s.queueUrl, waitSeconds: '1', ...options },
    {
      io,
      env: s.env,
      signal: controller.signal,
      aws: s.aws,
      now: s.clock.now,
      retryDelayMs: 10,
      onBatch: (report) => batches.push(report),
    },
  );
  return { controller, batches, done };
}

const ingress = (s: Setup) =>
  s.org.sb.ec2
    .getGroup(ACCOUNTS.prod.id, PRIMARY_REGION, s.groupId)
    ?.rules.filter((r) => !r.IsEgress)
    .map((r) => `${r.IpProtocol} ${r.FromPort} ${r.CidrIpv4}`);

describe('guardrail hub run', () => {
  let s: Setup;
  beforeEach(async () => {
    s = await setup();
  });
  afterEach(() => s.org.destroy());

  it('finishes the batch in flight when stopped, deletes what succeeded, leaves the poison record', async () => {
    s.org.sb.sqs.send(s.queueUrl, { MessageBody: '{not json' });
    const { io, out } = capture();
    const hub = start(s, io);
    // "SIGINT" while the hub is reverting: the batch must still finish and be deleted.
    const unsubscribe = s.org.sb.onEvent((event) => {
      if (event.detail.eventName === 'RevokeSecurityGroupIngress') hub.controller.abort();
    });
    const stats = await hub.done;
    unsubscribe();

    expect(hub.controller.signal.aborted).toBe(true);
    expect(stats).toEqual({ batches: 1, records: 2, deleted: 1, leftForRedelivery: 1, alerts: 1 });
    expect(ingress(s)).toEqual([]);
    expect(s.org.sb.sns.published(s.org.topicArn)).toHaveLength(1);
    // Only the unparseable record stays, for SQS to redeliver (and its redrive policy to dead-letter).
    expect(s.org.sb.sqs.messages(s.queueUrl).map((m) => [m.Body, m.receiveCount])).toEqual([
      ['{not json', 1],
    ]);
    expect(hub.batches[0]?.batchItemFailures).toHaveLength(1);
    expect(out.stdout).toMatch(/batch: groups 1 remediated; alerts 1; .*failed 1 \(left for redelivery\)/);
    expect(out.stderr).toContain('stopped after 1 batches');
  }, 30_000);

  it('keeps polling until stopped, and a redelivered event makes no second alert', async () => {
    const { io } = capture();
    const hub = start(s, io);
    const [event] = s.org.sb.events.filter((e) => e.detail.eventName === 'AuthorizeSecurityGroupIngress');
    const waitFor = async (n: number) => {
      while (hub.batches.length < n) await new Promise((r) => setTimeout(r, 5));
    };
    await waitFor(1);
    s.org.sb.sqs.send(s.queueUrl, { MessageBody: JSON.stringify(event) });
    await waitFor(2);
    hub.controller.abort();
    const stats = await hub.done;
    expect(stats.batches).toBe(2);
    expect(hub.batches[1]?.skipped.map((x) => x.reason)).toEqual(['duplicate']);
    expect(s.org.sb.sns.published(s.org.topicArn)).toHaveLength(1);
    expect(s.org.sb.sqs.messages(s.queueUrl)).toEqual([]);
  }, 30_000);

  // The long poll waits 20 s; the test's default 5 s timeout fails it unless the abort cuts it short.
  it('stops while waiting on an empty queue, without waiting for the long poll to end', async () => {
    const { io } = capture();
    const empty = s.org.sb.sqs.createQueue(ACCOUNTS.hub.id, PRIMARY_REGION, 'empty');
    const hub = start({ ...s, queueUrl: empty }, io, { waitSeconds: '20' });
    setTimeout(() => hub.controller.abort(), 50);
    const stats = await hub.done;
    expect(stats).toEqual({ batches: 0, records: 0, deleted: 0, leftForRedelivery: 0, alerts: 0 });
  });

  it('retries a failed receive and carries on', async () => {
    s.org.sb.faults.add({ service: 'sqs', operation: 'ReceiveMessage', kind: 'access-denied', times: 1 });
    const { io, out } = capture();
    const hub = start(s, io);
    while (hub.batches.length < 1) await new Promise((r) => setTimeout(r, 5));
    hub.controller.abort();
    expect((await hub.done).deleted).toBe(1);
    expect(out.stderr).toContain('receiving from the queue failed');
  }, 30_000);
});

describe('guardrail hub run: settings', () => {
  const topic = 'arn:aws:sns:eu-west-1:222233334444:guardrail-alerts';
  const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/222233334444/guardrail-events';

  it('reads the Lambda variables, options first', () => {
    const settings = resolveHubSettings(
      { queueUrl, roleName: 'from-option' },
      {
        GUARDRAIL_TOPIC_ARN: topic,
        GUARDRAIL_ROLE_NAME: 'from-env',
        GUARDRAIL_POLICY_YAML: 'version: 1\npolicies: {}\n',
        GUARDRAIL_TAG_POLICY: 'sec:policy',
        GUARDRAIL_BREAKER_MAX_REMEDIATIONS: '3',
        AWS_REGION: 'eu-west-1',
      },
    );
    expect(settings).toMatchObject({
      roleName: 'from-option',
      topicArn: topic,
      policy: { yaml: 'version: 1\npolicies: {}\n' },
      tagKeys: { policy: 'sec:policy', mode: 'guardrail:mode' },
      breaker: { maxRemediations: 3, windowMinutes: 10 },
      region: 'eu-west-1',
      waitSeconds: 20,
      sourceIdentity: 'guardrail',
    });
    expect(resolveHubSettings({ queueUrl, topicArn: topic, policies: 'p.yaml' }, {}).policy).toEqual({
      file: 'p.yaml',
    });
  });

  it.each([
    [{}, /GUARDRAIL_TOPIC_ARN/],
    [{ GUARDRAIL_TOPIC_ARN: 'not-an-arn' }, /not an SNS topic ARN/],
    [{ GUARDRAIL_TOPIC_ARN: topic, GUARDRAIL_POLICY_FILE: 'a', GUARDRAIL_POLICY_YAML: 'b' }, /not both/],
    [{ GUARDRAIL_TOPIC_ARN: topic, GUARDRAIL_MAX_CONCURRENCY: 'lots' }, /GUARDRAIL_MAX_CONCURRENCY/],
    [{ GUARDRAIL_TOPIC_ARN: topic, GUARDRAIL_HUB_ROLE_ARN: 'arn:aws:s3:::x' }, /not a valid ARN/],
  ])('rejects %j', (env, message) => {
    expect(() => resolveHubSettings({ queueUrl }, env)).toThrow(CliInputError);
    expect(() => resolveHubSettings({ queueUrl }, env)).toThrow(message);
  });

  it('requires --queue-url (exit 2, not a process exit)', async () => {
    const { io, out } = capture();
    expect(await run(['hub', 'run'], io)).toBe(2);
    expect(out.stderr).toContain('--queue-url');
  });
});
