/**
 * No alert is ever lost: the hub records what it is about to do before it mutates a group, and a
 * later reconcile that finds the group already as wanted publishes what is still owed, once.
 */
import { createHub, InMemoryOutboxStore } from '../src';
import { ACCOUNT, body, change, rule, World } from './support/fakes';

const POLICY = { 'guardrail:policy': 'no-ssh' };

function sshOpened(world: World) {
  const added = world.region().add('sg-1', rule(22, '0.0.0.0/0'));
  return change({ rulesAdded: [added] });
}

/** Lets every pending promise callback run (the hung batch reaches its publish). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the outbox of owed alerts', () => {
  it('a hub that dies after its revert, before SNS answers: the retry publishes the alert, exactly once', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const outbox = new InMemoryOutboxStore();
    const opened = sshOpened(world);
    // The first instance reverts, then its publish never returns (the Lambda times out, the record comes back).
    const dying = createHub({ ...world.deps(), outbox, alerts: { publish: () => new Promise(() => {}) } });
    void dying.processBatch([{ id: 'r1', body: body(opened) }]);
    for (let i = 0; i < 20; i++) await settle();
    expect(world.region().groups.get('sg-1')?.rules).toEqual([]);
    expect(world.published).toEqual([]);

    // The redelivery after the visibility timeout reaches another instance: the group is as wanted.
    world.clock = new Date(world.clock.getTime() + 5 * 60_000);
    const next = createHub({ ...world.deps(), outbox });
    const retried = await next.processBatch([{ id: 'r1', body: body(opened) }]);
    expect(retried.groups.map((g) => g.outcome)).toEqual(['compliant']);
    expect(world.published.map((a) => a.subject)).toEqual(['remediation sg-1']);
    expect(
      world.logger.find('an alert owed for a group is published late: its hub stopped after acting'),
    ).toHaveLength(1);

    // Told once: a further event on the compliant group owes nothing.
    await next.processBatch([{ id: 'r2', body: body(change()) }]);
    expect(world.published).toHaveLength(1);
  });

  it('an alert that went out settles its record: nothing is owed afterwards', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const outbox = new InMemoryOutboxStore();
    const hub = createHub({ ...world.deps(), outbox });
    await hub.processBatch([{ id: 'r1', body: body(sshOpened(world)) }]);
    expect(world.published).toHaveLength(1);
    expect(await outbox.recall({ account: ACCOUNT, region: 'eu-west-1', groupId: 'sg-1' })).toBeUndefined();
    world.clock = new Date(world.clock.getTime() + 5 * 60_000);
    await hub.processBatch([{ id: 'r2', body: body(change()) }]);
    expect(world.published).toHaveLength(1);
  });

  it('an owed alert younger than the claim lifetime is left to the instance that recorded it', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const outbox = new InMemoryOutboxStore();
    const opened = sshOpened(world);
    const slow = createHub({ ...world.deps(), outbox, alerts: { publish: () => new Promise(() => {}) } });
    void slow.processBatch([{ id: 'r1', body: body(opened) }]);
    for (let i = 0; i < 20; i++) await settle();
    // Another event on the same group, seconds later, on another instance: it may still publish.
    await createHub({ ...world.deps(), outbox }).processBatch([{ id: 'r2', body: body(change()) }]);
    expect(world.published).toEqual([]);
  });

  it('a failing outbox store costs the guarantee, never the revert', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const broken = {
      open: async () => Promise.reject(new Error('dynamodb down')),
      recall: async () => Promise.reject(new Error('dynamodb down')),
      close: async () => Promise.reject(new Error('dynamodb down')),
    };
    await createHub({ ...world.deps(), outbox: broken }).processBatch([
      { id: 'r1', body: body(sshOpened(world)) },
    ]);
    expect(world.region().groups.get('sg-1')?.rules).toEqual([]);
    expect(world.published).toHaveLength(1);
    expect(world.logger.lines.filter((l) => l.message.startsWith('state store open failed'))).toHaveLength(1);
  });
});
