/**
 * `SecurityGroupGateway.openSession`: the account's AssumeRole alone, started while the engine
 * still looks the account up, through the real clients on the sandbox.
 */
import { SecurityGroupGateway } from '../src';
import { callsTo, createOrg, MEMBER, OTHER_REGION, REGION, ROLE_NAME } from './fixture';

describe('SecurityGroupGateway.openSession', () => {
  it('assumes the remediation role and reads nothing; the read after it assumes no second time', async () => {
    const org = createOrg();
    const broker = org.broker();
    const gateway = new SecurityGroupGateway(broker.ec2(MEMBER, REGION));
    const groupId = org.sb.ec2.seedSecurityGroup({ account: MEMBER, region: REGION, groupName: 'web' });

    await expect(gateway.openSession()).resolves.toBeUndefined();
    expect(callsTo(org.sb, 'AssumeRole')).toHaveLength(1);
    expect(org.sb.calls.filter((c) => c.service === 'ec2')).toEqual([]);

    await expect(gateway.readGroup(groupId, { ruleIds: false })).resolves.toMatchObject({ status: 'found' });
    // Another region's gateway of the account shares the session too.
    await new SecurityGroupGateway(broker.ec2(MEMBER, OTHER_REGION)).openSession();
    expect(callsTo(org.sb, 'AssumeRole')).toHaveLength(1);
  });

  it('gives the failure a read would meet when the role is missing, without throwing', async () => {
    const org = createOrg();
    org.sb.iam.deleteRole(MEMBER, ROLE_NAME);
    const gateway = new SecurityGroupGateway(org.broker().ec2(MEMBER, REGION));

    const failure = await gateway.openSession();

    expect(failure).toMatchObject({ status: 'access-denied', code: 'AccessDenied' });
    expect(failure?.message).toContain(MEMBER);
    expect(org.sb.calls.filter((c) => c.service === 'ec2')).toEqual([]);
  });
});
