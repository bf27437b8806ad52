import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { Sandbox } from '../src';

const cp = require(require.resolve('@aws-sdk/credential-providers', { paths: ['/work/main/packages/aws'] }));
async function main() {
  const sb = new Sandbox({ seed: 1 });
  sb.addAccount({ id: '111122223333', name: 'm' });
  sb.addAccount({ id: '222233334444', name: 'hub' });
  const hub = sb.iam.createRole('222233334444', { roleName: 'hub', assumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } });
  const role = sb.iam.createRole('111122223333', { roleName: 'guardrail-remediation', assumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: hub }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] }] } });
  const creds = cp.fromTemporaryCredentials({
    params: { RoleArn: role, RoleSessionName: 'guardrail', SourceIdentity: 'guardrail' },
    masterCredentials: sb.credentialsFor(hub),
    clientConfig: { region: 'eu-west-1' },
    clientPlugins: [sb.plugin()],
  });
  const ec2 = new EC2Client({ region: 'eu-west-1', credentials: creds });
  ec2.middlewareStack.use(sb.plugin());
  sb.ec2.seedSecurityGroup({ account: '111122223333', region: 'eu-west-1', groupName: 'x' });
  const out = await ec2.send(new DescribeSecurityGroupsCommand({}));
  await ec2.send(new DescribeSecurityGroupsCommand({}));
  console.log(out.SecurityGroups?.length, sb.calls.map((c) => `${c.service}:${c.operation}:${c.principalArn}`));
}
main().catch((e) => { console.error('FAIL', e); process.exit(1); });
