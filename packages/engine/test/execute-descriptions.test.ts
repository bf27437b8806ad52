/**
 * executeActions with a lock policy's `update-description` actions: after the revokes and the
 * authorizes, one gateway call per direction, by rule id when the action has one, each action's
 * outcome from the gateway's answer for it.
 */
import type { Action, Direction, IpPermission } from '@guardrail/core';
import { executeActions } from '../src/execute';
import { FakeEc2, permissionOf, rule } from './support/fakes';

const now = () => new Date('2026-01-01T00:00:00.000Z');

/** Put back `description` on the tcp `port` rule from 10.0.0.0/8 (by id when given). */
function putBack(
  port: number,
  description: string,
  ruleId?: string,
  direction: Direction = 'ingress',
): Action {
  const current = rule(port, '10.0.0.0/8', ruleId, direction);
  const permission: IpPermission = {
    ...permissionOf(current),
    IpRanges: [{ CidrIp: '10.0.0.0/8', ...(description ? { Description: description } : {}) }],
  };
  return {
    type: 'update-description',
    direction,
    ...(ruleId ? { ruleId } : {}),
    permission,
    rule: { ...current, description: 'changed by hand' },
    description,
    cause: 'change',
  };
}

function revoke(ruleId: string): Action {
  const r = rule(22, '0.0.0.0/0', ruleId);
  return {
    type: 'revoke',
    direction: 'ingress',
    ruleId,
    permission: permissionOf(r),
    rule: r,
    cause: 'change',
  };
}

function authorize(port: number): Action {
  const r = rule(port, '10.0.0.0/8');
  return {
    type: 'authorize',
    direction: 'ingress',
    permission: permissionOf(r),
    rules: [r],
    cause: 'change',
  };
}

/** A FakeEc2 that also keeps the items each description call was given. */
class RecordingEc2 extends FakeEc2 {
  readonly described: { direction: Direction; items: { ruleId?: string; permission: IpPermission }[] }[] = [];
  override updateDescriptions(
    groupId: string,
    direction: Direction,
    items: { ruleId?: string; permission: IpPermission }[],
  ) {
    this.described.push({ direction, items: structuredClone(items) });
    return super.updateDescriptions(groupId, direction, items);
  }
}

function seeded() {
  const ec2 = new RecordingEc2();
  ec2.seed('sg-1', {}, [
    rule(22, '0.0.0.0/0', 'sgr-ssh'),
    { ...rule(5432, '10.0.0.0/8', 'sgr-db'), description: 'changed by hand' },
    { ...rule(6379, '10.0.0.0/8'), description: 'changed by hand' },
    { ...rule(443, '10.0.0.0/8', 'sgr-out', 'egress'), description: 'changed by hand' },
  ]);
  return ec2;
}

describe('executeActions: description updates', () => {
  it('runs revokes, then authorizes, then description updates, one call per kind and direction', async () => {
    const ec2 = seeded();
    const actions = [
      putBack(443, 'https out', 'sgr-out', 'egress'),
      putBack(5432, 'app servers', 'sgr-db'),
      authorize(8080),
      putBack(6379, 'cache'),
      revoke('sgr-ssh'),
    ];
    const result = await executeActions(ec2, 'sg-1', actions, now);
    expect(ec2.mutations.map((m) => `${m.op}/${m.direction}/${m.count}`)).toEqual([
      'revoke/ingress/1',
      'authorize/ingress/1',
      'update-description/ingress/2',
      'update-description/egress/1',
    ]);
    // Outcomes in execution order, each naming its own action.
    expect(result.outcomes.map((o) => [o.action.type, o.status])).toEqual([
      ['revoke', 'succeeded'],
      ['authorize', 'succeeded'],
      ['update-description', 'succeeded'],
      ['update-description', 'succeeded'],
      ['update-description', 'succeeded'],
    ]);
    expect(result.outcomes.map((o) => o.action)).toEqual([
      actions[4],
      actions[2],
      actions[1],
      actions[3],
      actions[0],
    ]);
    const descriptions = ec2.groups.get('sg-1')?.rules.map((r) => [r.fromPort, r.description]);
    expect(descriptions).toEqual(
      expect.arrayContaining([
        [5432, 'app servers'],
        [6379, 'cache'],
        [443, 'https out'],
      ]),
    );
  });

  it('gives the gateway the rule id when the action has one, and always the permission carrying the description', async () => {
    const ec2 = seeded();
    const byId = putBack(5432, 'app servers', 'sgr-db');
    const byShape = putBack(6379, '');
    await executeActions(ec2, 'sg-1', [byId, byShape], now);
    expect(ec2.described).toEqual([
      {
        direction: 'ingress',
        items: [
          { ruleId: 'sgr-db', permission: byId.permission },
          // No id: no ruleId key at all (the gateway then goes by IpPermissions).
          { permission: byShape.permission },
        ],
      },
    ]);
    expect(ec2.groups.get('sg-1')?.rules.find((r) => r.fromPort === 6379)?.description).toBeUndefined();
  });

  it("takes each update's outcome from the gateway's answer for it", async () => {
    const ec2 = seeded();
    ec2.scripted.updateDescriptions.push([
      { status: 'already-applied', code: 'InvalidSecurityGroupRuleId.NotFound' },
      { status: 'applied' },
      { status: 'access-denied', code: 'UnauthorizedOperation', message: 'no tag' },
    ]);
    const result = await executeActions(
      ec2,
      'sg-1',
      [putBack(5432, 'a', 'sgr-db'), putBack(6379, 'b'), putBack(1, 'c', 'sgr-x')],
      now,
    );
    expect(result.outcomes.map((o) => o.status)).toEqual(['already-applied', 'succeeded', 'failed']);
    expect(result.outcomes[2]?.error).toBe('UnauthorizedOperation: no tag');
    expect(result.retryable).toBe(false);
  });

  it('marks the result retryable when an update was throttled', async () => {
    const ec2 = seeded();
    ec2.scripted.updateDescriptions.push({
      status: 'retryable',
      code: 'RequestLimitExceeded',
      message: 'slow',
    });
    const result = await executeActions(ec2, 'sg-1', [putBack(5432, 'a', 'sgr-db')], now);
    expect(result).toMatchObject({ retryable: true, groupGone: false });
    expect(result.outcomes[0]?.error).toBe('RequestLimitExceeded: slow (will be retried)');
  });

  it('skips the updates once the group is found gone, and makes no call for them', async () => {
    const ec2 = seeded();
    ec2.scripted.revoke.push({ status: 'group-not-found' });
    const result = await executeActions(ec2, 'sg-1', [revoke('sgr-ssh'), putBack(5432, 'a', 'sgr-db')], now);
    expect(ec2.mutations.map((m) => m.op)).toEqual(['revoke']);
    expect(result.groupGone).toBe(true);
    expect(result.outcomes[1]).toEqual({
      action: expect.objectContaining({ type: 'update-description' }),
      status: 'skipped',
      error: 'group deleted',
    });
  });
});
