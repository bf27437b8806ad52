/**
 * The hub is no confused deputy. Written as the attack: a principal who may only tag puts the
 * opt-in tag of a public web policy on an internal database group, hoping the hub itself opens
 * it to the world (web-public requires tcp 80 and 443 from anywhere).
 */
import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { captureStdoutPerTest } from './support/stdout';
import { createWorld, PROD, REGION } from './support/world';

captureStdoutPerTest();

describe('attack: make the hub open a group by tagging it', () => {
  it('reports the missing web rules and authorizes none of them: EC2 keeps the group private', async () => {
    const world = createWorld();
    const groupId = world.sb.ec2.seedSecurityGroup({
      account: PROD,
      region: REGION,
      groupName: 'orders-db',
      ingress: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
    });
    await world.aliceEc2.send(
      new CreateTagsCommand({
        Resources: [groupId],
        Tags: [{ Key: 'guardrail:policy', Value: 'web-public' }],
      }),
    );
    expect((await world.deliver(world.take())).batchItemFailures).toEqual([]);

    expect(world.ingress(groupId)).toEqual(['tcp 5432 10.0.0.0/8']);
    expect(world.ec2Mutations()).toEqual(['CreateTags']);
    const [alert] = world.alerts();
    expect(world.alerts()).toHaveLength(1);
    expect(alert!.document).toMatchObject({ kind: 'remediation', severity: 'medium', policy: 'web-public' });
    expect(alert!.document.findings.map((f) => `${f.rule} ${f.decision}`)).toEqual([
      'tcp 80 from 0.0.0.0/0 not-planned',
      'tcp 443 from 0.0.0.0/0 not-planned',
    ]);
    expect(alert!.text).toContain(
      "not authorized: it opens the group to the internet, and the policy's scope",
    );
  });
});
