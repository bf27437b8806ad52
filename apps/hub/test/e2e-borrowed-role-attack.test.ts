/**
 * The loop guard cannot be borrowed. Written as the attack: a member-account admin who can edit
 * the remediation role's trust policy lets themselves assume it, with the SourceIdentity the hub
 * uses, and opens SSH to the world through it, hoping the hub skips the change as its own. Through
 * the real STS and EC2 clients on the sandbox and the hub Lambda's handler. (The sandbox has no IAM
 * API: the trust edit is made by its setup API; the UpdateAssumeRolePolicy event it would send is
 * a critical tamper alert, tested in the parser and the hub's handler tests.)
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AuthorizeSecurityGroupIngressCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { GUARDRAIL_NAMES } from '@guardrail/core';
import { captureStdoutPerTest } from './support/stdout';
import { createWorld, PROD, REGION } from './support/world';

const SSH = [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];

captureStdoutPerTest();

describe('attack: borrow the remediation role to open a group', () => {
  it('the change made as the guardrail is reverted (critical), the borrowed session named', async () => {
    const world = createWorld();
    const groupId = world.sb.ec2.seedSecurityGroup({
      account: PROD,
      region: REGION,
      groupName: 'db',
      tags: { 'guardrail:policy': 'no-public-admin-ports' },
    });
    const role = GUARDRAIL_NAMES.remediationRole;
    // Alice's edit of the trust policy: she may now assume the role too, SourceIdentity included.
    world.sb.iam.deleteRole(PROD, role);
    world.sb.iam.createRole(PROD, {
      roleName: role,
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [world.hubRole, world.alice].map((principal) => ({
          Effect: 'Allow',
          Principal: { AWS: principal },
          Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        })),
      },
    });
    const sts = world.sb.attach(
      new STSClient(world.sb.clientConfig({ principalArn: world.alice, region: REGION })),
    );
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${PROD}:role/${role}`,
        RoleSessionName: 'guardrail',
        SourceIdentity: GUARDRAIL_NAMES.sourceIdentity,
      }),
    );
    const asGuardrail = world.sb.attach(
      new EC2Client({
        region: REGION,
        credentials: {
          accessKeyId: Credentials!.AccessKeyId!,
          secretAccessKey: Credentials!.SecretAccessKey!,
          sessionToken: Credentials!.SessionToken!,
        },
      }),
    );
    await asGuardrail.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: SSH }),
    );
    const events = world.take();
    expect(events.at(-1)?.detail.userIdentity.sessionContext?.sourceIdentity).toBe('guardrail');

    expect((await world.deliver(events)).batchItemFailures).toEqual([]);
    expect(world.ingress(groupId)).toEqual([]);
    const [alert] = world.alerts();
    expect(world.alerts()).toHaveLength(1);
    expect(alert!.attributes).toMatchObject({ severity: 'critical', outcome: 'remediated' });
    expect(alert!.text).toContain(`by arn:aws:sts::${PROD}:assumed-role/${role}/guardrail`);
  });

  it('the trust policy edit itself, forwarded from us-east-1, is a critical tamper alert naming the role', async () => {
    const world = createWorld();
    const fixture = resolve(
      __dirname,
      '../../../packages/core/test/fixtures/events/update-assume-role-policy.json',
    );
    const event = JSON.parse(readFileSync(fixture, 'utf8').replaceAll('111122223333', PROD));
    expect((await world.deliver([event])).batchItemFailures).toEqual([]);
    const [alert] = world.alerts();
    expect(alert!.attributes).toMatchObject({ severity: 'critical', outcome: 'tamper', region: 'us-east-1' });
    expect(alert!.document).toMatchObject({
      kind: 'tamper',
      tamper: {
        eventName: 'UpdateAssumeRolePolicy',
        target: { type: 'role', name: 'guardrail-remediation' },
      },
    });
    expect(alert!.text).toContain('may let someone else act as the guardrail');
  });
});
