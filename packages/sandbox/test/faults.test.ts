import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { fastRetries, MEMBER, organization, REGION } from './fixtures';

describe('fault injection, as the SDK retry strategy sees it', () => {
  it('has a throttle retried by the SDK until it succeeds (times: 2)', async () => {
    const { sb, alice, ec2As } = organization();
    sb.faults.add({ service: 'ec2', operation: 'DescribeSecurityGroups', kind: 'throttle', times: 2 });
    const out = await ec2As(alice, { retryStrategy: fastRetries(3) }).send(
      new DescribeSecurityGroupsCommand({}),
    );
    expect(out.$metadata.attempts).toBe(3);
    expect(sb.calls.map((c) => c.error)).toEqual(['RequestLimitExceeded', 'RequestLimitExceeded', undefined]);
  });

  it('is retried by the default adaptive strategy too', async () => {
    const { sb, alice } = organization();
    sb.faults.add({ service: 'ec2', kind: 'throttle', times: 1 });
    const ec2 = sb.attach(
      new EC2Client({
        ...sb.clientConfig({ principalArn: alice, region: REGION }),
        retryMode: 'adaptive',
        maxAttempts: 3,
      }),
    );
    const out = await ec2.send(new DescribeSecurityGroupsCommand({}));
    expect(out.$metadata.attempts).toBe(2);
  });

  it('gives up after maxAttempts and throws the throttling error', async () => {
    const { sb, alice, ec2As } = organization();
    sb.faults.add({ service: 'ec2', kind: 'throttle' });
    await expect(
      ec2As(alice, { retryStrategy: fastRetries(2) }).send(new DescribeSecurityGroupsCommand({})),
    ).rejects.toMatchObject({
      name: 'RequestLimitExceeded',
      $metadata: { httpStatusCode: 503, attempts: 2 },
    });
  });

  it('retries server errors and timeouts, not access denied', async () => {
    const { sb, alice, ec2As, stsAs } = organization();
    sb.faults.add({ service: 'sts', kind: 'server-error', times: 1 });
    sb.faults.add({ service: 'ec2', operation: 'DescribeSecurityGroups', kind: 'timeout', times: 1 });
    const me = await stsAs(alice).send(new GetCallerIdentityCommand({}));
    expect(me.$metadata.attempts).toBe(2);
    const groups = await ec2As(alice, { retryStrategy: fastRetries(3) }).send(
      new DescribeSecurityGroupsCommand({}),
    );
    expect(groups.$metadata.attempts).toBe(2);
    sb.faults.add({ service: 'ec2', kind: 'access-denied', times: 1 });
    await expect(
      ec2As(alice, { retryStrategy: fastRetries(3) }).send(new DescribeSecurityGroupsCommand({})),
    ).rejects.toMatchObject({
      name: 'UnauthorizedOperation',
      $metadata: { httpStatusCode: 403, attempts: 1 },
    });
  });

  it('throws server errors with the server fault and 5xx status, and records failed mutations', async () => {
    const { sb, alice, ec2As } = organization();
    const groupId = sb.ec2.seedSecurityGroup({ account: MEMBER, region: REGION, groupName: 'g' });
    sb.faults.add({ service: 'ec2', kind: 'server-error', account: MEMBER, region: REGION });
    const error = await ec2As(alice, { retryStrategy: fastRetries(2) })
      .send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'InternalError',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
    });
    expect(sb.events.map((e) => e.detail.errorCode)).toEqual([
      'Server.InternalError',
      'Server.InternalError',
    ]);
    sb.faults.clear();
    expect(sb.ec2.getGroup(MEMBER, REGION, groupId)?.rules).toHaveLength(1);
  });

  it('fires only for the matching account, operation and service', async () => {
    const { sb, hubRole, remediationRole, stsAs } = organization();
    sb.faults.add({ service: 'sts', operation: 'AssumeRole', account: MEMBER, kind: 'access-denied' });
    await expect(
      stsAs(hubRole).send(new AssumeRoleCommand({ RoleArn: remediationRole, RoleSessionName: 'guardrail' })),
    ).resolves.toBeDefined();
    expect(sb.calls.every((c) => c.error === undefined)).toBe(true);
  });

  it('draws probabilistic faults from the seed: the same seed, the same outcome', async () => {
    const run = async (seed: number) => {
      const { sb, alice, ec2As } = organization(seed);
      sb.faults.add({ service: 'ec2', kind: 'access-denied', probability: 0.5 });
      const ec2 = ec2As(alice, { retryStrategy: fastRetries(1) });
      const outcomes: string[] = [];
      for (let i = 0; i < 16; i++) {
        outcomes.push(
          await ec2.send(new DescribeSecurityGroupsCommand({})).then(
            () => 'ok',
            (e: Error) => e.name,
          ),
        );
      }
      return outcomes;
    };
    const first = await run(42);
    expect(await run(42)).toEqual(first);
    expect(first).toContain('ok');
    expect(first).toContain('UnauthorizedOperation');
  });
});
