/**
 * A locked group whose rule descriptions someone changes gets them put back, on the sandbox with
 * the real SDK: the event the change made, parsed by core; the group read through the remediation
 * role; the lock plan against a baseline captured before the change; executeActions with the real
 * gateway. (The hub's own baseline store is wired elsewhere: here the baseline is given directly,
 * the pure path from event to fixed group.)
 */
import { CredentialBroker, createClients, SecurityGroupGateway } from '@guardrail/aws';
import {
  captureBaseline,
  DEFAULT_TAG_KEYS,
  type GroupChange,
  loadPolicyFile,
  parseEvent,
  planGroup,
  type SecurityGroupState,
} from '@guardrail/core';
import { createHubOrganization, MEMBER_ACCOUNT as PROD, REGION } from '@guardrail/testkit';
import { executeActions } from '../src/execute';

const POLICIES = loadPolicyFile(
  `
version: 1
policies:
  db-locked:
    lock: true
`,
  'lock.yaml',
);
const OFFICE = '10.0.0.0/8';
const WORLD = '0.0.0.0/0';
const NOW = new Date('2026-06-01T00:00:00.000Z');
const now = () => NOW;

function createWorld() {
  const org = createHubOrganization({
    seed: 11,
    members: [{ id: PROD, name: 'prod' }],
    callers: [{ account: PROD, user: 'alice' }],
  });
  const { sb } = org;
  const broker = new CredentialBroker({
    region: REGION,
    ...org.hubAws(2),
    roleName: org.remediationRoleName,
  });
  const hub = new SecurityGroupGateway(broker.ec2(PROD, REGION));
  const alice = new SecurityGroupGateway(
    createClients({ plugins: [sb.plugin()], credentials: sb.credentialsFor(org.callers[0] as string) }).ec2(
      REGION,
    ),
  );
  const groupId = sb.ec2.seedSecurityGroup({
    account: PROD,
    region: REGION,
    groupName: 'db',
    tags: { [DEFAULT_TAG_KEYS.policy]: 'db-locked' },
    ingress: [
      {
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
        IpRanges: [{ CidrIp: OFFICE, Description: 'app servers' }],
      },
    ],
    egress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: WORLD }] }],
  });
  async function read(ruleIds = true): Promise<SecurityGroupState> {
    const result = await hub.readGroup(groupId, { ruleIds });
    if (result.status !== 'found') throw new Error(`group not readable: ${JSON.stringify(result)}`);
    return result.group;
  }
  /** "direction port cidr: description" of every rule in the sandbox, sorted. */
  const described = () =>
    (sb.ec2.getGroup(PROD, REGION, groupId)?.rules ?? [])
      .map(
        (r) =>
          `${r.IsEgress ? 'egress' : 'ingress'} ${r.FromPort} ${r.CidrIpv4}: ${r.Description ?? '(none)'}`,
      )
      .sort();
  /** The events since the last call, parsed by core. */
  function changes(): GroupChange[] {
    return sb.takeEvents().map((event) => {
      const parsed = parseEvent(event);
      if (!parsed.ok) throw new Error(`unparsable event: ${JSON.stringify(parsed.error)}`);
      return parsed.change as GroupChange;
    });
  }
  return {
    sb,
    hub,
    alice,
    groupId,
    read,
    described,
    changes,
    hubRoleArn: org.hubRoleArn,
    role: org.remediationRoleName,
  };
}

async function locked(world: ReturnType<typeof createWorld>) {
  const { baseline } = captureBaseline({
    group: await world.read(),
    policies: POLICIES,
    policyName: 'db-locked',
    by: world.hubRoleArn,
    reason: 'captured',
    now: NOW,
  });
  world.sb.takeEvents();
  return baseline;
}

describe('a locked group whose descriptions someone changes', () => {
  it('gets them put back, ingress and egress, by rule id, and the fix is the last change', async () => {
    const world = createWorld();
    const baseline = await locked(world);
    const before = world.described();
    const rules = (await world.read()).rules;
    const pg = rules.find((r) => r.direction === 'ingress');
    const out = rules.find((r) => r.direction === 'egress');
    await world.alice.updateDescriptions(world.groupId, 'ingress', [
      {
        ruleId: pg?.ruleId,
        permission: {
          IpProtocol: 'tcp',
          FromPort: 5432,
          ToPort: 5432,
          IpRanges: [{ CidrIp: OFFICE, Description: 'opened by alice' }],
        },
      },
    ]);
    await world.alice.updateDescriptions(world.groupId, 'egress', [
      {
        ruleId: out?.ruleId,
        permission: {
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          IpRanges: [{ CidrIp: WORLD, Description: 'mine' }],
        },
      },
    ]);
    const changes = world.changes();
    expect(changes.map((c) => [c.kind, c.byGuardrail])).toEqual([
      ['update-description', false],
      ['update-description', false],
    ]);

    const plan = planGroup({ group: await world.read(), policies: POLICIES, changes, now: NOW, baseline });
    expect(plan.lock).toEqual({ status: 'enforced', version: 1 });
    expect(plan.actions).toMatchObject([
      {
        type: 'update-description',
        direction: 'ingress',
        ruleId: pg?.ruleId,
        description: 'app servers',
        cause: 'change',
      },
      {
        type: 'update-description',
        direction: 'egress',
        ruleId: out?.ruleId,
        description: '',
        cause: 'change',
      },
    ]);

    const result = await executeActions(world.hub, world.groupId, plan.actions, now);
    expect(result.outcomes.map((o) => o.status)).toEqual(['succeeded', 'succeeded']);
    expect(world.described()).toEqual(before);
    // The hub's own calls, marked as such (loop guard): judged again, they leave nothing to do.
    const own = world.changes();
    expect(own.map((c) => [c.eventName, c.byGuardrail])).toEqual([
      ['UpdateSecurityGroupRuleDescriptionsIngress', true],
      ['UpdateSecurityGroupRuleDescriptionsEgress', true],
    ]);
    const again = planGroup({
      group: await world.read(),
      policies: POLICIES,
      changes: own,
      now: NOW,
      baseline,
    });
    expect(again.actions).toEqual([]);
  });

  it('gets it put back by IpPermissions when the group was read without rule ids', async () => {
    const world = createWorld();
    const baseline = await locked(world);
    const before = world.described();
    await world.alice.updateDescriptions(world.groupId, 'ingress', [
      { permission: { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: OFFICE }] } },
    ]);
    const changes = world.changes();
    const plan = planGroup({
      group: await world.read(false),
      policies: POLICIES,
      changes,
      now: NOW,
      baseline,
    });
    expect(plan.actions).toHaveLength(1);
    expect(plan.actions[0]).not.toHaveProperty('ruleId');

    const result = await executeActions(world.hub, world.groupId, plan.actions, now);
    expect(result.outcomes.map((o) => o.status)).toEqual(['succeeded']);
    expect(world.described()).toEqual(before);
    // Made through the member remediation role, as every fix is.
    const fix = world.sb.calls
      .filter((c) => c.operation === 'UpdateSecurityGroupRuleDescriptionsIngress')
      .at(-1);
    expect(fix?.principalArn).toContain(`:assumed-role/${world.role}/`);
  });
});
