import {
  type AttributeValue,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { isConditionFailed, StateStoreError } from './errors';
import { epochSeconds, STATE_KEY, STATE_TTL, type StateTable } from './table';

export interface BreakerGroup {
  account: string;
  region: string;
  groupId: string;
}

/** The breaker's limits, as the engine's CircuitBreaker passes them. */
export interface BreakerLimits {
  maxRemediations: number;
  windowMinutes: number;
}

/** One fingerprint's count in the window (the engine's BreakerRuleCount). */
export interface BreakerRuleState {
  remediations: number;
  alerted: boolean;
  resumesAt: Date;
}

const COUNT_PREFIX = 'n_';
const ALERTED_PREFIX = 'a_';
/** Fingerprints are core's 16 hex digits; anything else is refused before it reaches an expression. */
const FINGERPRINT = /^[0-9a-f]{1,64}$/;

/**
 * The circuit breaker's counts shared by every hub instance (design.md section 8): one item per
 * group per window-long bucket, `breaker#<account>#<region>#<groupId>#<bucket>`, with one counter
 * per action fingerprint (`n_<fingerprint>`, an atomic `ADD`) and one alert flag
 * (`a_<fingerprint>`). A fingerprint's count in the window is that of the current bucket plus the
 * previous one: every N remediations within M minutes pause it (they span at most two buckets),
 * and it may also pause on N within up to 2M minutes and stay paused up to 2M: erring on the side
 * of the contested alert. The alert flag is the current bucket's, claimed conditionally: at most
 * one contested alert per fingerprint per bucket, so a fight that goes on is told once a window.
 */
export class DynamoDbBreakerStore {
  constructor(private readonly table: StateTable) {}

  async read(group: BreakerGroup, now: Date, limits: BreakerLimits): Promise<Map<string, BreakerRuleState>> {
    const { windowMinutes } = limits;
    const bucket = bucketOf(now, windowMinutes);
    let items: (Record<string, AttributeValue> | undefined)[];
    try {
      items = await Promise.all([bucket - 1, bucket].map((b) => this.table.read(keyOf(group, b))));
    } catch (error) {
      throw new StateStoreError(this.table.tableName, `read breaker ${keyOf(group, bucket)}`, error);
    }
    const [previous, current] = [countsOf(items[0]), countsOf(items[1])];
    const rules = new Map<string, BreakerRuleState>();
    for (const fingerprint of new Set([...previous.keys(), ...current.keys()])) {
      const inCurrent = current.get(fingerprint) ?? 0;
      // The previous bucket stops counting when the next one starts; the current one a bucket later.
      const resumesBucket = inCurrent >= limits.maxRemediations ? bucket + 2 : bucket + 1;
      rules.set(fingerprint, {
        remediations: (previous.get(fingerprint) ?? 0) + inCurrent,
        alerted: flagOf(items[1], fingerprint),
        resumesAt: new Date(resumesBucket * windowMinutes * 60_000),
      });
    }
    return rules;
  }

  async claimAlert(
    group: BreakerGroup,
    fingerprint: string,
    now: Date,
    limits: BreakerLimits,
  ): Promise<boolean> {
    const bucket = bucketOf(now, limits.windowMinutes);
    try {
      await this.updateBucket(group, bucket, limits.windowMinutes, {
        UpdateExpression: 'SET #alerted = :yes, #exp = :exp',
        ConditionExpression: 'attribute_not_exists(#alerted)',
        ExpressionAttributeNames: { '#alerted': attributeOf(ALERTED_PREFIX, fingerprint) },
        ExpressionAttributeValues: { ':yes': { BOOL: true } },
      });
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw new StateStoreError(this.table.tableName, `claim contested alert ${keyOf(group, bucket)}`, error);
    }
  }

  async record(group: BreakerGroup, fingerprints: readonly string[], now: Date, limits: BreakerLimits) {
    const bucket = bucketOf(now, limits.windowMinutes);
    const names: Record<string, string> = {};
    fingerprints.forEach((fingerprint, i) => {
      names[`#n${i}`] = attributeOf(COUNT_PREFIX, fingerprint);
    });
    try {
      await this.updateBucket(group, bucket, limits.windowMinutes, {
        UpdateExpression: `ADD ${Object.keys(names)
          .map((name) => `${name} :one`)
          .join(', ')} SET #exp = :exp`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':one': { N: '1' } },
      });
    } catch (error) {
      throw new StateStoreError(this.table.tableName, `record remediation ${keyOf(group, bucket)}`, error);
    }
  }

  /**
   * Updates the group's item for `bucket` and sets its TTL: `update`'s expression must set
   * `#exp = :exp`, which this supplies (the bucket's expiry).
   */
  private async updateBucket(
    group: BreakerGroup,
    bucket: number,
    windowMinutes: number,
    update: BucketUpdate,
  ): Promise<void> {
    await this.table.client.send(
      new UpdateItemCommand({
        TableName: this.table.tableName,
        Key: { [STATE_KEY]: { S: keyOf(group, bucket) } },
        ...update,
        ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#exp': STATE_TTL },
        ExpressionAttributeValues: {
          ...update.ExpressionAttributeValues,
          ':exp': { N: String(expiry(bucket, windowMinutes)) },
        },
      }),
    );
  }
}

function attributeOf(prefix: string, fingerprint: string): string {
  if (!FINGERPRINT.test(fingerprint)) throw new TypeError(`"${fingerprint}" is not an action fingerprint`);
  return `${prefix}${fingerprint}`;
}

function countsOf(item: Record<string, AttributeValue> | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [name, value] of Object.entries(item ?? {}))
    if (name.startsWith(COUNT_PREFIX) && 'N' in value && value.N !== undefined)
      counts.set(name.slice(COUNT_PREFIX.length), Number(value.N));
  return counts;
}

function flagOf(item: Record<string, AttributeValue> | undefined, fingerprint: string): boolean {
  const flag = item?.[`${ALERTED_PREFIX}${fingerprint}`];
  return flag !== undefined && 'BOOL' in flag && flag.BOOL === true;
}

type BucketUpdate = Pick<
  UpdateItemCommandInput,
  'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
>;

function bucketOf(now: Date, windowMinutes: number): number {
  return Math.floor(now.getTime() / (windowMinutes * 60_000));
}

function keyOf(group: BreakerGroup, bucket: number): string {
  return `breaker#${group.account}#${group.region}#${group.groupId}#${bucket}`;
}

/** A bucket still counts while it is the previous one; then TTL may remove it. */
function expiry(bucket: number, windowMinutes: number): number {
  return epochSeconds((bucket + 2) * windowMinutes * 60_000) + 60;
}
