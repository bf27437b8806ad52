import { AuthorizeSecurityGroupIngressCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { AssumeRoleError, classifyAwsError } from '../src';
import {
  callsTo,
  createOrg,
  MEMBER,
  memberTrust,
  OTHER_MEMBER,
  OTHER_REGION,
  REGION,
  ROLE_NAME,
} from './fixture';

const describe_ = new DescribeSecurityGroupsCommand({});

describe('CredentialBroker', () => {
  it('names the member role in the partition', () => {
    const { broker } = createOrg();
    expect(broker().roleArn(MEMBER)).toBe(`arn:aws:iam::${MEMBER}:role/${ROLE_NAME}`);
    expect(broker({ partition: 'aws-us-gov' }).roleArn(MEMBER)).toBe(
      `arn:aws-us-gov:iam::${MEMBER}:role/${ROLE_NAME}`,
    );
  });

  it('reuses one EC2 client per account and region', () => {
    const broker = createOrg().broker();
    const client = broker.ec2(MEMBER, REGION);
    expect(broker.ec2(MEMBER, REGION)).toBe(client);
    expect(broker.ec2(MEMBER, OTHER_REGION)).not.toBe(client);
    expect(broker.ec2(OTHER_MEMBER, REGION)).not.toBe(client);
  });

  it('assumes the role once per account, whatever the number of calls and regions', async () => {
    const { sb, broker } = createOrg();
    const b = broker();
    await Promise.all([
      b.ec2(MEMBER, REGION).send(describe_),
      b.ec2(MEMBER, REGION).send(describe_),
      b.ec2(MEMBER, OTHER_REGION).send(describe_),
    ]);
    await b.ec2(MEMBER, REGION).send(describe_);
    await b.ec2(MEMBER, OTHER_REGION).send(describe_);
    expect(callsTo(sb, 'AssumeRole')).toHaveLength(1);
    await b.ec2(OTHER_MEMBER, REGION).send(describe_);
    const assumed = callsTo(sb, 'AssumeRole');
    expect(assumed).toHaveLength(2);
    expect(callsTo(sb, 'DescribeSecurityGroups')).toHaveLength(6);
  });

  it('marks its calls with the session name and SourceIdentity', async () => {
    const { sb, broker } = createOrg();
    const gatewayClient = broker().ec2(MEMBER, REGION);
    // A mutating call, so CloudTrail records it with the caller's identity.
    const groupId = sb.ec2.seedSecurityGroup({ account: MEMBER, region: REGION, groupName: 'g' });
    await gatewayClient.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
        ],
      }),
    );
    const ec2Call = callsTo(sb, 'AuthorizeSecurityGroupIngress')[0];
    expect(ec2Call?.principalArn).toBe(`arn:aws:sts::${MEMBER}:assumed-role/${ROLE_NAME}/guardrail`);
    const event = sb.events.find((e) => e.detail.eventName === 'AuthorizeSecurityGroupIngress');
    expect(event?.detail.userIdentity.sessionContext?.sourceIdentity).toBe('guardrail');
    expect(event?.detail.userIdentity.sessionContext?.sessionIssuer.arn).toBe(
      `arn:aws:iam::${MEMBER}:role/${ROLE_NAME}`,
    );
  });

  it('uses the configured session name and SourceIdentity', async () => {
    const { sb, broker } = createOrg();
    await broker({ sessionName: 'guardrail-hub-eu', sourceIdentity: 'guardrail-eu' })
      .ec2(MEMBER, REGION)
      .send(describe_);
    expect(callsTo(sb, 'DescribeSecurityGroups')[0]?.principalArn).toBe(
      `arn:aws:sts::${MEMBER}:assumed-role/${ROLE_NAME}/guardrail-hub-eu`,
    );
  });

  it('asks for SourceIdentity: a trust without sts:SetSourceIdentity refuses it', async () => {
    const { sb, broker, hubRoleArn } = createOrg();
    sb.iam.deleteRole(MEMBER, ROLE_NAME);
    sb.iam.createRole(MEMBER, {
      roleName: ROLE_NAME,
      assumeRolePolicyDocument: memberTrust(hubRoleArn, ['sts:AssumeRole']),
    });
    const error = await broker()
      .ec2(MEMBER, REGION)
      .send(describe_)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssumeRoleError);
    expect(classifyAwsError(error)).toMatchObject({ kind: 'access-denied', code: 'AccessDenied' });
  });

  it('reports a missing role as AssumeRoleError naming the account, and retries once the role exists', async () => {
    const { sb, broker, hubRoleArn } = createOrg();
    sb.iam.deleteRole(MEMBER, ROLE_NAME);
    const b = broker();
    const error = await b
      .ec2(MEMBER, REGION)
      .send(describe_)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssumeRoleError);
    expect(error).toMatchObject({ name: 'AssumeRoleError', account: MEMBER, roleArn: b.roleArn(MEMBER) });
    expect((error as AssumeRoleError).cause).toMatchObject({ name: 'AccessDenied' });
    expect(callsTo(sb, 'DescribeSecurityGroups')).toHaveLength(0);

    // The failure is not cached: once the account is enrolled, the same client works.
    sb.iam.createRole(MEMBER, { roleName: ROLE_NAME, assumeRolePolicyDocument: memberTrust(hubRoleArn) });
    await expect(b.ec2(MEMBER, REGION).send(describe_)).resolves.toBeDefined();
  });

  it('classifies a throttled AssumeRole as retryable', async () => {
    const { sb, broker } = createOrg();
    sb.faults.add({ service: 'sts', operation: 'AssumeRole', kind: 'throttle' });
    const error = await broker()
      .ec2(MEMBER, REGION)
      .send(describe_)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssumeRoleError);
    expect(classifyAwsError(error).kind).toBe('retryable');
  });

  it('routes AssumeRole through the plugins: the STS client retries a transient fault', async () => {
    const { sb, broker } = createOrg();
    sb.faults.add({ service: 'sts', operation: 'AssumeRole', kind: 'server-error', times: 1 });
    await expect(broker().ec2(MEMBER, REGION).send(describe_)).resolves.toBeDefined();
    expect(callsTo(sb, 'AssumeRole').map((c) => c.error === undefined)).toEqual([false, true]);
  });

  it('assumes the role again once the credentials are about to expire', async () => {
    // The sandbox issues credentials an hour long but dated 58 minutes ago: 2 minutes left, within
    // the refresh margin, so every call fetches new ones (the SDK client may even ask twice).
    const { sb, broker } = createOrg({ sandboxNow: () => new Date(Date.now() - 58 * 60_000) });
    const client = broker({ durationSeconds: 3600 }).ec2(MEMBER, REGION);
    await client.send(describe_);
    const afterFirst = callsTo(sb, 'AssumeRole').length;
    await client.send(describe_);
    expect(callsTo(sb, 'AssumeRole').length).toBeGreaterThan(afterFirst);
    expect(callsTo(sb, 'AssumeRole').every((call) => call.error === undefined)).toBe(true);
  });

  it('keeps fresh credentials: the same setup with a full hour left assumes once', async () => {
    const { sb, broker } = createOrg({ sandboxNow: () => new Date() });
    const client = broker({ durationSeconds: 3600 }).ec2(MEMBER, REGION);
    await client.send(describe_);
    await client.send(describe_);
    expect(callsTo(sb, 'AssumeRole')).toHaveLength(1);
  });
});
