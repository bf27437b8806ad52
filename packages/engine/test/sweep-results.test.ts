/**
 * The sweep's stored results on the engine's fakes: the manifest a full sweep writes before its
 * targets, and the result each finished target writes once its batch is done (never one that will
 * be retried). A write that fails is logged and metered, never a failed sweep or record.
 */
import {
  parseSweepManifest,
  parseSweepTargetResult,
  type SweepManifest,
  type SweepTargetResult,
  sweepResultKeys,
} from '@guardrail/core';
import {
  createHub,
  type DedupeStore,
  type HubDeps,
  InMemoryDedupeStore,
  type OptedInGroupsResult,
  planSweep,
  SWEEP_METRICS,
  type SweepGroupSource,
  type SweepResultsPort,
  type SweepResultsWrite,
  sweepTargetBody,
} from '../src';
import { recheckTarget } from '../src/sweep/messages';
import {
  ACCOUNT,
  body,
  change,
  REGION,
  RecordingLogger,
  RecordingMetrics,
  rule,
  World,
} from './support/fakes';

const TAG = 'guardrail:policy';
const POLICY = { [TAG]: 'no-ssh' };

/** Keeps every document as the bucket would (JSON at its key); `failures` answer the next writes. */
class FakeResults implements SweepResultsPort {
  readonly objects = new Map<string, string>();
  readonly failures: (SweepResultsWrite | Error)[] = [];

  async putManifest(manifest: SweepManifest): Promise<SweepResultsWrite> {
    return this.put(sweepResultKeys.manifest(manifest.sweepId), manifest);
  }

  async putTargetResult(result: SweepTargetResult): Promise<SweepResultsWrite> {
    return this.put(sweepResultKeys.target(result.sweepId, result.account, result.region), result);
  }

  /** The target's result as the reader parses it back. */
  target(sweepId: string, account = ACCOUNT, region = REGION): SweepTargetResult | undefined {
    const key = sweepResultKeys.target(sweepId, account, region);
    const text = this.objects.get(key);
    return text === undefined ? undefined : parseSweepTargetResult(text, key);
  }

  private async put(key: string, document: object): Promise<SweepResultsWrite> {
    const failure = this.failures.shift();
    if (failure instanceof Error) throw failure;
    if (failure) return failure;
    this.objects.set(key, JSON.stringify(document));
    return { status: 'written' };
  }
}

class FakeSource implements SweepGroupSource {
  readonly scripted: OptedInGroupsResult[] = [];
  constructor(private readonly world: World) {}
  async list(account: string, region: string): Promise<OptedInGroupsResult> {
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
  const results = new FakeResults();
  const hub = createHub({ ...world.deps(), sweep: source, sweepResults: results, ...overrides });
  return { world, source, results, hub };
}

const target = (sweepId = 'sweep-1') => sweepTargetBody(sweepId, ACCOUNT, REGION);

describe('the hub writes each finished sweep target', () => {
  it('writes a swept target with every opted-in group as judged (before its remediation)', async () => {
    const { world, hub, results } = setup();
    const ec2 = world.region();
    ec2.seed('sg-ssh', POLICY, [rule(22, '0.0.0.0/0', 'sgr-ssh')]);
    ec2.seed('sg-ok', POLICY, [rule(443, '0.0.0.0/0', 'sgr-ok')]);
    ec2.seed('sg-audit', { ...POLICY, 'guardrail:mode': 'audit' }, [rule(22, '0.0.0.0/0', 'sgr-a')]);
    ec2.seed('sg-typo', { [TAG]: 'unknown' }, []);
    ec2.seed('sg-untagged', {}, [rule(22, '0.0.0.0/0', 'sgr-free')]);

    const report = await hub.processBatch([{ id: 'r1', body: target() }]);

    expect(report.batchItemFailures).toEqual([]);
    const result = results.target('sweep-1');
    expect(result).toMatchObject({
      schemaVersion: 1,
      sweepId: 'sweep-1',
      account: ACCOUNT,
      accountName: 'prod',
      region: REGION,
      writtenAt: world.clock.toISOString(),
      outcome: 'swept',
    });
    const byId = Object.fromEntries((result?.groups ?? []).map((g) => [g.groupId, g]));
    expect(Object.keys(byId).sort()).toEqual(['sg-audit', 'sg-ok', 'sg-ssh', 'sg-typo']);
    expect(byId['sg-ssh']).toMatchObject({
      groupName: 'name-sg-ssh',
      vpcId: 'vpc-1',
      policy: 'no-ssh',
      mode: 'enforce',
      status: 'violating',
      severity: 'critical',
      violations: [{ code: 'denied', rule: 'tcp 22 from 0.0.0.0/0' }],
    });
    expect(byId['sg-audit']).toMatchObject({ mode: 'audit', status: 'violating' });
    expect(byId['sg-ok']).toMatchObject({ status: 'compliant', severity: 'info', violations: [] });
    expect(byId['sg-typo']).toMatchObject({
      status: 'misconfigured',
      misconfiguration: 'unknown policy "unknown"',
    });
    // Enforced: the group is fixed, and the result still says what the sweep found.
    expect(ec2.groups.get('sg-ssh')?.rules).toEqual([]);
    expect(world.metrics.sum(SWEEP_METRICS.resultsWritten, { document: 'target' })).toBe(1);
  });

  it('writes an account that cannot be read as an account error, and one no longer ACTIVE as skipped', async () => {
    const { world, hub, source, results } = setup();
    source.scripted.push({ status: 'access-denied', code: 'AccessDenied', message: 'not authorized' });
    await hub.processBatch([{ id: 'r1', body: target('s1') }]);
    expect(results.target('s1')).toMatchObject({ outcome: 'account-error', accountName: 'prod', groups: [] });
    expect(results.target('s1')?.reason).toContain('AccessDenied: not authorized');

    world.accounts.set(ACCOUNT, { status: 'inactive', id: ACCOUNT, name: 'old', state: 'SUSPENDED' });
    await hub.processBatch([{ id: 'r2', body: target('s2') }]);
    expect(results.target('s2')).toMatchObject({
      outcome: 'skipped',
      accountName: 'old',
      reason: 'account is SUSPENDED',
    });

    world.accounts.delete(ACCOUNT);
    await hub.processBatch([{ id: 'r3', body: target('s3') }]);
    expect(results.target('s3')).toMatchObject({ outcome: 'skipped', reason: 'account is not a member' });
    expect(results.target('s3')).not.toHaveProperty('accountName');
  });

  it('writes nothing for a target that will be retried: its redelivery writes it', async () => {
    const { world, hub, source, results } = setup();
    world.region().seed('sg-ssh', POLICY, [rule(22, '0.0.0.0/0', 'sgr-ssh')]);
    source.scripted.push({ status: 'retryable', code: 'RequestLimitExceeded', message: 'slow down' });

    const first = await hub.processBatch([{ id: 'r1', body: target() }]);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'r1' }]);
    expect(results.objects.size).toBe(0);

    await hub.processBatch([{ id: 'r1', body: target() }]);
    expect(results.target('sweep-1')?.groups.map((g) => g.groupId)).toEqual(['sg-ssh']);
  });

  it('writes nothing for re-checks of some groups nor for forwarding-only targets', async () => {
    const { world, hub, results } = setup();
    world.region().seed('sg-1', POLICY, []);
    const recheck = recheckTarget({ account: ACCOUNT, region: REGION, groupId: 'sg-1' }, new Date(0));
    await hub.processBatch([
      { id: 'r1', body: JSON.stringify(recheck) },
      { id: 'r2', body: sweepTargetBody('light-1', ACCOUNT, REGION, 'forwarding') },
    ]);
    expect(results.objects.size).toBe(0);
  });

  it('shows a group whose reconcile could not read it as unreadable, with the reason', async () => {
    // A shared claim store: the event's read of the group starts at once, before the listing.
    const local = new InMemoryDedupeStore();
    const dedupe: DedupeStore = {
      remote: true,
      claim: (key) => local.claim(key),
      complete: (keys) => local.complete(keys),
      release: (keys) => local.release(keys),
    };
    const { world, hub, results } = setup({ dedupe });
    const ec2 = world.region();
    ec2.seed('sg-1', POLICY, []);
    const added = ec2.add('sg-1', rule(22, '0.0.0.0/0'));
    // That read is refused; the listing (the sweep's read) still works.
    ec2.scripted.read.push({ status: 'access-denied', code: 'UnauthorizedOperation', message: 'no' });

    const report = await hub.processBatch([
      { id: 'e1', body: body(change({ groupIds: ['sg-1'], rulesAdded: [added] })) },
      { id: 't1', body: target() },
    ]);

    expect(report.groups.map((g) => g.outcome)).toEqual(['account-error']);
    expect(results.target('sweep-1')?.groups).toEqual([
      expect.objectContaining({ groupId: 'sg-1', status: 'unreadable', severity: 'high' }),
    ]);
    expect(results.target('sweep-1')?.groups[0]?.reason).toContain('UnauthorizedOperation: no');
  });

  it('logs and meters a write that fails or throws, and still acknowledges the record', async () => {
    const { world, hub, results } = setup();
    results.failures.push({ status: 'access-denied', code: 'AccessDenied', message: 'no PutObject' });
    const report = await hub.processBatch([{ id: 'r1', body: target('s1') }]);
    expect(report.batchItemFailures).toEqual([]);
    results.failures.push(new Error('socket hang up'));
    expect((await hub.processBatch([{ id: 'r2', body: target('s2') }])).batchItemFailures).toEqual([]);

    expect(results.objects.size).toBe(0);
    expect(world.metrics.sum(SWEEP_METRICS.resultWriteFailures, { document: 'target' })).toBe(2);
    expect(world.logger.find('sweep result not written: the report will show it as not read')).toMatchObject([
      {
        level: 'WARN',
        attributes: { sweepId: 's1', document: 'target', status: 'access-denied', code: 'AccessDenied' },
      },
      { attributes: { sweepId: 's2', status: 'failed', code: 'Error', reason: 'Error: socket hang up' } },
    ]);
  });

  it('writes nothing without a results port', async () => {
    const world = new World();
    const hub = createHub({ ...world.deps(), sweep: new FakeSource(world) });
    const report = await hub.processBatch([{ id: 'r1', body: target() }]);
    expect(report.sweepTargets?.[0]?.posture).toEqual({ accountName: 'prod', groups: [] });
    expect(world.metrics.sum(SWEEP_METRICS.resultsWritten)).toBe(0);
  });
});

describe('planSweep writes the manifest', () => {
  const ACCOUNTS = [{ id: '100000000001', name: 'prod' }, { id: '100000000002' }];
  const deps = (results: FakeResults, order: string[] = []) => ({
    accounts: { listActive: async () => ACCOUNTS },
    queue: {
      sendBatch: async (entries: { id: string; body: string }[]) => {
        order.push(`enqueue ${entries.length}`);
        return { failed: [] };
      },
    },
    regions: ['eu-west-1', 'us-east-1'],
    now: () => new Date('2026-03-01T02:00:00Z'),
    results: {
      putManifest: async (m: SweepManifest) => {
        order.push('manifest');
        return results.putManifest(m);
      },
      putTargetResult: (r: SweepTargetResult) => results.putTargetResult(r),
    },
    logger: new RecordingLogger(),
    metrics: new RecordingMetrics(),
  });

  it('lists every planned target, before any target is enqueued', async () => {
    const results = new FakeResults();
    const order: string[] = [];
    const d = deps(results, order);
    const plan = await planSweep(d, { sweepId: 'nightly-1' });

    expect(plan.manifest).toBe('written');
    // Two accounts: one message each, naming both regions.
    expect(order).toEqual(['manifest', 'enqueue 2']);
    const key = sweepResultKeys.manifest('nightly-1');
    expect(parseSweepManifest(results.objects.get(key) ?? '', key)).toEqual({
      schemaVersion: 1,
      sweepId: 'nightly-1',
      plannedAt: '2026-03-01T02:00:00.000Z',
      targets: [
        { account: '100000000001', accountName: 'prod', region: 'eu-west-1' },
        { account: '100000000001', accountName: 'prod', region: 'us-east-1' },
        { account: '100000000002', region: 'eu-west-1' },
        { account: '100000000002', region: 'us-east-1' },
      ],
    });
    expect(d.metrics.sum(SWEEP_METRICS.resultsWritten, { document: 'manifest' })).toBe(1);
  });

  it('still sweeps when the manifest cannot be written: enforcement first', async () => {
    const results = new FakeResults();
    results.failures.push({ status: 'retryable', code: 'SlowDown', message: 'reduce your request rate' });
    const d = deps(results);
    const plan = await planSweep(d, { sweepId: 'nightly-2' });
    expect(plan).toMatchObject({ manifest: 'not-written', enqueued: 4 });
    expect(d.metrics.sum(SWEEP_METRICS.resultWriteFailures, { document: 'manifest' })).toBe(1);
    expect(d.logger.find('sweep result not written: the report will show it as not read')).toMatchObject([
      { attributes: { sweepId: 'nightly-2', document: 'manifest', code: 'SlowDown' } },
    ]);
  });

  it('writes no manifest for a forwarding-only sweep (it judges no group)', async () => {
    const results = new FakeResults();
    const plan = await planSweep(deps(results), { sweepId: 'light-1', checks: 'forwarding' });
    expect(plan).not.toHaveProperty('manifest');
    expect(results.objects.size).toBe(0);
  });
});
