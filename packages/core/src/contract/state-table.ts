/**
 * The hub's DynamoDB state table (dedupe claims, circuit-breaker counters): infra creates it with
 * these attributes, @guardrail/aws reads and writes them, the sandbox's tests create it the same way.
 */
export const STATE_TABLE = {
  /** The partition key (String): every item's key, `event#<id>`, `sweep#<target>`, `breaker#<group>`. */
  partitionKey: 'pk',
  /** The TTL attribute (epoch seconds): DynamoDB deletes expired items by itself. */
  ttlAttribute: 'expiresAt',
} as const;
