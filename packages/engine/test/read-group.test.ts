/**
 * The account's OUs, when the directory reads them, reach the planner (where an OU scope of a
 * policy is matched); the engine adds none of its own.
 */
import type { PlanInput } from '../src';
import { createHub } from '../src';
import { ACCOUNT, body, change, fakePlan, World } from './support/fakes';

function plannedWith(world: World) {
  const inputs: PlanInput[] = [];
  const deps = world.deps();
  const hub = createHub({
    ...deps,
    plan: (input) => {
      inputs.push(input);
      return fakePlan(input);
    },
  });
  return { hub, inputs };
}

describe('reading a group: the account lookup goes into the plan', () => {
  it("hands the account's OUs and root, nearest first, to every plan of the group", async () => {
    const world = new World();
    world.accounts.set(ACCOUNT, {
      status: 'active',
      id: ACCOUNT,
      name: 'prod',
      organizationalUnits: ['ou-ab12-prod0001', 'ou-ab12-work0001', 'r-ab12'],
    });
    world.region().seed('sg-1', { 'guardrail:policy': 'needs-https' }, []);
    const { hub, inputs } = plannedWith(world);

    await hub.processBatch([{ id: 'r1', body: body(change.tag()) }]);

    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) {
      expect(input.organizationalUnits).toEqual(['ou-ab12-prod0001', 'ou-ab12-work0001', 'r-ab12']);
    }
  });

  it('gives the plan no OUs when the directory read none', async () => {
    const world = new World();
    world.region().seed('sg-1', { 'guardrail:policy': 'needs-https' }, []);
    const { hub, inputs } = plannedWith(world);

    await hub.processBatch([{ id: 'r1', body: body(change.tag()) }]);

    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) expect(input).not.toHaveProperty('organizationalUnits');
  });
});
