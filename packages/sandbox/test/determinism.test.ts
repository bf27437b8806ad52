import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { MEMBER, organization, REGION } from './fixtures';

async function story(seed: number) {
  const { sb, alice, ec2As } = organization(seed);
  const groupId = sb.ec2.seedSecurityGroup({ account: MEMBER, region: REGION, groupName: 'web' });
  await ec2As(alice).send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: groupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    }),
  );
  return { group: sb.ec2.getGroup(MEMBER, REGION, groupId), events: sb.events };
}

describe('determinism', () => {
  it('produces the same ids and events from the same seed', async () => {
    const a = await story(3);
    const b = await story(3);
    expect(b).toEqual(a);
  });

  it('produces different ids from another seed', async () => {
    const a = await story(3);
    const c = await story(4);
    expect(c.group?.groupId).not.toBe(a.group?.groupId);
  });
});
