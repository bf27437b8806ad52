import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
  STSServiceException,
} from '@aws-sdk/client-sts';
import { HUB, MEMBER, organization, REGION } from './fixtures';

describe('STS through the real client', () => {
  it('lets the trusted role assume the member role and attributes its calls to the session', async () => {
    const { sb, hubRole, remediationRole, stsAs } = organization();
    const sts = stsAs(hubRole);
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: remediationRole,
        RoleSessionName: 'guardrail',
        SourceIdentity: 'guardrail',
      }),
    );
    expect(assumed.AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${MEMBER}:assumed-role/guardrail-remediation/guardrail`,
    );
    expect(assumed.SourceIdentity).toBe('guardrail');
    expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    const c = assumed.Credentials!;
    const member = sb.attach(
      new STSClient({
        region: REGION,
        credentials: {
          accessKeyId: c.AccessKeyId!,
          secretAccessKey: c.SecretAccessKey!,
          sessionToken: c.SessionToken,
        },
      }),
    );
    const me = await member.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: MEMBER, Arn: assumed.AssumedRoleUser?.Arn });
    expect(me.UserId).toMatch(/^AROA[A-Z2-7]{16}:guardrail$/);
  });

  it('refuses the roles of a suspended account, and serves them again once it is active', async () => {
    const { sb, hubRole, remediationRole, stsAs } = organization();
    const assume = () =>
      stsAs(hubRole).send(new AssumeRoleCommand({ RoleArn: remediationRole, RoleSessionName: 'guardrail' }));
    sb.organization.setStatus(MEMBER, 'SUSPENDED');
    await expect(assume()).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    sb.organization.setStatus(MEMBER, 'ACTIVE');
    await expect(assume()).resolves.toMatchObject({ Credentials: expect.any(Object) });
  });

  it('tells who the caller is', async () => {
    const { alice, stsAs } = organization();
    const me = await stsAs(alice).send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: MEMBER, Arn: alice });
    expect(me.$metadata.httpStatusCode).toBe(200);
  });

  it('denies a principal the trust policy does not name, with STS AccessDenied', async () => {
    const { alice, remediationRole, stsAs } = organization();
    const error = await stsAs(alice)
      .send(new AssumeRoleCommand({ RoleArn: remediationRole, RoleSessionName: 'x1' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(STSServiceException);
    expect(error).toMatchObject({
      name: 'AccessDenied',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
    });
    expect((error as Error).message).toContain(`User: ${alice} is not authorized to perform: sts:AssumeRole`);
  });

  it('denies assuming a role that does not exist (the account without the remediation role)', async () => {
    const { sb, hubRole, stsAs } = organization();
    sb.addAccount({ id: '777788889999', name: 'no-role' });
    const error = await stsAs(hubRole)
      .send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::777788889999:role/guardrail-remediation',
          RoleSessionName: 'guardrail',
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });

  it('requires sts:SetSourceIdentity in the trust policy to set a SourceIdentity', async () => {
    const { sb, hubRole, stsAs } = organization();
    const role = sb.iam.createRole(MEMBER, {
      roleName: 'no-source-identity',
      assumeRolePolicyDocument: JSON.stringify({
        Statement: [
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${HUB}:root` }, Action: 'sts:AssumeRole' },
        ],
      }),
    });
    const sts = stsAs(hubRole);
    await expect(
      sts.send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'plain' })),
    ).resolves.toBeDefined();
    await expect(
      sts.send(
        new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'marked', SourceIdentity: 'guardrail' }),
      ),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('sts:SetSourceIdentity'),
    });
  });

  it('rejects a session name STS would reject', async () => {
    const { hubRole, remediationRole, stsAs } = organization();
    await expect(
      stsAs(hubRole).send(new AssumeRoleCommand({ RoleArn: remediationRole, RoleSessionName: 'g' })),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('rejects the calls of a session whose role was deleted since', async () => {
    const { sb, hubRole, remediationRole, stsAs } = organization();
    const assumed = await stsAs(hubRole).send(
      new AssumeRoleCommand({ RoleArn: remediationRole, RoleSessionName: 'guardrail' }),
    );
    sb.iam.deleteRole(MEMBER, 'guardrail-remediation');
    const c = assumed.Credentials!;
    const ec2 = sb.attach(
      new EC2Client({
        region: REGION,
        credentials: {
          accessKeyId: c.AccessKeyId!,
          secretAccessKey: c.SecretAccessKey!,
          sessionToken: c.SessionToken,
        },
      }),
    );
    await expect(ec2.send(new DescribeSecurityGroupsCommand({}))).rejects.toMatchObject({
      name: 'UnauthorizedOperation',
      $metadata: { httpStatusCode: 403 },
    });
  });
});
