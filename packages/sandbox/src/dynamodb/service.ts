import type { CallContext, Handler, Input } from '../context';
import { ApiError } from '../errors';
import { type Condition, evaluate, parseCondition, requireExpression } from './condition';
import { Placeholders } from './placeholders';
import { type KeyAttribute, Table, type TableSpec } from './table';
import { applyUpdate, parseUpdate } from './update';
import { type Item, readItem, validation } from './values';

export type { TableSpec } from './table';
export type { AttributeValue, Item } from './values';

function conditionFailed(): ApiError {
  return new ApiError('ConditionalCheckFailedException', 'The conditional request failed');
}

function notFound(): ApiError {
  return new ApiError('ResourceNotFoundException', 'Requested resource not found');
}

/**
 * The DynamoDB subset the hub's state store uses (items by key, conditional writes, atomic
 * counters, TTL), per account and region: CreateTable, DescribeTable, UpdateTimeToLive, GetItem,
 * BatchGetItem, PutItem, UpdateItem and DeleteItem, with DynamoDB's own error names.
 */
export class DynamoDbService {
  readonly handlers: Record<string, Handler>;
  private readonly tables = new Map<string, Table>();
  private unprocessedNext = 0;

  constructor(
    private readonly now: () => Date,
    private readonly partition: string,
  ) {
    this.handlers = {
      CreateTable: (input, ctx) => this.createTableCall(input, ctx),
      DescribeTable: (input, ctx) => ({ Table: describe(this.table(input, ctx)) }),
      UpdateTimeToLive: (input, ctx) => this.updateTtl(input, ctx),
      GetItem: (input, ctx) => this.getItem(input, ctx),
      BatchGetItem: (input, ctx) => this.batchGetItem(input, ctx),
      PutItem: (input, ctx) => this.putItem(input, ctx),
      UpdateItem: (input, ctx) => this.updateItem(input, ctx),
      DeleteItem: (input, ctx) => this.deleteItem(input, ctx),
    };
  }

  /** Seeds a table without a call (the way infra would have created it). Returns its ARN. */
  createTable(account: string, region: string, spec: TableSpec): string {
    const id = `${account}/${region}/${spec.name}`;
    if (this.tables.has(id))
      throw new ApiError('ResourceInUseException', `Table already exists: ${spec.name}`);
    if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(spec.name))
      throw validation(
        `1 validation error detected: Value '${spec.name}' at 'tableName' failed to satisfy constraint`,
      );
    const arn = `arn:${this.partition}:dynamodb:${region}:${account}:table/${spec.name}`;
    this.tables.set(id, new Table(arn, { ...spec }, this.now));
    return arn;
  }

  /** A table's live items (expired ones left out), for assertions. */
  items(account: string, region: string, name: string): Item[] {
    return this.tables.get(`${account}/${region}/${name}`)?.scan() ?? [];
  }

  private table(input: Input, ctx: CallContext): Table {
    const name = String(input.TableName ?? '');
    // A table ARN names its own account and region.
    const arn = /^arn:[^:]+:dynamodb:([^:]+):(\d{12}):table\/(.+)$/.exec(name);
    const id = arn ? `${arn[2]}/${arn[1]}/${arn[3]}` : `${ctx.accountId}/${ctx.region}/${name}`;
    const table = this.tables.get(id);
    if (!table || (arn && arn[2] !== ctx.accountId)) throw notFound();
    return table;
  }

  private createTableCall(input: Input, ctx: CallContext) {
    const schema = (input.KeySchema as { AttributeName: string; KeyType: string }[] | undefined) ?? [];
    const definitions =
      (input.AttributeDefinitions as { AttributeName: string; AttributeType: string }[] | undefined) ?? [];
    const attribute = (keyType: string): KeyAttribute | undefined => {
      const element = schema.find((k) => k.KeyType === keyType);
      if (!element) return undefined;
      const type = definitions.find((d) => d.AttributeName === element.AttributeName)?.AttributeType;
      if (type !== 'S' && type !== 'N' && type !== 'B')
        throw validation(
          'One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions',
        );
      return { name: element.AttributeName, type };
    };
    const partitionKey = attribute('HASH');
    if (!partitionKey || schema.length > 2)
      throw validation('1 validation error detected: Invalid KeySchema: exactly one HASH key is required');
    const sortKey = attribute('RANGE');
    this.createTable(ctx.accountId, ctx.region, {
      name: String(input.TableName ?? ''),
      partitionKey,
      ...(sortKey ? { sortKey } : {}),
    });
    return { TableDescription: describe(this.table(input, ctx)) };
  }

  private updateTtl(input: Input, ctx: CallContext) {
    const table = this.table(input, ctx);
    const spec = input.TimeToLiveSpecification as { Enabled?: boolean; AttributeName?: string } | undefined;
    if (!spec?.AttributeName) throw validation('TimeToLiveSpecification.AttributeName is required');
    table.enableTtl(spec.Enabled ? spec.AttributeName : undefined);
    return { TimeToLiveSpecification: { Enabled: spec.Enabled === true, AttributeName: spec.AttributeName } };
  }

  private getItem(input: Input, ctx: CallContext) {
    const table = this.table(input, ctx);
    const key = table.keyOf(readItem(input.Key, 'Key'), true);
    const item = table.get(key);
    return item ? { Item: structuredClone(item) } : {};
  }

  /**
   * DynamoDB's BatchGetItem: up to 100 keys over the request's tables, no key twice in a table;
   * the items found come back in no particular order (here: the request's), the ones not found are
   * simply absent. `unprocessed` (a test hook) leaves that many keys in `UnprocessedKeys`, as
   * DynamoDB does when the batch exceeds throughput or its 16 MB response.
   */
  private batchGetItem(input: Input, ctx: CallContext) {
    const request = (input.RequestItems ?? {}) as Record<
      string,
      { Keys?: unknown[]; ConsistentRead?: boolean }
    >;
    const tables = Object.entries(request);
    const count = tables.reduce((n, [, spec]) => n + (spec.Keys?.length ?? 0), 0);
    if (count === 0) throw validation('1 validation error detected: The requestItems parameter is required');
    if (count > 100) {
      throw validation('Too many items requested for the BatchGetItem call');
    }
    const Responses: Record<string, Item[]> = {};
    const UnprocessedKeys: Record<string, { Keys: Item[]; ConsistentRead?: boolean }> = {};
    let unprocessed = this.unprocessedNext;
    this.unprocessedNext = 0;
    for (const [name, spec] of tables) {
      const table = this.table({ TableName: name }, ctx);
      const seen = new Set<string>();
      const found: Item[] = [];
      for (const raw of spec.Keys ?? []) {
        const keyItem = readItem(raw, 'Keys');
        const key = table.keyOf(keyItem, true);
        if (seen.has(key)) throw validation('Provided list of item keys contains duplicates');
        seen.add(key);
        if (unprocessed > 0) {
          unprocessed -= 1;
          const left = UnprocessedKeys[name] ?? {
            Keys: [],
            ...(spec.ConsistentRead ? { ConsistentRead: true } : {}),
          };
          left.Keys.push(keyItem);
          UnprocessedKeys[name] = left;
          continue;
        }
        const item = table.get(key);
        if (item) found.push(structuredClone(item));
      }
      Responses[name] = found;
    }
    return { Responses, UnprocessedKeys };
  }

  /** The next BatchGetItem leaves its first `keys` keys unprocessed (then this resets). */
  leaveUnprocessed(keys: number): void {
    this.unprocessedNext = keys;
  }

  private putItem(input: Input, ctx: CallContext) {
    const table = this.table(input, ctx);
    const item = readItem(input.Item, 'Item');
    const key = table.keyOf(item, false);
    const placeholders = new Placeholders(input);
    const condition = optionalCondition(input, placeholders);
    placeholders.checkAllUsed();
    const before = table.get(key);
    if (condition && !evaluate(condition, before)) throw conditionFailed();
    table.put(key, item);
    return input.ReturnValues === 'ALL_OLD' && before ? { Attributes: structuredClone(before) } : {};
  }

  private updateItem(input: Input, ctx: CallContext) {
    const table = this.table(input, ctx);
    const keyItem = readItem(input.Key, 'Key');
    const key = table.keyOf(keyItem, true);
    const placeholders = new Placeholders(input);
    const update = parseUpdate(requireExpression(input.UpdateExpression, 'UpdateExpression'), placeholders);
    const condition = optionalCondition(input, placeholders);
    placeholders.checkAllUsed();
    const keyNames = table.keyAttributes();
    const touched = update.actions.find((a) => keyNames.includes(a.name));
    if (touched)
      throw validation(
        `One or more parameter values were invalid: Cannot update attribute ${touched.name}. This attribute is part of the key`,
      );
    const before = table.get(key);
    if (condition && !evaluate(condition, before)) throw conditionFailed();
    const { after, changed } = applyUpdate(update, before ?? keyItem);
    table.put(key, after);
    const pick = (item: Item | undefined) =>
      Object.fromEntries(changed.filter((n) => item?.[n] !== undefined).map((n) => [n, item?.[n]]));
    switch (input.ReturnValues ?? 'NONE') {
      case 'NONE':
        return {};
      case 'ALL_NEW':
        return { Attributes: structuredClone(after) };
      case 'ALL_OLD':
        return before ? { Attributes: structuredClone(before) } : {};
      case 'UPDATED_NEW':
        return { Attributes: structuredClone(pick(after)) };
      case 'UPDATED_OLD':
        return before ? { Attributes: structuredClone(pick(before)) } : {};
      default:
        throw validation(`Unknown ReturnValues: ${String(input.ReturnValues)}`);
    }
  }

  private deleteItem(input: Input, ctx: CallContext) {
    const table = this.table(input, ctx);
    const key = table.keyOf(readItem(input.Key, 'Key'), true);
    const placeholders = new Placeholders(input);
    const condition = optionalCondition(input, placeholders);
    placeholders.checkAllUsed();
    const before = table.get(key);
    if (condition && !evaluate(condition, before)) throw conditionFailed();
    table.delete(key);
    return input.ReturnValues === 'ALL_OLD' && before ? { Attributes: structuredClone(before) } : {};
  }
}

function optionalCondition(input: Input, placeholders: Placeholders): Condition | undefined {
  if (input.ConditionExpression === undefined) return undefined;
  return parseCondition(requireExpression(input.ConditionExpression, 'ConditionExpression'), placeholders);
}

function describe(table: Table) {
  const { spec } = table;
  const keys = [
    { AttributeName: spec.partitionKey.name, KeyType: 'HASH' },
    ...(spec.sortKey ? [{ AttributeName: spec.sortKey.name, KeyType: 'RANGE' }] : []),
  ];
  return {
    TableName: spec.name,
    TableArn: table.arn,
    TableStatus: 'ACTIVE',
    KeySchema: keys,
    AttributeDefinitions: [spec.partitionKey, ...(spec.sortKey ? [spec.sortKey] : [])].map((k) => ({
      AttributeName: k.name,
      AttributeType: k.type,
    })),
    BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
    CreationDateTime: table.createdAt,
  };
}
