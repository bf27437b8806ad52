/** The hub's DynamoDB state table in the sandbox, created exactly as infra creates it. */
import { STATE_TABLE } from '@guardrail/core';
import type { Sandbox } from '@guardrail/sandbox';

/** Partition key `pk` (String), TTL on `expiresAt` (the core contract); returns the table's ARN. */
export function createStateTable(sb: Sandbox, account: string, region: string, name: string): string {
  return sb.dynamodb.createTable(account, region, {
    name,
    partitionKey: { name: STATE_TABLE.partitionKey, type: 'S' },
    ttlAttribute: STATE_TABLE.ttlAttribute,
  });
}
