/**
 * A policy's OU scope, end to end: the hub reads the account's OUs (Organizations ListParents,
 * through the org-read role) and opens a group to the internet on a tag alone only for an account
 * under the scoped OU, at any depth. Written as the attack of e2e-confused-deputy-attack, aimed at
 * an account inside the scope and at one outside it, then with the OU read failing.
 */
import { CreateTagsCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import type { Sandbox } from '@guardrail/sandbox';
import { captureStdoutPerTest } from './support/stdout';
import { createWorld, PROD, REGION, type World } from './support/world';

captureStdoutPerTest();

/** web-public, required tcp 443 from anywhere, opened by the hub only under `ouId`. */
const webPublicScopedTo = (ouId: string) => `version: 1
policies:
  web-public:
    mode: enforce
    ingress:
      required:
        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: 0.0.0.0/0 }] }
    scope:
      organizationalUnits: [${ouId}]
`;

interface Tree {
  workloads: string;
  web: string;
  sandbox: string;
}

/**
 * root > workloads > web, and root > sandbox; the policy is scoped to workloads, and PROD is moved
 * under `placeProd` (web: inside the scope, two levels down; sandbox: outside it).
 */
function scopedWorld(placeProd: keyof Omit<Tree, 'workloads'>): World & { tree: Tree } {
  let tree: Tree | undefined;
  const world = createWorld({
    policies: (sb: Sandbox) => {
      const o = sb.organization;
      const workloads = o.createOrganizationalUnit(o.rootId, 'workloads');
      tree = {
        workloads,
        web: o.createOrganizationalUnit(workloads, 'web'),
        sandbox: o.createOrganizationalUnit(o.rootId, 'sandbox'),
      };
      o.moveAccount(PROD, tree[placeProd]);
      return webPublicScopedTo(workloads);
    },
  });
  return { ...world, tree: tree! };
}

/** A private group, then the attack: a tag-only opt-in to web-public. */
async function optInPrivateGroup(world: World): Promise<{ groupId: string }> {
  const groupId = world.sb.ec2.seedSecurityGroup({
    account: PROD,
    region: REGION,
    groupName: 'orders-api',
    ingress: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
  });
  await world.aliceEc2.send(
    new CreateTagsCommand({ Resources: [groupId], Tags: [{ Key: 'guardrail:policy', Value: 'web-public' }] }),
  );
  return { groupId };
}

/** The group's ingress as EC2 itself answers it (the real client), as "tcp 443 0.0.0.0/0" strings. */
async function ec2Ingress(world: World, groupId: string): Promise<string[]> {
  const { SecurityGroups } = await world.aliceEc2.send(
    new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }),
  );
  return (SecurityGroups?.[0]?.IpPermissions ?? [])
    .flatMap((p) => (p.IpRanges ?? []).map((r) => `${p.IpProtocol} ${p.FromPort} ${r.CidrIp}`))
    .sort();
}

const listParents = (world: World) => world.sb.calls.filter((c) => c.operation === 'ListParents');

describe('OU scope: where the hub may open a group on a tag alone', () => {
  it('authorizes the missing 443 for an account in a nested OU below the scoped OU', async () => {
    const world = scopedWorld('web');
    const { groupId } = await optInPrivateGroup(world);

    expect((await world.deliver(world.take())).batchItemFailures).toEqual([]);

    await expect(ec2Ingress(world, groupId)).resolves.toEqual(['tcp 443 0.0.0.0/0', 'tcp 8080 10.0.0.0/8']);
    expect(world.ec2Mutations()).toEqual(['CreateTags', 'AuthorizeSecurityGroupIngress']);
    // Walked up from the account through the org-read role: web, workloads, then the root.
    expect(listParents(world)).toHaveLength(3);
    expect(listParents(world).every((c) => c.account === world.sb.organization.managementAccountId)).toBe(
      true,
    );
    const alerts = world.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.document).toMatchObject({
      kind: 'remediation',
      outcome: 'remediated',
      policy: 'web-public',
    });
    expect(alerts[0]!.document.findings.map((f) => `${f.rule} ${f.decision}`)).toEqual([
      'tcp 443 from 0.0.0.0/0 restored',
    ]);
  });

  it('reports the missing 443 for an account outside the scoped OU, and authorizes nothing', async () => {
    const world = scopedWorld('sandbox');
    const { groupId } = await optInPrivateGroup(world);

    expect((await world.deliver(world.take())).batchItemFailures).toEqual([]);

    await expect(ec2Ingress(world, groupId)).resolves.toEqual(['tcp 8080 10.0.0.0/8']);
    expect(world.ec2Mutations()).toEqual(['CreateTags']);
    expect(listParents(world)).toHaveLength(2);
    const alerts = world.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.document).toMatchObject({
      kind: 'remediation',
      severity: 'medium',
      policy: 'web-public',
    });
    expect(alerts[0]!.document.findings.map((f) => `${f.rule} ${f.decision}`)).toEqual([
      'tcp 443 from 0.0.0.0/0 not-planned',
    ]);
    expect(alerts[0]!.text).toContain(
      "not authorized: it opens the group to the internet, and the policy's scope",
    );
  });

  it('retries the event while the OUs cannot be read: never compliant, never opened; then acts', async () => {
    const world = scopedWorld('web');
    const { groupId } = await optInPrivateGroup(world);
    const events = world.take();
    // As from an org-read role deployed before it was allowed organizations:ListParents.
    world.sb.faults.add({ service: 'organizations', operation: 'ListParents', kind: 'access-denied' });

    const failed = await world.deliver(events);

    expect(failed.batchItemFailures).toEqual(failed.messageIds.map((id) => ({ itemIdentifier: id })));
    await expect(ec2Ingress(world, groupId)).resolves.toEqual(['tcp 8080 10.0.0.0/8']);
    expect(world.ec2Mutations()).toEqual(['CreateTags']);
    expect(world.alerts()).toEqual([]);

    // The failed read was not cached: the redelivery reads the tree again and acts.
    world.sb.faults.clear();
    expect((await world.deliver(events)).batchItemFailures).toEqual([]);
    await expect(ec2Ingress(world, groupId)).resolves.toEqual(['tcp 443 0.0.0.0/0', 'tcp 8080 10.0.0.0/8']);
    expect(world.alerts().map((a) => a.document.outcome)).toEqual(['remediated']);
  });

  it('makes no ListParents call when no policy is scoped to OUs', async () => {
    const world = createWorld();
    const { groupId } = await optInPrivateGroup(world);
    world.sb.organization.moveAccount(
      PROD,
      world.sb.organization.createOrganizationalUnit(world.sb.organization.rootId, 'workloads'),
    );

    expect((await world.deliver(world.take())).batchItemFailures).toEqual([]);

    await expect(ec2Ingress(world, groupId)).resolves.toEqual(['tcp 8080 10.0.0.0/8']);
    expect(world.sb.calls.some((c) => c.operation === 'DescribeAccount')).toBe(true);
    expect(listParents(world)).toEqual([]);
  });
});
