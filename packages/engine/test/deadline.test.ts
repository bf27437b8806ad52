/**
 * One hung account does not time out a batch: a group that cannot be reconciled before the
 * invocation's deadline is failed for retry in time, and the batch's other groups are reconciled
 * and alerted as usual.
 */
import { createHub } from '../src';
import { ACCOUNT, body, change, REGION, rule, World } from './support/fakes';

const OTHER = '222222222222';
const POLICY = { 'guardrail:policy': 'no-ssh' };

describe('the batch deadline', () => {
  it('retries the group of a hung account and reconciles the rest before the deadline', async () => {
    const world = new World();
    world.accounts.set(OTHER, { status: 'active', id: OTHER, name: 'hung' });
    world.region().seed('sg-1', POLICY, []);
    const opened = world.region().add('sg-1', rule(22, '0.0.0.0/0'));
    const deps = world.deps();
    const hub = createHub({
      ...deps,
      gateways: (account, region) => {
        const ec2 = world.region(account, region);
        // The other account's endpoint never answers.
        return account === OTHER
          ? {
              ...ec2,
              readGroup: () => new Promise(() => {}),
              tag: ec2.tag.bind(ec2),
              revoke: ec2.revoke.bind(ec2),
              authorize: ec2.authorize.bind(ec2),
              updateDescriptions: ec2.updateDescriptions.bind(ec2),
            }
          : ec2;
      },
    });
    const report = await hub.processBatch(
      [
        { id: 'r1', body: body(change({ rulesAdded: [opened] })) },
        { id: 'r2', body: body(change({ account: OTHER, groupIds: ['sg-2'] })) },
      ],
      // Just past the reserve kept for delivery: a few hundred milliseconds to reconcile.
      { deadline: Date.now() + 5_300 },
    );
    expect(report.batchItemFailures).toEqual([{ itemIdentifier: 'r2' }]);
    expect(report.groups.map((g) => `${g.account} ${g.outcome}`).sort()).toEqual([
      `${ACCOUNT} remediated`,
      `${OTHER} retry`,
    ]);
    expect(world.region(ACCOUNT, REGION).groups.get('sg-1')?.rules).toEqual([]);
    expect(world.published).toHaveLength(1);
  });

  it('does not start a group when no time is left, and waits as long as needed without a deadline', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, [rule(22, '0.0.0.0/0', 'sgr-a')]);
    const late = await createHub(world.deps()).processBatch([{ id: 'r1', body: body(change()) }], {
      deadline: Date.now() + 1_000,
    });
    expect(late.batchItemFailures).toEqual([{ itemIdentifier: 'r1' }]);
    expect(world.region().reads).toEqual([]);
    const unbounded = await createHub(world.deps()).processBatch([{ id: 'r2', body: body(change()) }]);
    expect(unbounded.groups.map((g) => g.outcome)).toEqual(['remediated']);
  });
});
