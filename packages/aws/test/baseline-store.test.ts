import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { BASELINE_ITEM, type Baseline, baselineKey } from '@guardrail/core';
import { createStateStores, createStateTable, StateStoreError } from '../src';
import { createOrg, HUB_ACCOUNT, REGION } from './fixture';

const TABLE = 'guardrail-state';
const GROUP = { account: '111111111111', region: REGION, groupId: 'sg-0123456789abcdef0' };

function setup() {
  const org = createOrg();
  org.sb.dynamodb.createTable(HUB_ACCOUNT, REGION, {
    name: TABLE,
    partitionKey: { name: 'pk', type: 'S' },
    ttlAttribute: 'expiresAt',
  });
  const stores = createStateStores(TABLE, { aws: org.aws });
  return { org, stores, items: () => org.sb.dynamodb.items(HUB_ACCOUNT, REGION, TABLE) };
}

function baseline(version: number): Baseline {
  return {
    schemaVersion: 1,
    ...GROUP,
    policy: 'locked-db',
    version,
    rules: [
      {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 5432,
        toPort: 5432,
        peer: { kind: 'ipv4', cidr: '10.0.0.0/16' },
        description: 'app subnets',
      },
    ],
    setAt: '2026-12-01T10:00:00.000Z',
    setBy: { principal: 'arn:aws:iam::111111111111:role/deployer', reason: 'captured' },
    history: [],
  };
}

describe('DynamoDbBaselineStore', () => {
  it('keeps a baseline per group, without TTL, and reads it back exactly', async () => {
    const { stores, items } = setup();
    expect(await stores.baselines.recall(GROUP)).toBeUndefined();
    expect(await stores.baselines.save(baseline(1), undefined)).toBe('saved');
    expect(await stores.baselines.recall(GROUP)).toEqual(baseline(1));
    const [item] = items();
    expect(item?.pk).toEqual({ S: baselineKey(GROUP) });
    expect(item?.[BASELINE_ITEM.versionAttribute]).toEqual({ N: '1' });
    expect(item?.expiresAt).toBeUndefined();
  });

  it('never overwrites a version unseen: a first capture over one, or a write over a newer one, is a conflict', async () => {
    const { stores } = setup();
    await stores.baselines.save(baseline(1), undefined);
    expect(await stores.baselines.save(baseline(1), undefined)).toBe('conflict');
    expect(await stores.baselines.save(baseline(2), 1)).toBe('saved');
    // Another writer still holding version 1 comes second.
    expect(await stores.baselines.save({ ...baseline(2), setAt: '2026-12-02T00:00:00.000Z' }, 1)).toBe(
      'conflict',
    );
    expect((await stores.baselines.recall(GROUP))?.setAt).toBe('2026-12-01T10:00:00.000Z');
  });

  it('reports an item that is not a baseline as an error, never as "no baseline"', async () => {
    const { org, stores } = setup();
    await createStateTable(TABLE, org.aws).client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { pk: { S: baselineKey(GROUP) }, baseline: { S: '{"schemaVersion":1,"rules":"all"}' } },
      }),
    );
    const error = await stores.baselines.recall(GROUP).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateStoreError);
    expect(String((error as Error).message)).toContain(baselineKey(GROUP));
  });

  it('wraps an outage in StateStoreError, reads and writes alike', async () => {
    const { org, stores } = setup();
    org.sb.faults.add({ service: 'dynamodb', kind: 'access-denied' });
    await expect(stores.baselines.recall(GROUP)).rejects.toBeInstanceOf(StateStoreError);
    await expect(stores.baselines.save(baseline(1), undefined)).rejects.toBeInstanceOf(StateStoreError);
  });
});
