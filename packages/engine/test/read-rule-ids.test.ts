/**
 * The group is read with one EC2 call unless a change names rules by id alone: then (and only
 * then) the read asks for the rules' ids (issue 11: DescribeSecurityGroupRules only where a rule
 * id must be resolved).
 */
import { createHub, type ReadGroupOptions, type SecurityGroupPort } from '../src';
import { needsRuleIds } from '../src/read-group';
import { body, change, rule, World } from './support/fakes';

function recorded(world: World) {
  const asked: (ReadGroupOptions | undefined)[] = [];
  const deps = world.deps();
  const hub = createHub({
    ...deps,
    gateways: (account, region): SecurityGroupPort => {
      const ec2 = world.region(account, region);
      return {
        readGroup: (groupId, options) => {
          asked.push(options);
          return ec2.readGroup(groupId);
        },
        revoke: (groupId, direction, items) => ec2.revoke(groupId, direction, items),
        authorize: (groupId, direction, permissions) => ec2.authorize(groupId, direction, permissions),
        updateDescriptions: (groupId, direction, items) => ec2.updateDescriptions(groupId, direction, items),
        tag: (groupId, tags) => ec2.tag(groupId, tags),
      };
    },
  });
  return { hub, asked };
}

describe('how much of a group the read asks for', () => {
  it.each([
    ['an authorize: without ids', () => change({ rulesAdded: [rule(22, '0.0.0.0/0', 'sgr-1')] }), false],
    ['a revoke by id: without ids', () => change({ kind: 'revoke', ruleIdsRemoved: ['sgr-1'] }), false],
    ['a tag change: without ids', () => change.tag({ tagsSet: { 'guardrail:policy': 'no-ssh' } }), false],
    [
      'a ModifySecurityGroupRules: with ids',
      () => change({ kind: 'modify', rulesModified: [{ ruleId: 'sgr-1' }] }),
      true,
    ],
    [
      'an UpdateSecurityGroupRuleDescriptions: with ids',
      () =>
        change({ kind: 'update-description', direction: 'ingress', rulesModified: [{ ruleId: 'sgr-1' }] }),
      true,
    ],
  ])('%s', async (_name, make, ids) => {
    const world = new World();
    world.region().seed('sg-1', { 'guardrail:policy': 'no-ssh' }, []);
    const { hub, asked } = recorded(world);

    await hub.processBatch([{ id: 'r1', body: body(make()) }]);

    expect(asked).toEqual([{ ruleIds: ids }]);
  });

  it('asks for ids when one of the changes coalesced into the group modified rules by id', async () => {
    const world = new World();
    world.region().seed('sg-1', { 'guardrail:policy': 'no-ssh' }, []);
    const { hub, asked } = recorded(world);

    await hub.processBatch([
      { id: 'r1', body: body(change({ rulesAdded: [rule(22, '0.0.0.0/0')] })) },
      { id: 'r2', body: body(change({ kind: 'modify', rulesModified: [{ ruleId: 'sgr-7' }] })) },
    ]);

    expect(asked).toEqual([{ ruleIds: true }]);
  });

  it('needsRuleIds: only changes that modified rules by id, and not failed calls', () => {
    const modify = change({ kind: 'modify', rulesModified: [{ ruleId: 'sgr-1' }] });
    expect(needsRuleIds([])).toBe(false);
    expect(needsRuleIds([change({ rulesAdded: [rule(22, '0.0.0.0/0')] }), modify])).toBe(true);
    expect(needsRuleIds([{ ...modify, error: { code: 'UnauthorizedOperation' } }])).toBe(false);
    expect(needsRuleIds([change.tag({ tagsSet: { a: 'b' } })])).toBe(false);
  });
});
