/**
 * Prefix lists are no blind spot. Written as the attack: SSH opened not from 0.0.0.0/0 but from a
 * customer-managed prefix list that holds it (or that cannot be read by the hub).
 */
import { AuthorizeSecurityGroupIngressCommand, ModifyManagedPrefixListCommand } from '@aws-sdk/client-ec2';
import { captureStdoutPerTest, emfMetrics } from './support/stdout';
import { createWorld, PROD, REGION, type World } from './support/world';

const out = captureStdoutPerTest();

/** A customer-managed list of prod in the world's region. */
function seedList(world: World, name: string, entries: string[]): string {
  return world.sb.ec2.seedPrefixList({ region: REGION, owner: PROD, name, entries });
}

function bastion(world: World): string {
  return world.sb.ec2.seedSecurityGroup({
    account: PROD,
    region: REGION,
    groupName: 'bastion',
    tags: { 'guardrail:policy': 'no-public-admin-ports' },
  });
}

async function sshFrom(world: World, groupId: string, prefixListId: string) {
  await world.aliceEc2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: groupId,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListIds: [{ PrefixListId: prefixListId }] },
      ],
    }),
  );
  expect((await world.deliver(world.take())).batchItemFailures).toEqual([]);
}

/** Alice adds 0.0.0.0/0 to the list itself (version 1 to 2). */
function widenToTheWorld(world: World, list: string) {
  return world.aliceEc2.send(
    new ModifyManagedPrefixListCommand({
      PrefixListId: list,
      CurrentVersion: 1,
      AddEntries: [{ Cidr: '0.0.0.0/0' }],
    }),
  );
}

describe('attack: open SSH through a prefix list', () => {
  it('reverts SSH from a list that holds internet ranges, as critical, naming the range', async () => {
    const world = createWorld();
    const list = seedList(world, 'partners', ['198.51.100.0/24', '0.0.0.0/0']);
    const groupId = bastion(world);
    await sshFrom(world, groupId, list);
    expect(world.ingress(groupId)).toEqual([]);
    const [alert] = world.alerts();
    expect(alert?.document).toMatchObject({ severity: 'critical', outcome: 'remediated' });
    expect(alert?.document.findings[0]?.reason).toContain(`${list} holds 198.51.100.0/24`);
  });

  it('leaves SSH from a list of private ranges alone, and says nothing', async () => {
    const world = createWorld();
    const list = seedList(world, 'office', ['10.20.0.0/16']);
    const groupId = bastion(world);
    await sshFrom(world, groupId, list);
    expect(world.ingress(groupId)).toEqual([`tcp 22 ${list}`]);
    expect(world.alerts()).toEqual([]);
  });

  it('tells, and counts, a list the hub cannot read: never a pass in silence', async () => {
    const world = createWorld();
    const list = seedList(world, 'partners', ['0.0.0.0/0']);
    const groupId = bastion(world);
    world.sb.faults.add({ service: 'ec2', operation: 'GetManagedPrefixListEntries', kind: 'access-denied' });
    await sshFrom(world, groupId, list);
    expect(world.alerts().map((a) => `${a.document.severity} ${a.document.outcome}`)).toEqual([
      'medium unverifiable',
    ]);
    expect(world.alerts()[0]?.text).toContain(`- ${list}:`);
    expect(emfMetrics(out.lines()).filter((m) => m.name === 'PrefixListsUnverifiable')).toHaveLength(1);
  });

  it('re-judges the groups that use a list when it is widened to the world, and reverts', async () => {
    const world = createWorld();
    const list = seedList(world, 'office', ['10.20.0.0/16']);
    const groupId = bastion(world);
    await sshFrom(world, groupId, list);
    expect(world.alerts()).toEqual([]);
    // Accepted from the office range; then Alice widens the list itself.
    await widenToTheWorld(world, list);
    const events = world.take();
    expect(events.map((e) => e.detail.eventName)).toEqual(['ModifyManagedPrefixList']);
    expect((await world.deliver(events)).batchItemFailures).toEqual([]);
    expect(world.ingress(groupId)).toEqual([]);
    expect(world.alerts().map((a) => `${a.document.severity} ${a.document.outcome}`)).toEqual([
      'critical remediated',
    ]);
    expect(
      out.lines().filter((l) => l.message === 'prefix list changed: re-judging the groups that use it'),
    ).toMatchObject([{ prefixListId: list, groups: 1 }]);
  });

  it('retries the event when the groups that use the list cannot be listed', async () => {
    const world = createWorld();
    const list = seedList(world, 'office', ['10.20.0.0/16']);
    await widenToTheWorld(world, list);
    world.sb.faults.add({
      service: 'ec2',
      operation: 'GetManagedPrefixListAssociations',
      kind: 'access-denied',
    });
    const response = await world.deliver(world.take());
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: response.messageIds[0] }]);
  });
});
