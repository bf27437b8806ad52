import { type AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STATE_TABLE } from '@guardrail/core';
import { type AwsOptions, baseClientConfig, withPlugins } from '../options';
import { CoalescingItemReader } from './item-reader';

/**
 * The hub's state table (GUARDRAIL_STATE_TABLE): partition key `pk` (String), no sort key, TTL on
 * `expiresAt` (Number, epoch seconds). Dedupe claims and breaker counters share it, told apart by
 * the prefix of `pk` (`event#`, `sweep#`, `breaker#`, `policy#`, `outbox#`, `forwarding#`). Reads go
 * through `read` (BatchGetItem, coalesced; GetItem for one key or a key left unprocessed); writes
 * are PutItem and UpdateItem.
 */
export interface StateTable {
  client: DynamoDBClient;
  tableName: string;
  /** A strongly consistent read of one item by `pk`, batched with the reads of the same turn. */
  read(key: string): Promise<Record<string, AttributeValue> | undefined>;
}

/** The attribute names, from the contract infra creates the table with (@guardrail/core STATE_TABLE). */
export const STATE_KEY = STATE_TABLE.partitionKey;
export const STATE_TTL = STATE_TABLE.ttlAttribute;

/** A DynamoDB client with the same plugins, retries, region and credentials as the hub's others. */
export function createStateTable(tableName: string, options: AwsOptions = {}): StateTable {
  const client = withPlugins(new DynamoDBClient(baseClientConfig(options)), options.plugins);
  const reader = new CoalescingItemReader(client, tableName, STATE_KEY);
  return { tableName, client, read: (key) => reader.get(key) };
}

/** Epoch seconds, the unit of DynamoDB's TTL. */
export function epochSeconds(at: Date | number): number {
  return Math.floor((typeof at === 'number' ? at : at.getTime()) / 1000);
}
