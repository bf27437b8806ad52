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
  const WINDOW = 10;

  it('counts remediations from every instance in the window', async () => {
    const { instance, now } = setup();
    const a = instance().breaker;
    const b = instance().breaker;
    await a.record(group, now(), WINDOW);
    await b.record(group, now(), WINDOW);
    await Promise.all([a.record(group, now(), WINDOW), b.record(group, now(), WINDOW)]);
    expect(await a.read(group, now(), WINDOW)).toEqual({ remediations: 4, alerted: false });
    expect(await b.read({ ...group, groupId: 'sg-2' }, now(), WINDOW)).toEqual({
      remediations: 0,
      alerted: false,
    });
  });

  it('grants the contested alert of an opening to one instance only', async () => {
    const { instance, now } = setup();
    const a = instance().breaker;
    const b = instance().breaker;
    await a.record(group, now(), WINDOW);
    const claims = await Promise.all([
      a.claimAlert(group, now(), WINDOW),
      b.claimAlert(group, now(), WINDOW),
    ]);
    expect(claims.sort()).toEqual([false, true]);
    expect(await b.read(group, now(), WINDOW)).toEqual({ remediations: 1, alerted: true });
  });

  it('keeps counting the previous bucket, then forgets both once they are past', async () => {
    const { instance, now, advance } = setup();
    const store = instance().breaker;
    // T0 is on a 10-minute boundary: 9 minutes in, then into the next bucket.
    advance(9 * 60);
    await store.record(group, now(), WINDOW);
    await store.claimAlert(group, now(), WINDOW);
    advance(2 * 60);
    await store.record(group, now(), WINDOW);
    expect(await store.read(group, now(), WINDOW)).toEqual({ remediations: 2, alerted: true });
    advance(10 * 60);
    expect(await store.read(group, now(), WINDOW)).toEqual({ remediations: 1, alerted: false });
    advance(10 * 60);
    expect(await store.read(group, now(), WINDOW)).toEqual({ remediations: 0, alerted: false });
  });

  it('wraps DynamoDB failures in StateStoreError', async () => {
    const { org } = setup();
    org.sb.faults.add({ service: 'dynamodb', kind: 'access-denied' });
    const store = new DynamoDbBreakerStore(createStateTable(TABLE, org.aws));
    await expect(store.read(group, new Date(T0), WINDOW)).rejects.toBeInstanceOf(StateStoreError);
    await expect(store.record(group, new Date(T0), WINDOW)).rejects.toBeInstanceOf(StateStoreError);
    await expect(store.claimAlert(group, new Date(T0), WINDOW)).rejects.toBeInstanceOf(StateStoreError);
  });
});
