/**
 * Sweep targets in a hub batch, on the engine's fakes: the same reconcile as the event path,
 * with no event (every violation is drift).
 */
import {
  createHub,
  type HubDeps,
  type OptedInGroupsResult,
  SWEEP_METRICS,
  type SweepGroupSource,
  sweepTargetBody,
} from '../src';
import { recheckTarget } from '../src/sweep/messages';
import { ACCOUNT, body, change, REGION, rule, World } from './support/fakes';

const TAG = 'guardrail:policy';
const POLICY = { [TAG]: 'no-ssh' };
const OTHER_REGION = 'us-east-1';

/** Lists the tagged groups of the World's fake EC2; scripted results are consumed first. */
class FakeSource implements SweepGroupSource {
  readonly calls: string[] = [];
  readonly scripted: OptedInGroupsResult[] = [];
  constructor(private readonly world: World) {}
  async list(account: string, region: string): Promise<OptedInGroupsResult> {
    this.calls.push(`${account}/${region}`);
    const scripted = this.scripted.shift();
    if (scripted) return scripted;
    const groups = [...this.world.region(account, region).groups.values()]
      .filter((g) => g.tags[TAG] !== undefined)
      .map((g) => structuredClone(g));
    return { status: 'listed', groups };
  }
}

function setup(overrides: Partial<HubDeps> = {}) {
  const world = new World();
  const source = new FakeSource(world);
  const hub = createHub({ ...world.deps(), sweep: source, ...overrides });
  return { world, source, hub };
}

const target = (sweepId = 'sweep-1', account = ACCOUNT, region = REGION) =>
  sweepTargetBody(sweepId, account, region);

describe('createHub: sweep targets', () => {
  it('finds and fixes drift with no event, leaves untagged groups alone, and alerts per group', async () => {
    const { world, hub, source } = setup();
    const ec2 = world.region();
    ec2.seed('sg-ssh', POLICY, [rule(22, '0.0.0.0/0', 'sgr-ssh'), rule(443, '0.0.0.0/0', 'sgr-web')]);
    ec2.seed('sg-https', { [TAG]: 'needs-https' }, []);
    ec2.seed('sg-ok', POLICY, [rule(443, '0.0.0.0/0', 'sgr-ok')]);
    ec2.seed('sg-untagged', {}, [rule(22, '0.0.0.0/0', 'sgr-free')]);

    const report = await hub.processBatch([{ id: 'r1', body: target() }]);

    expect(source.calls).toEqual([`${ACCOUNT}/${REGION}`]);
    expect(report.batchItemFailures).toEqual([]);
    expect(ec2.groups.get('sg-ssh')?.rules.map((r) => r.ruleId)).toEqual(['sgr-web']);
    expect(ec2.groups.get('sg-https')?.rules.map((r) => r.fromPort)).toEqual([443]);
    expect(ec2.groups.get('sg-untagged')?.rules.map((r) => r.ruleId)).toEqual(['sgr-free']);
    expect(ec2.mutations.map((m) => m.groupId).sort()).toEqual(['sg-https', 'sg-ssh']);
    // The listing is the read: no second describe per group.
    expect(ec2.reads).toEqual([]);
    expect(report.groups.map((g) => `${g.groupId} ${g.outcome}`).sort()).toEqual([
      'sg-https remediated',
      'sg-ok compliant',
      'sg-ssh remediated',
    ]);
    for (const group of report.groups) expect(group.eventIds).toEqual([]);
    const ssh = report.groups.find((g) => g.groupId === 'sg-ssh');
    expect(ssh?.result.plan?.violations.map((v) => v.cause)).toEqual(['drift']);
    expect(world.published.map((a) => a.subject).sort()).toEqual([
      'remediation sg-https',
      'remediation sg-ssh',
    ]);
    expect(report.sweepTargets).toEqual([
      {
        recordId: 'r1',
        sweepId: 'sweep-1',
        account: ACCOUNT,
        region: REGION,
        outcome: 'swept',
        groups: 3,
        violations: 2,
        fixed: 2,
        // What the target's stored result shows: the groups as found (sweep-results.test.ts).
        posture: { accountName: 'prod', groups: expect.any(Array) },
      },
    ]);
    expect(world.metrics.sum(SWEEP_METRICS.groupsSwept)).toBe(3);
    expect(world.metrics.sum(SWEEP_METRICS.violationsFound)).toBe(2);
    expect(world.metrics.sum(SWEEP_METRICS.targetsProcessed, { outcome: 'swept' })).toBe(1);
  });

  it('publishes nothing for a compliant account, and a redelivered target is not swept again', async () => {
    const { world, hub, source } = setup();
    world.region().seed('sg-ok', POLICY, [rule(443, '0.0.0.0/0')]);

    const first = await hub.processBatch([{ id: 'r1', body: target() }]);
    const again = await hub.processBatch([{ id: 'r2', body: target() }]);

    expect(first.groups.map((g) => g.outcome)).toEqual(['compliant']);
    expect(world.published).toEqual([]);
    expect(source.calls).toHaveLength(1);
    expect(again.skipped).toMatchObject([{ recordId: 'r2', reason: 'duplicate' }]);
    expect(again.batchItemFailures).toEqual([]);
  });

  it('raises one account-error alert per sweep, account and region when the role is denied', async () => {
    const { world, hub, source } = setup();
    const denied = { status: 'access-denied' as const, code: 'AccessDenied', message: 'not authorized' };
    source.scripted.push(denied, denied, denied, denied);

    const report = await hub.processBatch([
      { id: 'r1', body: target('s1') },
      { id: 'r2', body: target('s1', ACCOUNT, OTHER_REGION) },
      { id: 'r3', body: target('s1') },
    ]);
    const redelivered = await hub.processBatch([{ id: 'r4', body: target('s1') }]);
    const nextSweep = await hub.processBatch([{ id: 'r5', body: target('s2') }]);

    expect(report.batchItemFailures).toEqual([]);
    expect(report.alerts.map((a) => `${a.kind} ${a.region}`).sort()).toEqual([
      `account-error ${REGION}`,
      `account-error ${OTHER_REGION}`,
    ]);
    expect(report.skipped).toMatchObject([{ recordId: 'r3', reason: 'duplicate' }]);
    expect(report.sweepTargets?.map((t) => t.outcome)).toEqual(['account-error', 'account-error']);
    expect(report.sweepTargets?.[0]?.reason).toContain('is the account enrolled');
    expect(redelivered.alerts).toEqual([]);
    expect(nextSweep.alerts.map((a) => a.kind)).toEqual(['account-error']);
    expect(world.published).toHaveLength(3);
  });

  it('fails the record when the listing is retryable, and sweeps it on redelivery', async () => {
    const { world, hub, source } = setup();
    world.region().seed('sg-ssh', POLICY, [rule(22, '0.0.0.0/0', 'sgr-ssh')]);
    source.scripted.push({ status: 'retryable', code: 'RequestLimitExceeded', message: 'slow down' });

    const first = await hub.processBatch([
      { id: 'r1', body: target() },
      { id: 'r2', body: target('sweep-1', ACCOUNT, OTHER_REGION) },
    ]);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'r1' }]);
    expect(first.sweepTargets?.map((t) => t.outcome)).toEqual(['retry', 'swept']);
    expect(world.published).toEqual([]);
    expect(world.metrics.sum(SWEEP_METRICS.targetsProcessed, { outcome: 'retry' })).toBe(1);

    const retried = await hub.processBatch([{ id: 'r1', body: target() }]);
    expect(retried.batchItemFailures).toEqual([]);
    expect(retried.groups.map((g) => g.outcome)).toEqual(['remediated']);
    expect(world.published).toHaveLength(1);
  });

  it('fails the record when one of its groups hits a retryable failure', async () => {
    const { world, hub } = setup();
    world.region().seed('sg-ssh', POLICY, [rule(22, '0.0.0.0/0', 'sgr-ssh')]);
    world
      .region()
      .scripted.revoke.push({ status: 'retryable', code: 'RequestLimitExceeded', message: 'slow' });

    const report = await hub.processBatch([{ id: 'r1', body: target() }]);

    expect(report.batchItemFailures).toEqual([{ itemIdentifier: 'r1' }]);
    expect(report.sweepTargets?.[0]?.outcome).toBe('retry');
    const again = await hub.processBatch([{ id: 'r1', body: target() }]);
    expect(again.batchItemFailures).toEqual([]);
    expect(world.region().groups.get('sg-ssh')?.rules).toEqual([]);
  });

  it('coalesces a sweep target with an event for the same group into one reconcile', async () => {
    const { world, hub } = setup();
    world.region().seed('sg-1', POLICY, []);
    const added = world.region().add('sg-1', rule(22, '0.0.0.0/0'));
    const event = change({ groupIds: ['sg-1'], rulesAdded: [added] });

    const report = await hub.processBatch([
      { id: 'e1', body: body(event) },
      { id: 't1', body: target() },
    ]);

    expect(report.groups).toHaveLength(1);
    expect(report.groups[0]).toMatchObject({
      groupId: 'sg-1',
      outcome: 'remediated',
      eventIds: [event.eventId],
    });
    expect(report.groups[0]?.result.plan?.violations.map((v) => v.cause)).toEqual(['change']);
    expect(world.region().mutations).toHaveLength(1);
    expect(world.published).toHaveLength(1);
  });

  it('skips an account that is no longer ACTIVE without reconciling or alerting', async () => {
    const { world, hub, source } = setup();
    world.accounts.set(ACCOUNT, { status: 'inactive', id: ACCOUNT, name: 'old', state: 'SUSPENDED' });

    const report = await hub.processBatch([{ id: 'r1', body: target() }]);

    // Listed alongside the lookup (so the listing never waits for it), and the listing discarded.
    expect(source.calls).toEqual([`${ACCOUNT}/${REGION}`]);
    expect(report.groups).toEqual([]);
    expect(world.region().mutations).toEqual([]);
    expect(world.published).toEqual([]);
    expect(report.sweepTargets).toMatchObject([{ outcome: 'skipped', reason: 'account is SUSPENDED' }]);
    expect(report.batchItemFailures).toEqual([]);
  });

  it('retries the record when the account lookup throws', async () => {
    const world = new World();
    const deps = world.deps();
    const hub = createHub({
      ...deps,
      sweep: new FakeSource(world),
      accounts: {
        lookup: async () => {
          throw new Error('organizations throttled');
        },
      },
    });
    const report = await hub.processBatch([{ id: 'r1', body: target() }]);
    expect(report.batchItemFailures).toEqual([{ itemIdentifier: 'r1' }]);
    expect(report.sweepTargets?.[0]?.reason).toContain('organizations throttled');
  });

  it('dead-letters a malformed sweep target, and any sweep target when the hub has no group source', async () => {
    const { world, hub } = setup();
    const bad = JSON.stringify({ guardrail: 'sweep-target', sweepId: 's', account: 'nope', region: REGION });
    const report = await hub.processBatch([{ id: 'r1', body: bad }]);
    expect(report.deadLettered).toMatchObject([{ recordId: 'r1', code: 'invalid-sweep-target' }]);
    expect(world.deadLetters[0]?.reason).toContain('12-digit');

    const plain = createHub(world.deps());
    const unconfigured = await plain.processBatch([{ id: 'r2', body: target() }]);
    expect(unconfigured.deadLettered).toMatchObject([{ recordId: 'r2', code: 'sweep-not-configured' }]);
  });

  it('keeps the alert of a swept group that SNS refused, and acknowledges the target', async () => {
    const { world, hub } = setup();
    world.region().seed('sg-ssh', POLICY, [rule(22, '0.0.0.0/0', 'sgr-ssh')]);
    world.publishFailures = 1;

    const report = await hub.processBatch([{ id: 'r1', body: target() }]);
    expect(report.batchItemFailures).toEqual([]);
    expect(report.sweepTargets?.[0]?.outcome).toBe('swept');
    expect(world.deadLetters.map((d) => [d.code, JSON.parse(d.body).guardrail])).toEqual([
      ['alert-publish-failed', 'alert'],
    ]);
  });

  it('retries the record when the alert of a swept group can be neither published nor kept', async () => {
    const { world, hub } = setup();
    world.region().seed('sg-ssh', POLICY, [rule(22, '0.0.0.0/0', 'sgr-ssh')]);
    world.publishFailures = 1;
    world.deadLetterFailures = 1;

    const report = await hub.processBatch([{ id: 'r1', body: target() }]);
    expect(report.batchItemFailures).toEqual([{ itemIdentifier: 'r1' }]);
    expect(report.sweepTargets?.[0]?.outcome).toBe('retry');
  });
});

describe('createHub: re-check targets', () => {
  const due = new Date('2026-01-01T00:20:00.000Z');
  const recheck = (notBefore: Date) =>
    JSON.stringify(recheckTarget({ account: ACCOUNT, region: REGION, groupId: 'sg-ssh' }, notBefore));

  it('reads and reconciles the groups it names, without listing the account', async () => {
    const sent: { body: string; delay: number }[] = [];
    const { world, hub, source } = setup({
      now: () => due,
      recheck: { send: async (body, delay) => void sent.push({ body, delay }) },
    });
    world.region().seed('sg-ssh', POLICY, [rule(22, '0.0.0.0/0', 'sgr-ssh')]);
    const report = await hub.processBatch([{ id: 'r1', body: recheck(due) }]);
    expect(source.calls).toEqual([]);
    expect(report.groups.map((g) => `${g.groupId} ${g.outcome}`)).toEqual(['sg-ssh remediated']);
    expect(report.sweepTargets).toMatchObject([{ outcome: 'swept', groups: 1 }]);
    expect(sent).toEqual([]);
  });

  it('puts an early one back on the queue for the rest of the wait, and leaves the group alone', async () => {
    const sent: { body: string; delay: number }[] = [];
    const early = new Date(due.getTime() - 5 * 60_000);
    const { world, hub } = setup({
      now: () => early,
      recheck: { send: async (body, delay) => void sent.push({ body, delay }) },
    });
    world.region().seed('sg-ssh', POLICY, [rule(22, '0.0.0.0/0', 'sgr-ssh')]);
    const report = await hub.processBatch([{ id: 'r1', body: recheck(due) }]);
    expect(report.groups).toEqual([]);
    expect(report.batchItemFailures).toEqual([]);
    expect(report.sweepTargets).toMatchObject([
      { outcome: 'skipped', reason: expect.stringContaining('300 s') },
    ]);
    expect(sent.map((s) => s.delay)).toEqual([300]);
    expect(JSON.parse(sent[0]!.body)).toMatchObject({ groupIds: ['sg-ssh'], notBefore: due.toISOString() });
  });

  it('retries an early one it cannot put back', async () => {
    const { hub } = setup({
      now: () => new Date(due.getTime() - 60_000),
      recheck: {
        send: async () => {
          throw new Error('throttled');
        },
      },
    });
    const report = await hub.processBatch([{ id: 'r1', body: recheck(due) }]);
    expect(report.batchItemFailures).toEqual([{ itemIdentifier: 'r1' }]);
  });
});
