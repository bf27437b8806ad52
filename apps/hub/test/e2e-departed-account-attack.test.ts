/**
 * Written as the attack: the admin of a member account takes it out of the organization, keeping
 * the remediation role (which still trusts the hub), and opens SSH to the world. The event was
 * forwarded on its way out. The hub may open the account's session while it asks Organizations
 * about it, but it reads nothing there and changes nothing: the account may be another
 * organization's by now. A person is told the account is no member.
 */
import { AuthorizeSecurityGroupIngressCommand, ModifyManagedPrefixListCommand } from '@aws-sdk/client-ec2';
import { captureStdoutPerTest } from './support/stdout';
import { createWorld, PROD, REGION } from './support/world';

captureStdoutPerTest();

const SSH_WORLD = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

describe('attack: leave the organization, then open a port', () => {
  function tagged(world: ReturnType<typeof createWorld>) {
    return world.sb.ec2.seedSecurityGroup({
      account: PROD,
      region: REGION,
      groupName: 'bastion',
      tags: { 'guardrail:policy': 'no-public-admin-ports' },
    });
  }

  it('as a member, the port is closed again (the control)', async () => {
    const world = createWorld();
    const groupId = tagged(world);
    await world.aliceEc2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [SSH_WORLD] }),
    );
    await world.deliver(world.take());
    expect(world.ingress(groupId)).toEqual([]);
  });

  it('once out, nothing of the account is read or changed, and the account-error alert names it', async () => {
    const world = createWorld();
    const groupId = tagged(world);
    await world.aliceEc2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [SSH_WORLD] }),
    );
    const events = world.take();
    world.sb.organization.removeAccount(PROD);
    const before = world.sb.calls.length;

    const response = await world.deliver(events);

    expect(response.batchItemFailures).toEqual([]);
    const calls = world.sb.calls.slice(before);
    expect(calls.filter((c) => c.service === 'ec2')).toEqual([]);
    expect(world.ingress(groupId)).toEqual(['tcp 22 0.0.0.0/0']);
    // Rated by what the change opened (SSH to the internet), not down to "medium" for the error.
    expect(world.alerts().map((a) => `${a.document.kind} ${a.document.severity}`)).toEqual([
      'account-error critical',
    ]);
    expect(world.alerts()[0]?.text).toContain('not a member of the organization');
  });

  it('once out, a widened prefix list is not looked into either: no EC2 call in the account', async () => {
    const world = createWorld();
    const list = world.sb.ec2.seedPrefixList({
      region: REGION,
      owner: PROD,
      name: 'partners',
      entries: ['10.0.0.0/8'],
    });
    const groupId = tagged(world);
    await world.aliceEc2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListIds: [{ PrefixListId: list }] },
        ],
      }),
    );
    await world.deliver(world.take());
    expect(world.ingress(groupId)).toEqual([`tcp 22 ${list}`]);
    await world.aliceEc2.send(
      new ModifyManagedPrefixListCommand({
        PrefixListId: list,
        CurrentVersion: 1,
        AddEntries: [{ Cidr: '0.0.0.0/0' }],
      }),
    );
    const events = world.take();
    world.sb.organization.removeAccount(PROD);
    const before = world.sb.calls.length;

    // Another instance takes the event (the first one holds the account as ACTIVE for its cache's TTL).
    const response = (await world.buildInstance().handler(world.sqsEvent(events))) as {
      batchItemFailures: unknown[];
    };

    expect(response.batchItemFailures).toEqual([]);
    expect(world.sb.calls.slice(before).filter((c) => c.service === 'ec2')).toEqual([]);
    expect(world.ingress(groupId)).toEqual([`tcp 22 ${list}`]);
  });
});
