/**
 * `--stack <hub stack>`: the commands read the queue URLs and the rest from the stack's Outputs,
 * under the contract's keys (@guardrail/core HUB_STACK_OUTPUTS, which infra's template test holds
 * the synthesized stack to), through the real CloudFormation client on the sandbox.
 */
import { DEFAULT_HUB_STACK_NAME, HUB_STACK_OUTPUTS, type HubStackOutput } from '@guardrail/core';
import { createStateTable, publishedAlerts } from '@guardrail/testkit';
import { readHubStackOutputs } from '../src/aws/stack-outputs';
import { runDlqListCommand, runDlqReplayCommand } from '../src/commands/dlq';
import { runHubCommand } from '../src/commands/hub-run';
import { runSweep, sweepEnvironmentFromStack } from '../src/commands/sweep';
import { ACCOUNTS, PRIMARY_REGION } from '../src/demo/organization';
import { CliCommandFailed, CliInputError } from '../src/io';
import { run } from '../src/main';
import { capture, openSshOnWebGroup, type TestOrganization, testOrganization } from './support/org';

interface StackWorld extends TestOrganization {
  outputs: Record<HubStackOutput, string>;
}

/** The demo organization with every resource of a deployed hub, and the hub stack naming them. */
function stackWorld(seed = 13): StackWorld {
  const world = testOrganization(seed);
  const { sb } = world.org;
  const hub = ACCOUNTS.hub.id;
  const queue = (name: string) => sb.sqs.createQueue(hub, PRIMARY_REGION, name);
  const stateTable = 'guardrail-state-table';
  createStateTable(sb, hub, PRIMARY_REGION, stateTable);
  const outputs: Record<HubStackOutput, string> = {
    hubQueueUrl: world.queueUrl,
    hubDeadLetterQueueUrl: queue('hub-dlq'),
    sweepQueueUrl: queue('sweep'),
    sweepDeadLetterQueueUrl: queue('sweep-dlq'),
    sweepRequestDeadLetterQueueUrl: queue('sweep-request-dlq'),
    alertTopicArn: world.org.topicArn,
    stateTableName: stateTable,
    eventBusName: 'guardrail-hub',
    eventBusArn: `arn:aws:events:${PRIMARY_REGION}:${hub}:event-bus/guardrail-hub`,
    sweepResultsBucketName: 'guardrail-sweep-results',
    sweepResultsReadPolicyArn: `arn:aws:iam::${hub}:policy/guardrail-sweep-results-read`,
    sweepRegions: `${PRIMARY_REGION},us-east-1`,
    // A deployment names at least one OU: here the organization's root.
    sweepOrganizationalUnitIds: sb.organization.rootId,
  };
  sb.cloudformation.putStack({
    name: DEFAULT_HUB_STACK_NAME,
    account: hub,
    region: PRIMARY_REGION,
    outputs: Object.fromEntries(
      (Object.keys(outputs) as HubStackOutput[]).map((output) => [
        HUB_STACK_OUTPUTS[output],
        outputs[output],
      ]),
    ),
  });
  return { ...world, outputs };
}

/** A stack whose outputs are the contract's minus `missing`. */
function putPartialStack(s: StackWorld, name: string, missing: HubStackOutput): void {
  s.org.sb.cloudformation.putStack({
    name,
    account: ACCOUNTS.hub.id,
    region: PRIMARY_REGION,
    status: 'UPDATE_ROLLBACK_COMPLETE',
    outputs: Object.fromEntries(
      (Object.keys(s.outputs) as HubStackOutput[])
        .filter((output) => output !== missing)
        .map((output) => [HUB_STACK_OUTPUTS[output], s.outputs[output]]),
    ),
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected the command to fail');
  return error;
}

describe('--stack', () => {
  let s: StackWorld;
  beforeEach(() => {
    s = stackWorld();
  });
  afterEach(() => s.org.destroy());

  it('reads every output of the contract with one DescribeStacks, in the region it was asked', async () => {
    const { io } = capture();
    const outputs = await readHubStackOutputs(
      { stack: DEFAULT_HUB_STACK_NAME, region: PRIMARY_REGION, aws: s.aws },
      io,
    );
    for (const output of Object.keys(HUB_STACK_OUTPUTS) as HubStackOutput[]) {
      expect(outputs.get(output)).toBe(s.outputs[output]);
    }
    expect(outputs).toMatchObject({
      stackName: DEFAULT_HUB_STACK_NAME,
      region: PRIMARY_REGION,
      status: 'CREATE_COMPLETE',
    });
    const calls = s.org.sb.calls.filter((call) => call.service === 'cloudformation');
    expect(calls.map((call) => `${call.operation} ${call.account} ${call.region}`)).toEqual([
      `DescribeStacks ${ACCOUNTS.hub.id} ${PRIMARY_REGION}`,
    ]);
  });

  it('dlq list --which hub|sweep|sweep-request lists the DLQ the stack names (hub by default)', async () => {
    const { sb } = s.org;
    sb.sqs.send(s.outputs.hubDeadLetterQueueUrl, { MessageBody: 'hub record' });
    sb.sqs.send(s.outputs.sweepDeadLetterQueueUrl, { MessageBody: 'sweep record' });
    sb.sqs.send(s.outputs.sweepRequestDeadLetterQueueUrl, { MessageBody: 'request record' });
    const listed = async (which?: string) => {
      const { io } = capture();
      const result = await runDlqListCommand(
        { stack: DEFAULT_HUB_STACK_NAME, region: PRIMARY_REGION, ...(which ? { which } : {}) },
        { io, aws: s.aws, waitSeconds: 0 },
      );
      return { queueUrl: result.queueUrl, excerpts: result.records.map((record) => record.excerpt) };
    };
    expect(await listed()).toEqual({ queueUrl: s.outputs.hubDeadLetterQueueUrl, excerpts: ['hub record'] });
    expect(await listed('sweep')).toEqual({
      queueUrl: s.outputs.sweepDeadLetterQueueUrl,
      excerpts: ['sweep record'],
    });
    expect(await listed('sweep-request')).toEqual({
      queueUrl: s.outputs.sweepRequestDeadLetterQueueUrl,
      excerpts: ['request record'],
    });
    // An option still wins over the stack.
    const { io } = capture();
    const explicit = await runDlqListCommand(
      { stack: DEFAULT_HUB_STACK_NAME, region: PRIMARY_REGION, queueUrl: s.outputs.sweepDeadLetterQueueUrl },
      { io, aws: s.aws, waitSeconds: 0 },
    );
    expect(explicit.queueUrl).toBe(s.outputs.sweepDeadLetterQueueUrl);
  });

  it('dlq replay --which sweep moves the sweep DLQ back to the sweep queue; sweep-request has nowhere to go', async () => {
    const { sb } = s.org;
    sb.sqs.send(s.outputs.sweepDeadLetterQueueUrl, { MessageBody: '{"guardrail":"sweep-target"}' });
    const { io, out } = capture();
    const counts = await runDlqReplayCommand(
      { stack: DEFAULT_HUB_STACK_NAME, region: PRIMARY_REGION, which: 'sweep' },
      { io, aws: s.aws, waitSeconds: 0 },
    );
    expect(counts).toMatchObject({ selected: 1, moved: 1, failed: 0 });
    expect(sb.sqs.messages(s.outputs.sweepDeadLetterQueueUrl)).toHaveLength(0);
    expect(sb.sqs.messages(s.outputs.sweepQueueUrl).map((m) => m.Body)).toEqual([
      '{"guardrail":"sweep-target"}',
    ]);
    expect(out.stdout).toContain(s.outputs.sweepQueueUrl);

    const before = sb.calls.length;
    const refused = await rejection(
      runDlqReplayCommand(
        { stack: DEFAULT_HUB_STACK_NAME, which: 'sweep-request' },
        { io, aws: s.aws, waitSeconds: 0 },
      ),
    );
    expect(refused).toBeInstanceOf(CliInputError);
    expect(refused.message).toMatch(/^--which sweep-request: .*no queue to replay them to/);
    expect(sb.calls.length).toBe(before);
  });

  it('sweep plans over the regions and OUs of the stack, as its schedule does', async () => {
    const { io } = capture();
    const outputs = await readHubStackOutputs(
      { stack: DEFAULT_HUB_STACK_NAME, region: PRIMARY_REGION, aws: s.aws },
      io,
    );
    expect(
      sweepEnvironmentFromStack(outputs, { GUARDRAIL_SWEEP_REGIONS: 'ap-south-1', OTHER: 'kept' }),
    ).toEqual({
      GUARDRAIL_SWEEP_REGIONS: `${PRIMARY_REGION},us-east-1`,
      GUARDRAIL_SWEEP_OU_IDS: s.outputs.sweepOrganizationalUnitIds,
      AWS_REGION: PRIMARY_REGION,
      OTHER: 'kept',
    });

    // End to end, the planner walks the stack's OU (here the root: ListAccountsForParent and
    // ListChildren) and sends one message per ACTIVE account, naming the stack's regions.
    const { io: runIo } = capture();
    await runSweep(
      { stack: DEFAULT_HUB_STACK_NAME },
      { io: runIo, env: { ...s.env, AWS_REGION: PRIMARY_REGION }, aws: s.aws, now: s.clock.now },
    );
    const walked = s.org.sb.calls.filter((c) => c.service === 'organizations').map((c) => c.operation);
    expect(walked).toEqual(expect.arrayContaining(['ListAccountsForParent', 'ListChildren']));
    expect(walked).not.toContain('ListAccounts');
    const bodies = s.org.sb.sqs
      .messages(s.outputs.sweepQueueUrl)
      .map((m) => JSON.parse(m.Body) as { account: string; regions: string[] });
    const members = s.org.sb.organization
      .members()
      .filter((a) => a.status === 'ACTIVE')
      .map((a) => a.id);
    // Every ACTIVE member under the root but the management account (no StackSet instance there).
    expect(bodies.map((b) => b.account).sort()).toEqual(
      members.filter((id) => id !== s.org.sb.organization.managementAccountId).sort(),
    );
    for (const body of bodies) expect(body.regions).toEqual([PRIMARY_REGION, 'us-east-1']);
  });

  it('hub run polls the hub queue and alerts on the topic of the stack', async () => {
    await openSshOnWebGroup(s.org);
    for (const event of s.org.sb.takeEvents())
      s.org.sb.sqs.send(s.outputs.hubQueueUrl, { MessageBody: JSON.stringify(event) });
    // Nothing of the hub's own references in the environment: they come from the stack.
    const env = { ...s.env };
    for (const name of [
      'GUARDRAIL_TOPIC_ARN',
      'GUARDRAIL_STATE_TABLE',
      'GUARDRAIL_DEAD_LETTER_QUEUE_URL',
      'AWS_REGION',
    ])
      delete env[name as keyof typeof env];
    const { io, out } = capture();
    const controller = new AbortController();
    const done = runHubCommand(
      { stack: DEFAULT_HUB_STACK_NAME, region: PRIMARY_REGION, waitSeconds: '1' },
      {
        io,
        env,
        signal: controller.signal,
        aws: s.aws,
        now: s.clock.now,
        retryDelayMs: 10,
        onBatch: () => controller.abort(),
      },
    );
    const stats = await done;
    expect(stats).toMatchObject({ batches: 1, deleted: 1 });
    expect(out.stderr).toContain(`polling ${s.outputs.hubQueueUrl}`);
    expect(publishedAlerts(s.org.sb, s.outputs.alertTopicArn)).toHaveLength(1);
    // The state table of the stack is the one the hub used (the event's dedupe record).
    expect(
      s.org.sb.dynamodb.items(ACCOUNTS.hub.id, PRIMARY_REGION, s.outputs.stateTableName).length,
    ).toBeGreaterThan(0);
  });

  it('a stack that is not there: one line naming it, input error (exit 2)', async () => {
    const { io, out } = capture();
    const error = await rejection(
      runDlqListCommand({ stack: 'NoSuchStack', region: PRIMARY_REGION }, { io, aws: s.aws, waitSeconds: 0 }),
    );
    expect(error).toBeInstanceOf(CliInputError);
    expect(error.message).toBe(`--stack: stack NoSuchStack not found in ${PRIMARY_REGION}`);
    expect(out.stderr).toBe('');
  });

  it('a stack without an output the command needs: one line naming the stack and the key (exit 2)', async () => {
    putPartialStack(s, 'OldHub', 'sweepDeadLetterQueueUrl');
    const { io } = capture();
    const error = await rejection(
      runDlqListCommand(
        { stack: 'OldHub', region: PRIMARY_REGION, which: 'sweep' },
        { io, aws: s.aws, waitSeconds: 0 },
      ),
    );
    expect(error).toBeInstanceOf(CliInputError);
    expect(error.message).toMatch(
      new RegExp(
        `^--stack: stack OldHub \\(UPDATE_ROLLBACK_COMPLETE\\) in ${PRIMARY_REGION} has no output SweepDeadLetterQueueUrl`,
      ),
    );
    expect(error.message).not.toContain('\n');
    // The other DLQ of the same stack is still listed.
    const listed = await runDlqListCommand(
      { stack: 'OldHub', region: PRIMARY_REGION, which: 'hub' },
      { io, aws: s.aws, waitSeconds: 0 },
    );
    expect(listed.queueUrl).toBe(s.outputs.hubDeadLetterQueueUrl);
  });

  it('a failure to read the stack (credentials, permissions) is the command failing (exit 1), said once', async () => {
    const { io, out } = capture();
    s.org.sb.faults.add({ service: 'cloudformation', kind: 'access-denied' });
    const error = await rejection(
      runDlqListCommand(
        { stack: DEFAULT_HUB_STACK_NAME, region: PRIMARY_REGION },
        { io, aws: s.aws, waitSeconds: 0 },
      ),
    );
    expect(error).toBeInstanceOf(CliCommandFailed);
    expect(out.stderr).toMatch(/^error: cannot read the outputs of stack GuardrailHub: AccessDenied: .+\n$/);
  });

  it('refuses what makes no sense before any call: no queue at all, --which without --stack, an unknown --which or stack name', async () => {
    const { io } = capture();
    const deps = { io, aws: s.aws, waitSeconds: 0 };
    const cases: [Promise<unknown>, string][] = [
      [runDlqListCommand({}, deps), '--queue-url or --stack: one is needed'],
      [
        runDlqReplayCommand({ from: s.outputs.hubDeadLetterQueueUrl }, deps),
        '--from and --to, or --stack: needed',
      ],
      [
        runDlqListCommand({ queueUrl: s.outputs.hubDeadLetterQueueUrl, which: 'sweep' }, deps),
        '--which: only with --stack',
      ],
      [
        runDlqListCommand({ stack: DEFAULT_HUB_STACK_NAME, which: 'live' }, deps),
        '--which: "live" is not one of hub, sweep, sweep-request',
      ],
      [
        runDlqListCommand({ stack: 'not a stack' }, deps),
        '--stack: "not a stack" is not a CloudFormation stack name',
      ],
      [runSweep({}, { io, env: s.env, aws: s.aws }), '--queue-url or --stack: one is needed'],
      [
        runHubCommand(
          { stack: DEFAULT_HUB_STACK_NAME, which: 'dlq' },
          { io, env: s.env, aws: s.aws, signal: new AbortController().signal },
        ),
        '--which: "dlq" is not one of hub, sweep',
      ],
    ];
    const before = s.org.sb.calls.length;
    for (const [promise, message] of cases) {
      const error = await rejection(promise);
      expect({ message: error.message, input: error instanceof CliInputError }).toEqual({
        message,
        input: true,
      });
    }
    expect(s.org.sb.calls.length).toBe(before);
  });

  it('exits 2 with one error line for a bad --stack, before any AWS call', async () => {
    const { io, out } = capture();
    expect(await run(['dlq', 'list', '--stack', 'no such/stack'], io)).toBe(2);
    expect(out.stderr).toBe('error: --stack: "no such/stack" is not a CloudFormation stack name\n');
  });

  it('is in the help of every command that takes it, with the choices of --which', async () => {
    for (const [argv, which] of [
      [['hub', 'run', '--help'], 'hub (the live-event queue, default) or sweep'],
      [['sweep', '--help'], undefined],
      [
        ['dlq', 'list', '--help'],
        'hub (the hub queue DLQ, default), sweep (the sweep queue DLQ) or sweep-request',
      ],
      [['dlq', 'replay', '--help'], 'hub (hub DLQ to the hub queue, default) or sweep'],
    ] as const) {
      const { io, out } = capture();
      expect(await run([...argv], io)).toBe(0);
      const help = out.stdout.replace(/\s+/g, ' ');
      expect(help).toContain('--stack <name>');
      expect(help).toContain(DEFAULT_HUB_STACK_NAME);
      if (which) expect(help).toContain(which);
    }
  });
});
