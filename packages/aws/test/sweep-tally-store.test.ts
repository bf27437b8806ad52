import { createStateStores, createStateTable, DynamoDbSweepTallyStore, StateStoreError } from '../src';
import { createOrg, HUB_ACCOUNT, REGION } from './fixture';

const TABLE = 'guardrail-state';
const T0 = new Date('2026-12-03T02:00:00Z');

function setup() {
  const org = createOrg({ sandboxNow: () => T0 });
  org.sb.dynamodb.createTable(HUB_ACCOUNT, REGION, {
    name: TABLE,
    partitionKey: { name: 'pk', type: 'S' },
    ttlAttribute: 'expiresAt',
  });
  /** A hub instance: its own client on the shared table. */
  const instance = () => createStateStores(TABLE, { aws: org.aws }).sweepTally;
  return { org, instance };
}

const opening = {
  sweepId: 'nightly-1',
  startedAt: T0.toISOString(),
  deadline: new Date(T0.getTime() + 600_000).toISOString(),
  accounts: 2,
  regions: ['eu-west-1', 'us-east-1'],
  expected: 4,
};
const target = (account: string, region: string, extra: object = {}) => ({
  account,
  region,
  groups: 10,
  violations: 2,
  fixed: 1,
  ...extra,
});

describe('DynamoDbSweepTallyStore', () => {
  it('counts each finished target once across instances, and sums its figures', async () => {
    const { instance } = setup();
    const [a, b] = [instance(), instance()];
    await a.open(opening);
    const first = await a.count('nightly-1', target('111111111111', 'eu-west-1'), T0);
    expect(first).toMatchObject({
      counted: true,
      tally: { finished: 1, groups: 10, violations: 2, fixed: 1 },
    });
    // The same target delivered again, to another instance: not counted twice.
    const again = await b.count('nightly-1', target('111111111111', 'eu-west-1'), T0);
    expect(again).toMatchObject({ counted: false, tally: { finished: 1, groups: 10 } });
    const rest = await Promise.all([
      b.count('nightly-1', target('111111111111', 'us-east-1'), T0),
      a.count('nightly-1', target('222222222222', 'eu-west-1', { unreadable: 'AccessDenied: no role' }), T0),
      b.count('nightly-1', target('222222222222', 'us-east-1', { unreadable: 'a later reason' }), T0),
    ]);
    expect(rest.every((r) => r?.counted)).toBe(true);
    const tally = await a.read('nightly-1');
    expect(tally).toEqual({
      ...opening,
      finished: 4,
      groups: 40,
      violations: 8,
      fixed: 4,
      // One entry per account, with the first reason counted.
      unreadable: [{ account: '222222222222', reason: expect.any(String) }],
    });
  });

  it('keeps its counts when the plan is retried under the same id', async () => {
    const { instance } = setup();
    const store = instance();
    await store.open(opening);
    await store.count('nightly-1', target('111111111111', 'eu-west-1'), T0);
    await store.open({ ...opening, startedAt: new Date(T0.getTime() + 60_000).toISOString() });
    expect(await store.read('nightly-1')).toMatchObject({ finished: 1, startedAt: opening.startedAt });
  });

  it('counts nothing for a sweep it has no tally of (a re-check)', async () => {
    const { instance } = setup();
    const store = instance();
    await expect(store.count('recheck:1', target('111111111111', 'eu-west-1'), T0)).resolves.toBeUndefined();
    await expect(store.read('recheck:1')).resolves.toBeUndefined();
    await expect(store.claim('recheck:1', 'summary', T0, 60_000)).resolves.toBe(false);
  });

  it('hands the summary to one claimant, again after its holder crashed or released it, never once published', async () => {
    const { instance } = setup();
    const [a, b] = [instance(), instance()];
    await a.open(opening);
    const claims = await Promise.all([
      a.claim('nightly-1', 'summary', T0, 60_000),
      b.claim('nightly-1', 'summary', T0, 60_000),
    ]);
    expect(claims.sort()).toEqual([false, true]);
    // The overdue alert is claimed on its own.
    expect(await a.claim('nightly-1', 'overdue', T0, 60_000)).toBe(true);
    const later = new Date(T0.getTime() + 61_000);
    expect(await b.claim('nightly-1', 'summary', later, 60_000)).toBe(true);
    await b.release('nightly-1', 'summary');
    expect(await a.claim('nightly-1', 'summary', later, 60_000)).toBe(true);
    await a.markDone('nightly-1', 'summary', later);
    expect(await b.claim('nightly-1', 'summary', new Date(T0.getTime() + 3_600_000), 60_000)).toBe(false);
    expect(await b.read('nightly-1')).toMatchObject({ summaryAt: later.toISOString() });
  });

  it('names no attribute bare in an expression (DynamoDB refuses reserved words such as `fixed` unaliased)', async () => {
    const { org } = setup();
    const table = createStateTable(TABLE, org.aws);
    const send = jest.spyOn(table.client, 'send');
    const store = new DynamoDbSweepTallyStore(table);
    await store.open(opening);
    await store.count('nightly-1', target('111111111111', 'eu-west-1', { unreadable: 'denied' }), T0);
    await store.claim('nightly-1', 'summary', T0, 60_000);
    await store.release('nightly-1', 'summary');
    await store.claim('nightly-1', 'overdue', T0, 60_000);
    await store.markDone('nightly-1', 'overdue', T0);
    const expressions = send.mock.calls.flatMap(([command]) => {
      const input = (command as unknown as { input: Record<string, unknown> }).input;
      return [input.UpdateExpression, input.ConditionExpression].filter(
        (e): e is string => typeof e === 'string',
      );
    });
    expect(expressions.length).toBeGreaterThanOrEqual(7);
    // Left once the aliases (#a), the values (:v), the keywords and the functions are taken out: nothing.
    const KEYWORDS = /\b(SET|ADD|REMOVE|AND|OR|NOT|if_not_exists|attribute_exists|attribute_not_exists)\b/g;
    for (const expression of expressions)
      expect({
        expression,
        bare: expression
          .replace(/[#:]\w+/g, '')
          .replace(KEYWORDS, '')
          .match(/[A-Za-z_]\w*/g),
      }).toEqual({
        expression,
        bare: null,
      });
  });

  it('refuses a target that is not an account and region, and names the table on a failed call', async () => {
    const { org, instance } = setup();
    const store = instance();
    await expect(store.count('nightly-1', target('nope', 'eu-west-1'), T0)).rejects.toBeInstanceOf(
      StateStoreError,
    );
    org.sb.faults.add({ service: 'dynamodb', kind: 'access-denied' });
    const error = await store.open(opening).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateStoreError);
    expect((error as Error).message).toContain(TABLE);
  });
});
