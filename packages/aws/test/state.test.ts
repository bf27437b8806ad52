import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { createStateStores, createStateTable, DynamoDbBreakerStore, StateStoreError } from '../src';
import { createOrg, HUB_ACCOUNT, REGION } from './fixture';

const TABLE = 'guardrail-state';
const T0 = new Date('2026-03-01T12:00:00Z').getTime();

/** The hub's state table on the sandbox, a clock both the sandbox (TTL) and the stores read. */
function setup() {
  let clock = T0;
  const now = () => new Date(clock);
  const org = createOrg({ sandboxNow: now });
  org.sb.dynamodb.createTable(HUB_ACCOUNT, REGION, {
    name: TABLE,
    partitionKey: { name: 'pk', type: 'S' },
    ttlAttribute: 'expiresAt',
  });
  /** A hub instance: its own client and stores on the shared table. */
  const instance = () => createStateStores(TABLE, { aws: org.aws, dedupe: { now, claimTtlSeconds: 300 } });
  return {
    org,
    now,
    instance,
    advance: (seconds: number) => {
      clock += seconds * 1000;
    },
    items: () => org.sb.dynamodb.items(HUB_ACCOUNT, REGION, TABLE),
  };
}

describe('DynamoDbDedupeStore', () => {
  it('lets exactly one instance claim a key, and answers done once it is completed', async () => {
    const { instance, items } = setup();
    const a = instance();
    const b = instance();
    const [first, second] = await Promise.all([a.dedupe.claim('event#e1'), b.dedupe.claim('event#e1')]);
    expect([first, second].sort()).toEqual(['claimed', 'in-progress']);
    const holder = first === 'claimed' ? a : b;
    await holder.dedupe.complete(['event#e1']);
    expect(await a.dedupe.claim('event#e1')).toBe('done');
    expect(await b.dedupe.claim('event#e1')).toBe('done');
    expect(items()).toEqual([
      {
        pk: { S: 'event#e1' },
        state: { S: 'done' },
        owner: { S: expect.any(String) },
        expiresAt: { N: String(T0 / 1000 + 24 * 3600) },
      },
    ]);
  });

  it('reopens a key it completed when the batch fails after all (a publish), and only its own', async () => {
    const { instance } = setup();
    const a = instance();
    const b = instance();
    expect(await a.dedupe.claim('event#e4')).toBe('claimed');
    await a.dedupe.complete(['event#e4']);
    // b never held it: its release leaves it done.
    await b.dedupe.release(['event#e4']);
    expect(await b.dedupe.claim('event#e4')).toBe('done');
    await a.dedupe.release(['event#e4']);
    expect(await b.dedupe.claim('event#e4')).toBe('claimed');
  });

  it('holds a claim for 90 seconds by default (GUARDRAIL_CLAIM_TTL_SECONDS)', async () => {
    const { org, now, advance } = setup();
    const stores = () => createStateStores(TABLE, { aws: org.aws, dedupe: { now } });
    const a = stores();
    const b = stores();
    expect(await a.dedupe.claim('event#e5')).toBe('claimed');
    advance(90);
    expect(await b.dedupe.claim('event#e5')).toBe('in-progress');
    advance(1);
    expect(await b.dedupe.claim('event#e5')).toBe('claimed');
  });

  it('releases a failed attempt so the retry can claim it, but only its own claim', async () => {
    const { instance } = setup();
    const a = instance();
    const b = instance();
    expect(await a.dedupe.claim('event#e2')).toBe('claimed');
    // b never held it: its release changes nothing.
    await b.dedupe.release(['event#e2']);
    expect(await b.dedupe.claim('event#e2')).toBe('in-progress');
    await a.dedupe.release(['event#e2']);
    expect(await b.dedupe.claim('event#e2')).toBe('claimed');
    // a's claim was released and taken over: a late release from a does not undo b's.
    await a.dedupe.release(['event#e2']);
    expect(await a.dedupe.claim('event#e2')).toBe('in-progress');
  });

  it('lets a crashed claim expire after its TTL', async () => {
    const { instance, advance } = setup();
    const a = instance();
    const b = instance();
    expect(await a.dedupe.claim('sweep#sweep/s-1/222222222222/eu-west-1')).toBe('claimed');
    advance(300);
    expect(await b.dedupe.claim('sweep#sweep/s-1/222222222222/eu-west-1')).toBe('in-progress');
    advance(1);
    expect(await b.dedupe.claim('sweep#sweep/s-1/222222222222/eu-west-1')).toBe('claimed');
  });

  it('wraps DynamoDB failures in StateStoreError (the engine fails open on them)', async () => {
    const { org, instance } = setup();
    org.sb.faults.add({ service: 'dynamodb', kind: 'server-error' });
    const error = await instance()
      .dedupe.claim('event#e3')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateStoreError);
    expect((error as StateStoreError).cause).toMatchObject({ name: 'InternalServerError' });
    await expect(instance().dedupe.complete(['event#e3'])).rejects.toBeInstanceOf(StateStoreError);
  });
});

describe('DynamoDbBreakerStore', () => {
  const group = { account: '222222222222', region: REGION, groupId: 'sg-1' };
  const LIMITS = { maxRemediations: 2, windowMinutes: 10 };
  const SSH = '00000000000000aa';
  const HTTPS = '00000000000000bb';
  const at = (ms: number) => new Date(ms);

  it('counts remediations per fingerprint from every instance in the window', async () => {
    const { instance, now } = setup();
    const a = instance().breaker;
    const b = instance().breaker;
    await a.record(group, [SSH], now(), LIMITS);
    await b.record(group, [SSH, HTTPS], now(), LIMITS);
    await Promise.all([a.record(group, [SSH], now(), LIMITS), b.record(group, [SSH], now(), LIMITS)]);
    const counts = await a.read(group, now(), LIMITS);
    expect(counts.get(SSH)).toMatchObject({ remediations: 4, alerted: false });
    expect(counts.get(HTTPS)).toMatchObject({ remediations: 1, alerted: false });
    expect(await b.read({ ...group, groupId: 'sg-2' }, now(), LIMITS)).toEqual(new Map());
  });

  it('grants the contested alert of a fingerprint to one instance only, leaving the others to claim', async () => {
    const { instance, now } = setup();
    const a = instance().breaker;
    const b = instance().breaker;
    await a.record(group, [SSH, HTTPS], now(), LIMITS);
    const claims = await Promise.all([
      a.claimAlert(group, SSH, now(), LIMITS),
      b.claimAlert(group, SSH, now(), LIMITS),
    ]);
    expect(claims.sort()).toEqual([false, true]);
    const counts = await b.read(group, now(), LIMITS);
    expect(counts.get(SSH)?.alerted).toBe(true);
    expect(counts.get(HTTPS)?.alerted).toBe(false);
    expect(await b.claimAlert(group, HTTPS, now(), LIMITS)).toBe(true);
  });

  it('keeps counting the previous bucket, alerts again in the next one, then forgets both', async () => {
    const { instance, now, advance } = setup();
    const store = instance().breaker;
    // T0 is on a 10-minute boundary: 9 minutes in, then into the next bucket.
    advance(9 * 60);
    await store.record(group, [SSH], now(), LIMITS);
    await store.claimAlert(group, SSH, now(), LIMITS);
    advance(2 * 60);
    await store.record(group, [SSH], now(), LIMITS);
    // Two buckets count: paused until the previous one stops counting (minute 20).
    expect((await store.read(group, now(), LIMITS)).get(SSH)).toEqual({
      remediations: 2,
      alerted: false,
      resumesAt: at(T0 + 20 * 60_000),
    });
    expect(await store.claimAlert(group, SSH, now(), LIMITS)).toBe(true);
    advance(10 * 60);
    expect((await store.read(group, now(), LIMITS)).get(SSH)).toMatchObject({
      remediations: 1,
      alerted: false,
    });
    advance(10 * 60);
    expect(await store.read(group, now(), LIMITS)).toEqual(new Map());
  });

  it('resumes a bucket later when the current bucket alone reaches the limit', async () => {
    const { instance, now, advance } = setup();
    const store = instance().breaker;
    advance(60);
    await store.record(group, [SSH], now(), LIMITS);
    await store.record(group, [SSH], now(), LIMITS);
    expect((await store.read(group, now(), LIMITS)).get(SSH)?.resumesAt).toEqual(at(T0 + 20 * 60_000));
  });

  it('refuses what is not a fingerprint before it reaches an expression', async () => {
    const { instance, now } = setup();
    await expect(instance().breaker.record(group, ['x = :one, #exp'], now(), LIMITS)).rejects.toThrow(
      'is not an action fingerprint',
    );
  });

  it('wraps DynamoDB failures in StateStoreError', async () => {
    const { org } = setup();
    org.sb.faults.add({ service: 'dynamodb', kind: 'access-denied' });
    const store = new DynamoDbBreakerStore(createStateTable(TABLE, org.aws));
    await expect(store.read(group, new Date(T0), LIMITS)).rejects.toBeInstanceOf(StateStoreError);
    await expect(store.record(group, [SSH], new Date(T0), LIMITS)).rejects.toBeInstanceOf(StateStoreError);
    await expect(store.claimAlert(group, SSH, new Date(T0), LIMITS)).rejects.toBeInstanceOf(StateStoreError);
  });
});

describe('DynamoDbPolicyStore', () => {
  const group = { account: '222222222222', region: REGION, groupId: 'sg-1' };

  it('remembers per group what every instance last enforced, with when it was left', async () => {
    const { instance, now, items } = setup();
    const a = instance().policies;
    const b = instance().policies;
    expect(await b.recall(group)).toBeUndefined();
    await a.remember(
      group,
      { policy: 'web-public', mode: 'enforce', since: '2026-03-01T12:00:00.000Z' },
      now(),
    );
    expect(await b.recall(group)).toEqual({
      policy: 'web-public',
      mode: 'enforce',
      since: '2026-03-01T12:00:00.000Z',
    });
    await b.remember(
      group,
      {
        policy: 'web-public',
        mode: 'enforce',
        since: '2026-03-01T12:00:00.000Z',
        leftAt: '2026-03-02T00:00:00.000Z',
      },
      now(),
    );
    expect(await a.recall(group)).toMatchObject({ leftAt: '2026-03-02T00:00:00.000Z' });
    expect(await a.recall({ ...group, groupId: 'sg-2' })).toBeUndefined();
    // One item per group, kept 400 days after its last write.
    expect(items()).toEqual([
      expect.objectContaining({
        pk: { S: 'policy#222222222222#eu-west-1#sg-1' },
        expiresAt: { N: String(T0 / 1000 + 400 * 24 * 3600) },
      }),
    ]);
  });

  it('reads an item it cannot make sense of as nothing remembered', async () => {
    const { org, instance } = setup();
    await createStateTable(TABLE, org.aws).client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: {
          pk: { S: 'policy#222222222222#eu-west-1#sg-1' },
          policy: { S: 'web-public' },
          mode: { S: 'yolo' },
        },
      }),
    );
    expect(await instance().policies.recall(group)).toBeUndefined();
  });

  it('wraps DynamoDB failures in StateStoreError', async () => {
    const { org, instance, now } = setup();
    org.sb.faults.add({ service: 'dynamodb', kind: 'access-denied' });
    const store = instance().policies;
    await expect(store.recall(group)).rejects.toBeInstanceOf(StateStoreError);
    await expect(
      store.remember(group, { policy: 'p', mode: 'audit', since: '' }, now()),
    ).rejects.toBeInstanceOf(StateStoreError);
  });
});

describe('DynamoDbOutboxStore', () => {
  const group = { account: '222222222222', region: REGION, groupId: 'sg-1' };

  it('keeps what one instance was about to do for every other, until it is closed', async () => {
    const { instance, now, items } = setup();
    const a = instance().outbox;
    const b = instance().outbox;
    expect(await b.recall(group)).toBeUndefined();
    const owed = { plan: { groupId: 'sg-1', actions: [] }, openedAt: '2026-03-01T12:00:00.000Z' };
    await a.open(group, owed, now());
    expect(await b.recall(group)).toEqual(owed);
    expect(await b.recall({ ...group, groupId: 'sg-2' })).toBeUndefined();
    await b.close(group);
    expect(await a.recall(group)).toBeUndefined();
    // Closed by an update (the hub role has no DeleteItem); the TTL removes it, 14 days on.
    expect(items()).toEqual([
      expect.objectContaining({
        pk: { S: 'outbox#222222222222#eu-west-1#sg-1' },
        closed: { BOOL: true },
        expiresAt: { N: String(T0 / 1000 + 14 * 24 * 3600) },
      }),
    ]);
    // A new record for the group opens it again.
    await a.open(group, owed, now());
    expect(await b.recall(group)).toEqual(owed);
  });

  it('says which table and key failed', async () => {
    const org = createOrg();
    const outbox = createStateStores('no-such-table', { aws: org.aws }).outbox;
    await expect(outbox.recall(group)).rejects.toThrow(StateStoreError);
    await expect(outbox.open(group, {}, new Date())).rejects.toThrow(/outbox#222222222222#eu-west-1#sg-1/);
    await expect(outbox.close(group)).rejects.toThrow(StateStoreError);
  });
});

describe('DynamoDbVerdictStore', () => {
  it('keeps the last forwarding verdict per account x region for every instance', async () => {
    const { instance, now, items } = setup();
    const a = instance().verdicts;
    const b = instance().verdicts;
    expect(await b.recall('222222222222', REGION)).toBeUndefined();
    const problems = [{ code: 'rule-disabled', resource: 'guardrail-forward-sg-events', detail: 'DISABLED' }];
    await a.remember('222222222222', REGION, problems, now());
    expect(await b.recall('222222222222', REGION)).toEqual(problems);
    await b.remember('222222222222', REGION, [], now());
    expect(await a.recall('222222222222', REGION)).toEqual([]);
    expect(await a.recall('222222222222', 'us-east-1')).toBeUndefined();
    expect(items()).toEqual([
      expect.objectContaining({
        pk: { S: 'forwarding#222222222222#eu-west-1' },
        expiresAt: { N: String(T0 / 1000 + 30 * 24 * 3600) },
      }),
    ]);
  });

  it('says which table and key failed', async () => {
    const verdicts = createStateStores('no-such-table', { aws: createOrg().aws }).verdicts;
    await expect(verdicts.recall('222222222222', REGION)).rejects.toThrow(
      /forwarding#222222222222#eu-west-1/,
    );
    await expect(verdicts.remember('222222222222', REGION, [], new Date())).rejects.toThrow(StateStoreError);
  });
});

describe('the state table reads (coalesced into BatchGetItem)', () => {
  const put = (org: ReturnType<typeof setup>['org'], pk: string) =>
    createStateTable(TABLE, org.aws).client.send(
      new PutItemCommand({ TableName: TABLE, Item: { pk: { S: pk }, v: { S: `value of ${pk}` } } }),
    );
  const dynamoCalls = (org: ReturnType<typeof setup>['org'], from: number) =>
    org.sb.calls
      .slice(from)
      .filter((c) => c.service === 'dynamodb')
      .map((c) => c.operation);

  it('reads the keys asked for in the same turn with one BatchGetItem, each once, consistent, missing ones undefined', async () => {
    const { org } = setup();
    await put(org, 'a');
    await put(org, 'b');
    const table = createStateTable(TABLE, org.aws);
    const from = org.sb.calls.length;
    const [a, b, again, missing] = await Promise.all([
      table.read('a'),
      table.read('b'),
      table.read('a'),
      table.read('nothing'),
    ]);
    expect(dynamoCalls(org, from)).toEqual(['BatchGetItem']);
    expect([a?.v?.S, b?.v?.S, again?.v?.S, missing]).toEqual([
      'value of a',
      'value of b',
      'value of a',
      undefined,
    ]);
    // One key alone is a GetItem; reads in later turns are their own call.
    const next = org.sb.calls.length;
    await table.read('a');
    await table.read('b');
    expect(dynamoCalls(org, next)).toEqual(['GetItem', 'GetItem']);
  });

  it('splits more than 100 keys into several BatchGetItem calls', async () => {
    const { org } = setup();
    const table = createStateTable(TABLE, org.aws);
    const from = org.sb.calls.length;
    const read = await Promise.all(Array.from({ length: 150 }, (_, i) => table.read(`k${i}`)));
    expect(read.every((item) => item === undefined)).toBe(true);
    expect(dynamoCalls(org, from)).toEqual(['BatchGetItem', 'BatchGetItem']);
  });

  it('reads the keys DynamoDB left unprocessed again, one by one', async () => {
    const { org } = setup();
    await put(org, 'a');
    await put(org, 'b');
    const table = createStateTable(TABLE, org.aws);
    org.sb.dynamodb.leaveUnprocessed(1);
    const from = org.sb.calls.length;
    const [a, b] = await Promise.all([table.read('a'), table.read('b')]);
    expect([a?.v?.S, b?.v?.S]).toEqual(['value of a', 'value of b']);
    expect(dynamoCalls(org, from)).toEqual(['BatchGetItem', 'GetItem']);
  });

  it('fails every read of a refused batch, each store reporting its own item (StateStoreError)', async () => {
    const { org, instance } = setup();
    const stores = instance();
    org.sb.faults.add({ service: 'dynamodb', operation: 'BatchGetItem', kind: 'access-denied' });
    const group = { account: '111111111111', region: REGION, groupId: 'sg-0123456789abcdef0' };
    const [policy, outbox] = await Promise.allSettled([
      stores.policies.recall(group),
      stores.outbox.recall(group),
    ]);
    expect(policy).toMatchObject({ status: 'rejected', reason: expect.any(StateStoreError) });
    expect(outbox).toMatchObject({ status: 'rejected', reason: expect.any(StateStoreError) });
    expect(String((policy as PromiseRejectedResult).reason.message)).toContain('policy#');
    expect(String((outbox as PromiseRejectedResult).reason.message)).toContain('outbox#');
  });
});
