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

/**
 * A lock policy's baseline, one item per group (issue 12): `baseline#<account>#<region>#<groupId>`,
 * without TTL (it cannot be rebuilt from events), holding the baseline's JSON and its version. The
 * hub writes it; `guardrail baseline accept` writes it too, and its IAM policy is limited to keys
 * with this prefix (`dynamodb:LeadingKeys`).
 */
export const BASELINE_ITEM = {
  keyPrefix: 'baseline#',
  /** The baseline document (@guardrail/core Baseline) as JSON. */
  documentAttribute: 'baseline',
  /** Its version (Number), the condition of every write: no version is overwritten unseen. */
  versionAttribute: 'version',
} as const;

/** The state-table key of a group's baseline. */
export function baselineKey(group: { account: string; region: string; groupId: string }): string {
  return `${BASELINE_ITEM.keyPrefix}${group.account}#${group.region}#${group.groupId}`;
}
