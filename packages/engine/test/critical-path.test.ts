/**
 * The event path's sequential steps (design.md section 9) with a shared state store: every port
 * call is recorded as it starts and ends, each taking one turn of the event loop, so calls that
 * overlap ran in parallel and the longest chain of calls one after the other is the critical path.
 */
import {
  type BreakerStore,
  CircuitBreaker,
  createHub,
  type DedupeStore,
  type HubDeps,
  InMemoryBreakerStore,
  InMemoryDedupeStore,
  type OptedInGroupsResult,
  type SecurityGroupPort,
  sweepTargetBody,
} from '../src';
import type { AccountLookup } from '../src/ports';
import { ACCOUNT, body, change, REGION, rule, World } from './support/fakes';

const POLICY = { 'guardrail:policy': 'no-ssh' };

/** Start and end of every call, in order. */
class Timeline {
  readonly entries: string[] = [];
  async call<T>(name: string, work: () => Promise<T>): Promise<T> {
    this.entries.push(`start ${name}`);
    await new Promise((resolve) => setImmediate(resolve));
    const result = await work();
    this.entries.push(`end ${name}`);
    return result;
  }
  names(): string[] {
    return this.entries.filter((e) => e.startsWith('start ')).map((e) => e.slice(6));
  }
  private at(entry: string): number {
    const index = this.entries.indexOf(entry);
    if (index < 0) throw new Error(`no "${entry}" in ${this.entries.join(', ')}`);
    return index;
  }
  /** Both were in flight at once. */
  overlap(a: string, b: string): boolean {
    return this.at(`start ${a}`) < this.at(`end ${b}`) && this.at(`start ${b}`) < this.at(`end ${a}`);
  }
  /** `b` started after `a` ended. */
  after(a: string, b: string): boolean {
    return this.at(`end ${a}`) < this.at(`start ${b}`);
  }
  /** The longest chain of calls each starting after the previous one ended (greedy by earliest end). */
  sequentialSteps(): string[] {
    const calls = this.names().map((name) => ({
      name,
      start: this.at(`start ${name}`),
      end: this.at(`end ${name}`),
    }));
    calls.sort((a, b) => a.end - b.end);
    const chain: string[] = [];
    let lastEnd = -1;
    for (const call of calls) {
      if (call.start > lastEnd) {
        chain.push(call.name);
        lastEnd = call.end;
      }
    }
    return chain;
  }
}

/** A dedupe store shared by instances (as DynamoDB's): every call recorded. */
function sharedDedupe(timeline: Timeline, inner = new InMemoryDedupeStore()): DedupeStore {
  return {
    remote: true,
    claim: (key) => timeline.call(`claim ${key}`, () => inner.claim(key)),
    complete: (keys) => timeline.call(`complete ${keys.join(' ')}`, () => inner.complete(keys)),
    release: (keys) => timeline.call(`release ${keys.join(' ')}`, () => inner.release(keys)),
  };
}

function recordedBreaker(timeline: Timeline, maxRemediations = 5): CircuitBreaker {
  const inner = new InMemoryBreakerStore();
  const store: BreakerStore = {
    read: (g, now, o) => timeline.call(`breaker-read ${g.groupId}`, () => inner.read(g, now, o)),
    claimAlert: (g, f, now, o) =>
      timeline.call(`breaker-alert ${g.groupId}`, () => inner.claimAlert(g, f, now, o)),
    record: (g, fs, now, o) => timeline.call(`breaker-count ${g.groupId}`, () => inner.record(g, fs, now, o)),
  };
  return new CircuitBreaker({ maxRemediations, windowMinutes: 10 }, store);
}

function recordedDeps(world: World, timeline: Timeline): Partial<HubDeps> {
  const deps = world.deps();
  return {
    gateways: (account, region): SecurityGroupPort => {
      const ec2 = world.region(account, region);
      return {
        readGroup: (groupId) => timeline.call(`read ${groupId}`, () => ec2.readGroup(groupId)),
        revoke: (groupId, direction, items) =>
          timeline.call(`revoke ${groupId}`, () => ec2.revoke(groupId, direction, items)),
        authorize: (groupId, direction, permissions) =>
          timeline.call(`authorize ${groupId}`, () => ec2.authorize(groupId, direction, permissions)),
        updateDescriptions: (groupId, direction, items) =>
          timeline.call(`describe ${groupId}`, () => ec2.updateDescriptions(groupId, direction, items)),
        tag: (groupId, tags) => timeline.call(`tag ${groupId}`, () => ec2.tag(groupId, tags)),
      };
    },
    alerts: {
      publish: (alert) => timeline.call(`publish ${alert.subject}`, () => deps.alerts.publish(alert)),
    },
  };
}

/** Someone opens SSH to the world on the group: the change. */
function opened(world: World, groupId = 'sg-1') {
  const added = world.region().add(groupId, rule(22, '0.0.0.0/0'));
  return change({ groupIds: [groupId], rulesAdded: [added] });
}

describe('the critical path with a shared state store', () => {
  it('claims, reads the group and reads the breaker at once; then reverts; then publishes, counts and completes at once', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const c = opened(world);
    const timeline = new Timeline();
    const hub = createHub({
      ...world.deps(),
      ...recordedDeps(world, timeline),
      dedupe: sharedDedupe(timeline),
      breaker: recordedBreaker(timeline),
    });

    const report = await hub.processBatch([{ id: 'r1', body: body(c) }]);

    expect(report.groups.map((g) => g.outcome)).toEqual(['remediated']);
    const claim = `claim event#${c.eventId}`;
    const complete = `complete event#${c.eventId}`;
    expect(timeline.overlap(claim, 'read sg-1')).toBe(true);
    expect(timeline.overlap(claim, 'breaker-read sg-1')).toBe(true);
    expect(timeline.overlap('read sg-1', 'breaker-read sg-1')).toBe(true);
    for (const first of [claim, 'read sg-1', 'breaker-read sg-1'])
      expect(timeline.after(first, 'revoke sg-1')).toBe(true);
    for (const last of ['publish remediation sg-1', 'breaker-count sg-1', complete])
      expect(timeline.after('revoke sg-1', last)).toBe(true);
    expect(timeline.overlap('publish remediation sg-1', 'breaker-count sg-1')).toBe(true);
    expect(timeline.overlap('publish remediation sg-1', complete)).toBe(true);
    expect(timeline.sequentialSteps()).toHaveLength(3);
    expect(timeline.names()).toHaveLength(7);
  });

  it('discards the read of an event another instance holds: nothing reverted, nothing alerted, the record failed', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const c = opened(world);
    const inner = new InMemoryDedupeStore();
    expect(await inner.claim(`event#${c.eventId}`)).toBe('claimed');
    const timeline = new Timeline();
    const hub = createHub({
      ...world.deps(),
      ...recordedDeps(world, timeline),
      dedupe: sharedDedupe(timeline, inner),
      breaker: recordedBreaker(timeline),
    });

    const report = await hub.processBatch([{ id: 'r1', body: body(c) }]);

    // Read alongside the claim, then dropped.
    expect(timeline.names()).toEqual(
      expect.arrayContaining([`claim event#${c.eventId}`, 'read sg-1', 'breaker-read sg-1']),
    );
    expect(report.groups).toEqual([]);
    expect(report.skipped).toMatchObject([{ recordId: 'r1', reason: 'in-progress' }]);
    expect(report.batchItemFailures).toEqual([{ itemIdentifier: 'r1' }]);
    expect(world.region().mutations).toEqual([]);
    expect(world.published).toEqual([]);
    expect(timeline.names().filter((n) => /^(complete|release|breaker-count)/.test(n))).toEqual([]);
  });

  it('acts on a group with only the changes whose claims it won', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const mine = opened(world);
    const theirs = opened(world);
    const inner = new InMemoryDedupeStore();
    expect(await inner.claim(`event#${theirs.eventId}`)).toBe('claimed');
    const hub = createHub({ ...world.deps(), dedupe: sharedDedupe(new Timeline(), inner) });

    const report = await hub.processBatch([
      { id: 'mine', body: body(mine) },
      { id: 'theirs', body: body(theirs) },
    ]);

    expect(report.groups).toMatchObject([
      { groupId: 'sg-1', outcome: 'remediated', eventIds: [mine.eventId] },
    ]);
    expect(report.batchItemFailures).toEqual([{ itemIdentifier: 'theirs' }]);
    expect(world.published).toHaveLength(1);
  });

  it('reopens the completed claim when the alert can be neither published nor kept, so the retry is not a duplicate', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    world.publishFailures = 1;
    world.deadLetterFailures = 1;
    const c = opened(world);
    const timeline = new Timeline();
    const dedupe = sharedDedupe(timeline);
    const hub = createHub({ ...world.deps(), dedupe });

    const first = await hub.processBatch([{ id: 'r1', body: body(c) }]);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'r1' }]);
    expect(timeline.after(`complete event#${c.eventId}`, `release event#${c.eventId}`)).toBe(true);

    const retry = await hub.processBatch([{ id: 'r1', body: body(c) }]);
    expect(retry.skipped).toEqual([]);
    expect(retry.batchItemFailures).toEqual([]);
  });

  it('completes the claim when an alert SNS refused is kept in the dead-letter queue', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    world.publishFailures = 1;
    const c = opened(world);
    const timeline = new Timeline();
    const hub = createHub({ ...world.deps(), dedupe: sharedDedupe(timeline) });

    const first = await hub.processBatch([{ id: 'r1', body: body(c) }]);
    expect(first.batchItemFailures).toEqual([]);
    expect(timeline.names()).toContain(`complete event#${c.eventId}`);
    expect(timeline.names()).not.toContain(`release event#${c.eventId}`);
    const again = await hub.processBatch([{ id: 'r1', body: body(c) }]);
    expect(again.skipped).toMatchObject([{ reason: 'duplicate' }]);
  });

  it('raises the contested alert once, from the reading taken with the group', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const timeline = new Timeline();
    const hub = createHub({
      ...world.deps(),
      ...recordedDeps(world, timeline),
      dedupe: sharedDedupe(timeline),
      breaker: recordedBreaker(timeline, 1),
    });
    const fight = () => hub.processBatch([{ id: 'r', body: body(opened(world)) }]);

    expect((await fight()).groups[0]?.outcome).toBe('remediated');
    expect((await fight()).groups[0]?.outcome).toBe('contested');
    expect((await fight()).groups[0]?.outcome).toBe('contested');
    expect(world.published.map((a) => a.subject)).toEqual(['remediation sg-1', 'contested sg-1']);
    expect(timeline.names().filter((n) => n.startsWith('breaker-alert'))).toHaveLength(1);
    expect(world.region().mutations).toHaveLength(1);
  });
});

describe('the sweep with a shared state store', () => {
  it('claims its targets at once, and reads the breaker only for the groups whose plan has actions', async () => {
    const world = new World();
    world.region().seed('sg-drift', POLICY, [rule(22, '0.0.0.0/0', 'sgr-ssh')]);
    world.region().seed('sg-ok', POLICY, [rule(443, '0.0.0.0/0', 'sgr-web')]);
    world.accounts.set('222222222222', { status: 'active', id: '222222222222', name: 'staging' });
    const timeline = new Timeline();
    const sweep = {
      list: async (account: string, region: string): Promise<OptedInGroupsResult> => ({
        status: 'listed',
        groups: [...world.region(account, region).groups.values()].map((g) => structuredClone(g)),
      }),
    };
    const hub = createHub({
      ...world.deps(),
      ...recordedDeps(world, timeline),
      dedupe: sharedDedupe(timeline),
      breaker: recordedBreaker(timeline),
      sweep,
    });

    const report = await hub.processBatch([
      { id: 'r1', body: sweepTargetBody('s-1', ACCOUNT, REGION) },
      { id: 'r2', body: sweepTargetBody('s-1', '222222222222', REGION) },
    ]);

    expect(report.batchItemFailures).toEqual([]);
    expect(report.groups.map((g) => `${g.groupId} ${g.outcome}`).sort()).toEqual([
      'sg-drift remediated',
      'sg-ok compliant',
    ]);
    expect(
      timeline.overlap(
        `claim sweep#sweep/s-1/${ACCOUNT}/${REGION}`,
        `claim sweep#sweep/s-1/222222222222/${REGION}`,
      ),
    ).toBe(true);
    expect(timeline.names().filter((n) => n.startsWith('breaker-read'))).toEqual(['breaker-read sg-drift']);
    expect(timeline.after('breaker-read sg-drift', 'revoke sg-drift')).toBe(true);
  });
});

describe("the account's session and its membership", () => {
  /** The gateway of recordedDeps with a session that opens in one call (or fails as the role would). */
  function withSession(
    world: World,
    timeline: Timeline,
    failure?: { code: string },
    cached: (id: string) => AccountLookup | undefined = () => undefined,
  ) {
    const deps = recordedDeps(world, timeline);
    const lookup = world.deps().accounts.lookup;
    return {
      ...deps,
      gateways: (account: string, region: string): SecurityGroupPort => ({
        ...deps.gateways!(account, region),
        openSession: () =>
          timeline.call(`session ${account}`, async () =>
            failure ? { status: 'access-denied' as const, code: failure.code, message: 'denied' } : undefined,
          ),
      }),
      accounts: { lookup: (id: string) => timeline.call(`membership ${id}`, () => lookup(id)), cached },
    };
  }

  it('opens the session while the membership is looked up, and reads the group only after it says ACTIVE', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const c = opened(world);
    const timeline = new Timeline();
    const hub = createHub({ ...world.deps(), ...withSession(world, timeline) });

    const report = await hub.processBatch([{ id: 'r1', body: body(c) }]);

    expect(report.groups.map((g) => g.outcome)).toEqual(['remediated']);
    expect(timeline.overlap(`session ${ACCOUNT}`, `membership ${ACCOUNT}`)).toBe(true);
    expect(timeline.after(`membership ${ACCOUNT}`, 'read sg-1')).toBe(true);
    expect(timeline.after(`session ${ACCOUNT}`, 'read sg-1')).toBe(true);
  });

  it('never reads a group of an account outside the organization, even with its session open', async () => {
    const world = new World();
    const stranger = '222222222222';
    world.region(stranger).seed('sg-9', POLICY, []);
    const timeline = new Timeline();
    const hub = createHub({ ...world.deps(), ...withSession(world, timeline) });

    const report = await hub.processBatch([
      { id: 'r1', body: body(change({ account: stranger, groupIds: ['sg-9'] })) },
    ]);

    expect(report.groups.map((g) => g.outcome)).toEqual(['account-error']);
    expect(report.groups[0]?.reason).toContain('not a member of the organization');
    expect(timeline.names()).not.toContain('read sg-9');
    expect(world.region(stranger).reads).toEqual([]);
    expect(world.region(stranger).mutations).toEqual([]);
  });

  it("takes a session that fails (the role missing or denied) as the read's failure: no read, one attempt", async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const c = opened(world);
    const timeline = new Timeline();
    const hub = createHub({ ...world.deps(), ...withSession(world, timeline, { code: 'AccessDenied' }) });

    const report = await hub.processBatch([{ id: 'r1', body: body(c) }]);

    expect(report.groups).toMatchObject([{ groupId: 'sg-1', outcome: 'account-error' }]);
    expect(report.groups[0]?.reason).toContain('AccessDenied');
    expect(timeline.names().filter((n) => n.startsWith('session '))).toEqual([`session ${ACCOUNT}`]);
    expect(timeline.names()).not.toContain('read sg-1');
    expect(world.published.map((p) => p.subject)).toEqual([`account-error ${ACCOUNT}`]);
  });

  it('opens no session in an account already known not to be a member: no call into it at all', async () => {
    const world = new World();
    const stranger = '222222222222';
    world.region(stranger).seed('sg-9', POLICY, []);
    const timeline = new Timeline();
    const known = (id: string): AccountLookup | undefined =>
      id === stranger ? { status: 'not-member', id } : undefined;
    const hub = createHub({ ...world.deps(), ...withSession(world, timeline, undefined, known) });

    const report = await hub.processBatch([
      { id: 'r1', body: body(change({ account: stranger, groupIds: ['sg-9'] })) },
    ]);

    expect(report.groups.map((g) => g.outcome)).toEqual(['account-error']);
    expect(timeline.names().filter((n) => n.includes(stranger))).toEqual([
      `publish account-error ${stranger}`,
    ]);
    expect(world.region(stranger).reads).toEqual([]);
  });

  it('reads at once, with no early session, an account already known ACTIVE', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const c = opened(world);
    const timeline = new Timeline();
    const known = (id: string): AccountLookup | undefined =>
      id === ACCOUNT ? { status: 'active', id, name: 'prod' } : undefined;
    const hub = createHub({ ...world.deps(), ...withSession(world, timeline, undefined, known) });

    const report = await hub.processBatch([{ id: 'r1', body: body(c) }]);

    expect(report.groups.map((g) => g.outcome)).toEqual(['remediated']);
    expect(timeline.names()).not.toContain(`session ${ACCOUNT}`);
    expect(timeline.names()).not.toContain(`membership ${ACCOUNT}`);
    expect(timeline.names()).toContain('read sg-1');
  });

  it('falls back to one plain read when the port cannot open a session (it throws)', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const c = opened(world);
    const timeline = new Timeline();
    const deps = withSession(world, timeline);
    const hub = createHub({
      ...world.deps(),
      ...deps,
      gateways: (account, region) => ({
        ...deps.gateways(account, region),
        openSession: () => {
          throw new Error('no session here');
        },
      }),
    });

    const report = await hub.processBatch([{ id: 'r1', body: body(c) }]);

    expect(report.groups.map((g) => g.outcome)).toEqual(['remediated']);
    expect(timeline.names().filter((n) => n === 'read sg-1')).toHaveLength(1);
  });
});
