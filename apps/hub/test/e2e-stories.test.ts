/**
 * The hub end to end on the sandbox: every `guardrail demo` story, through the Lambda handler
 * as lambda.ts builds it (real SDK clients with the sandbox plugin, real parser/planner/alerts).
 */
import { AuthorizeSecurityGroupIngressCommand, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { captureStdoutPerTest } from './support/stdout';
import { ALICE_IP, createWorld, PROD, REGION, UNENROLLED, type World } from './support/world';

const SSH_WORLD = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const HTTPS_WORLD = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const HTTP_WORLD = { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

function seed(world: World, tags: Record<string, string>, ingress: object[] = [], account = PROD): string {
  return world.sb.ec2.seedSecurityGroup({
    account,
    region: REGION,
    groupName: `g-${Object.values(tags).join('-') || 'untagged'}`,
    tags,
    ingress,
  });
}

const out = captureStdoutPerTest();

describe('hub e2e: the demo stories', () => {
  it('reverts SSH opened to the world on a tagged group and alerts, naming the actor', async () => {
    const world = createWorld();
    const groupId = seed(world, { 'guardrail:policy': 'no-public-admin-ports' }, [HTTPS_WORLD]);
    await world.aliceEc2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [SSH_WORLD] }),
    );
    expect(world.ingress(groupId)).toEqual(['tcp 22 0.0.0.0/0', 'tcp 443 0.0.0.0/0']);

    const response = await world.deliver(world.take());

    expect(response.batchItemFailures).toEqual([]);
    expect(world.ingress(groupId)).toEqual(['tcp 443 0.0.0.0/0']);
    const alerts = world.alerts();
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert?.document).toMatchObject({
      kind: 'remediation',
      outcome: 'remediated',
      severity: 'critical',
      account: { id: PROD },
    });
    expect(alert?.document.changes[0]?.actor).toMatchObject({ arn: world.alice, sourceIp: ALICE_IP });
    expect(alert?.text).toContain(world.alice);
    expect(alert?.text).toContain(groupId);
    expect(alert?.attributes).toMatchObject({ severity: 'critical', account: PROD, region: REGION });
    const reconciled = out.lines().find((l) => l.message === 'group reconciled');
    expect(reconciled).toMatchObject({ level: 'INFO', message: expect.any(String) });
    expect(reconciled).toMatchObject({ groupId, outcome: 'remediated', policy: 'no-public-admin-ports' });
    // No secret ever reaches the logs.
    expect(out.raw().join('\n')).not.toMatch(/secretAccessKey|sessionToken|SecretAccessKey|SessionToken/);
  });

  it('restores a required rule someone revoked', async () => {
    const world = createWorld();
    const groupId = seed(world, { 'guardrail:policy': 'web-public' }, [HTTP_WORLD, HTTPS_WORLD]);
    await world.aliceEc2.send(
      new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [HTTPS_WORLD] }),
    );
    expect(world.ingress(groupId)).toEqual(['tcp 80 0.0.0.0/0']);

    await world.deliver(world.take());

    expect(world.ingress(groupId)).toEqual(['tcp 443 0.0.0.0/0', 'tcp 80 0.0.0.0/0']);
    expect(world.alerts().map((a) => a.document.outcome)).toEqual(['remediated']);
  });

  it('leaves an untagged group alone, silently', async () => {
    const world = createWorld();
    const groupId = seed(world, {});
    await world.aliceEc2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [SSH_WORLD] }),
    );
    const response = await world.deliver(world.take());
    expect(response.batchItemFailures).toEqual([]);
    expect(world.ingress(groupId)).toEqual(['tcp 22 0.0.0.0/0']);
    expect(world.alerts()).toEqual([]);
    expect(out.lines().find((l) => l.message === 'group reconciled')).toMatchObject({
      groupId,
      outcome: 'unmanaged',
    });
  });

  it('only reports an audit-mode group', async () => {
    const world = createWorld();
    const groupId = seed(world, { 'guardrail:policy': 'admin-ports-audit' });
    await world.aliceEc2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [SSH_WORLD] }),
    );
    await world.deliver(world.take());
    expect(world.ingress(groupId)).toEqual(['tcp 22 0.0.0.0/0']);
    const alerts = world.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.document).toMatchObject({
      outcome: 'audit',
      mode: 'audit',
      policy: 'admin-ports-audit',
    });
    expect(world.ec2Mutations()).toEqual(['AuthorizeSecurityGroupIngress']);
  });

  it('alerts naming the account when the remediation role is missing, and does not retry', async () => {
    const world = createWorld();
    const groupId = seed(world, { 'guardrail:policy': 'no-public-admin-ports' }, [], UNENROLLED);
    await world.bobEc2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [SSH_WORLD] }),
    );
    const response = await world.deliver(world.take());
    expect(response.batchItemFailures).toEqual([]);
    expect(world.ingress(groupId, UNENROLLED)).toEqual(['tcp 22 0.0.0.0/0']);
    const alerts = world.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.document).toMatchObject({ kind: 'account-error', account: { id: UNENROLLED } });
    expect(alerts[0]?.text).toContain(UNENROLLED);
    expect(out.lines().find((l) => l.message === 'group reconciled')).toMatchObject({
      level: 'ERROR',
      outcome: 'account-error',
      account: UNENROLLED,
    });
  });

  it('publishes one alert for the same event delivered twice (in one batch and again later)', async () => {
    const world = createWorld();
    const groupId = seed(world, { 'guardrail:policy': 'admin-ports-audit' });
    await world.aliceEc2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [SSH_WORLD] }),
    );
    const [event] = world.take();
    await world.deliver([event, event]);
    await world.deliver([event]);
    expect(world.alerts()).toHaveLength(1);
    const skipped = out.lines().filter((l) => l.message === 'event skipped');
    expect(skipped.map((l) => l.reason)).toEqual(['duplicate', 'duplicate']);
  });
});
