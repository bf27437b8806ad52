import {
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ResourceNotFoundException,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { Sandbox } from '../src';
import { FIXED_NOW, HUB, MEMBER, REGION } from './fixtures';

/** A hub account with a state table (pk + TTL), and a clock the test moves. */
function setup() {
  let clock = FIXED_NOW.getTime();
  const sb = new Sandbox({ seed: 3, now: () => new Date(clock) });
  sb.addAccount({ id: HUB, name: 'security-tooling' });
  sb.addAccount({ id: MEMBER, name: 'workloads-prod' });
  const hubUser = sb.iam.createUser(HUB, 'hub');
  const memberUser = sb.iam.createUser(MEMBER, 'someone');
  const arn = sb.dynamodb.createTable(HUB, REGION, {
    name: 'guardrail-state',
    partitionKey: { name: 'pk', type: 'S' },
    ttlAttribute: 'expiresAt',
  });
  const client = (principalArn = hubUser) =>
    sb.attach(new DynamoDBClient({ ...sb.clientConfig({ principalArn, region: REGION }), maxAttempts: 1 }));
  const nowSeconds = () => Math.floor(clock / 1000);
  return {
    sb,
    arn,
    ddb: client(),
    memberDdb: client(memberUser),
    nowSeconds,
    advance: (seconds: number) => {
      clock += seconds * 1000;
    },
  };
}

const TableName = 'guardrail-state';
const key = (pk: string) => ({ pk: { S: pk } });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('DynamoDB through the real client', () => {
  it('puts and gets items, and an unknown key has no Item', async () => {
    const { ddb } = setup();
    await ddb.send(
      new PutItemCommand({ TableName, Item: { pk: { S: 'a' }, state: { S: 'done' }, n: { N: '3' } } }),
    );
    const found = await ddb.send(new GetItemCommand({ TableName, Key: key('a'), ConsistentRead: true }));
    expect(found.Item).toEqual({ pk: { S: 'a' }, state: { S: 'done' }, n: { N: '3' } });
    const missing = await ddb.send(new GetItemCommand({ TableName, Key: key('b') }));
    expect(missing.Item).toBeUndefined();
  });

  it('reads many keys in one BatchGetItem: found items come back, missing ones are absent, duplicates and over 100 refused', async () => {
    const { sb, ddb } = setup();
    for (const pk of ['a', 'b']) {
      await ddb.send(
        new PutItemCommand({ TableName: 'guardrail-state', Item: { pk: { S: pk }, n: { N: '1' } } }),
      );
    }
    const keys = (...pks: string[]) => ({
      'guardrail-state': { Keys: pks.map((pk) => ({ pk: { S: pk } })), ConsistentRead: true },
    });
    const found = await ddb.send(new BatchGetItemCommand({ RequestItems: keys('a', 'gone', 'b') }));
    expect(found.Responses?.['guardrail-state']?.map((item) => item.pk?.S).sort()).toEqual(['a', 'b']);
    expect(found.UnprocessedKeys).toEqual({});
    await expect(ddb.send(new BatchGetItemCommand({ RequestItems: keys('a', 'a') }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    const many = Array.from({ length: 101 }, (_, i) => `k${i}`);
    await expect(ddb.send(new BatchGetItemCommand({ RequestItems: keys(...many) }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      ddb.send(new BatchGetItemCommand({ RequestItems: { missing: { Keys: [{ pk: { S: 'a' } }] } } })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    // DynamoDB may leave keys unprocessed (throughput, response size): the caller reads them again.
    sb.dynamodb.leaveUnprocessed(1);
    const partial = await ddb.send(new BatchGetItemCommand({ RequestItems: keys('a', 'b') }));
    expect(partial.Responses?.['guardrail-state']?.map((item) => item.pk?.S)).toEqual(['b']);
    expect(partial.UnprocessedKeys?.['guardrail-state']).toEqual({
      Keys: [{ pk: { S: 'a' } }],
      ConsistentRead: true,
    });
  });

  it('claims once with attribute_not_exists: the second put fails with ConditionalCheckFailedException', async () => {
    const { ddb } = setup();
    const claim = (owner: string) =>
      ddb.send(
        new PutItemCommand({
          TableName,
          Item: { pk: { S: 'event#1' }, owner: { S: owner } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    await claim('first');
    const error = await rejection(claim('second'));
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect(error).toMatchObject({
      name: 'ConditionalCheckFailedException',
      $metadata: { httpStatusCode: 400 },
    });
    const item = await ddb.send(new GetItemCommand({ TableName, Key: key('event#1') }));
    expect(item.Item?.owner).toEqual({ S: 'first' });
  });

  it('evaluates OR, AND, NOT, comparisons and attribute_exists with placeholders', async () => {
    // expiresAt far in the future: TTL leaves the item alone.
    const { ddb } = setup();
    await ddb.send(
      new PutItemCommand({
        TableName,
        Item: { pk: { S: 'k' }, expiresAt: { N: '5000000000' }, owner: { S: 'me' } },
      }),
    );
    const put = (condition: string, values: Record<string, { N: string } | { S: string }>) =>
      ddb.send(
        new PutItemCommand({
          TableName,
          Item: { pk: { S: 'k' }, expiresAt: { N: '5000000000' }, owner: { S: 'me' } },
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#e': 'expiresAt' },
          ExpressionAttributeValues: values,
        }),
      );
    await expect(
      put('attribute_not_exists(pk) OR #e < :now', { ':now': { N: '5000000001' } }),
    ).resolves.toBeDefined();
    await expect(
      rejection(put('attribute_not_exists(pk) OR #e < :now', { ':now': { N: '5000000000' } })),
    ).resolves.toBeInstanceOf(ConditionalCheckFailedException);
    await expect(
      put('attribute_exists(pk) AND (owner = :me AND NOT #e >= :big)', {
        ':me': { S: 'me' },
        ':big': { N: '5000000000' },
      }),
    ).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    await expect(
      put('owner <> :other AND #e <= :n', { ':other': { S: 'you' }, ':n': { N: '5000000000' } }),
    ).resolves.toBeDefined();
  });

  it('counts with UpdateItem ADD and returns UPDATED_NEW, creating the item on first use', async () => {
    const { ddb } = setup();
    const bump = () =>
      ddb.send(
        new UpdateItemCommand({
          TableName,
          Key: key('breaker#g#1'),
          UpdateExpression: 'ADD #n :one SET #e = :exp',
          ExpressionAttributeNames: { '#n': 'remediations', '#e': 'expiresAt' },
          ExpressionAttributeValues: { ':one': { N: '1' }, ':exp': { N: '9999999999' } },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
    expect((await bump()).Attributes).toEqual({ remediations: { N: '1' }, expiresAt: { N: '9999999999' } });
    expect((await bump()).Attributes?.remediations).toEqual({ N: '2' });
    const all = await ddb.send(
      new UpdateItemCommand({
        TableName,
        Key: key('breaker#g#1'),
        UpdateExpression: 'SET alerted = :t REMOVE expiresAt',
        ConditionExpression: 'attribute_not_exists(alerted)',
        ExpressionAttributeValues: { ':t': { BOOL: true } },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(all.Attributes).toEqual({
      pk: { S: 'breaker#g#1' },
      remediations: { N: '2' },
      alerted: { BOOL: true },
    });
  });

  it('deletes items, conditionally too', async () => {
    const { ddb } = setup();
    await ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: 'c' }, owner: { S: 'a' } } }));
    const remove = (owner: string) =>
      ddb.send(
        new DeleteItemCommand({
          TableName,
          Key: key('c'),
          ConditionExpression: 'owner = :o',
          ExpressionAttributeValues: { ':o': { S: owner } },
          ReturnValues: 'ALL_OLD',
        }),
      );
    await expect(remove('b')).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    expect((await remove('a')).Attributes).toEqual({ pk: { S: 'c' }, owner: { S: 'a' } });
    expect((await ddb.send(new GetItemCommand({ TableName, Key: key('c') }))).Item).toBeUndefined();
  });

  it('honours TTL lazily on the sandbox clock: an expired item reads as gone and can be claimed again', async () => {
    const { sb, ddb, advance, nowSeconds } = setup();
    await ddb.send(
      new PutItemCommand({
        TableName,
        Item: { pk: { S: 't' }, expiresAt: { N: String(nowSeconds() + 60) } },
      }),
    );
    advance(60);
    expect((await ddb.send(new GetItemCommand({ TableName, Key: key('t') }))).Item).toBeDefined();
    advance(1);
    expect((await ddb.send(new GetItemCommand({ TableName, Key: key('t') }))).Item).toBeUndefined();
    await ddb.send(
      new PutItemCommand({
        TableName,
        Item: { pk: { S: 't' } },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    expect(sb.dynamodb.items(HUB, REGION, TableName)).toEqual([{ pk: { S: 't' } }]);
  });

  it('creates tables through the API and enables TTL with UpdateTimeToLive', async () => {
    const { ddb, advance } = setup();
    await ddb.send(
      new CreateTableCommand({
        TableName: 'other',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await ddb.send(new PutItemCommand({ TableName: 'other', Item: { id: { S: 'x' }, ttl: { N: '1' } } }));
    expect(
      (await ddb.send(new GetItemCommand({ TableName: 'other', Key: { id: { S: 'x' } } }))).Item,
    ).toBeDefined();
    await ddb.send(
      new UpdateTimeToLiveCommand({
        TableName: 'other',
        TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' },
      }),
    );
    advance(1);
    expect(
      (await ddb.send(new GetItemCommand({ TableName: 'other', Key: { id: { S: 'x' } } }))).Item,
    ).toBeUndefined();
  });

  it('answers the real errors: unknown table, bad key, bad expression, unused placeholder', async () => {
    const { ddb, memberDdb, arn } = setup();
    await expect(ddb.send(new GetItemCommand({ TableName: 'nope', Key: key('a') }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    // The table is the hub account's: another account does not see it, by name or by ARN.
    await expect(memberDdb.send(new GetItemCommand({ TableName, Key: key('a') }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(
      memberDdb.send(new GetItemCommand({ TableName: arn, Key: key('a') })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(ddb.send(new GetItemCommand({ TableName: arn, Key: key('a') }))).resolves.toBeDefined();
    await expect(ddb.send(new GetItemCommand({ TableName, Key: { pk: { N: '1' } } }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      ddb.send(
        new PutItemCommand({
          TableName,
          Item: { pk: { S: 'a' } },
          ConditionExpression: 'attribute_not_exists(pk',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      ddb.send(
        new PutItemCommand({
          TableName,
          Item: { pk: { S: 'a' } },
          ConditionExpression: 'attribute_not_exists(pk)',
          ExpressionAttributeValues: { ':unused': { S: 'x' } },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining(':unused') });
    await expect(
      ddb.send(
        new UpdateItemCommand({
          TableName,
          Key: key('a'),
          UpdateExpression: 'SET pk = :v',
          ExpressionAttributeValues: { ':v': { S: 'b' } },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('part of the key'),
    });
  });

  it('injects faults on dynamodb like on any service', async () => {
    const { sb, ddb } = setup();
    sb.faults.add({ service: 'dynamodb', kind: 'throttle', times: 1 });
    await expect(ddb.send(new GetItemCommand({ TableName, Key: key('a') }))).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
    await expect(ddb.send(new GetItemCommand({ TableName, Key: key('a') }))).resolves.toBeDefined();
  });
});
