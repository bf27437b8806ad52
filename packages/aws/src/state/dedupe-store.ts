import { randomUUID } from 'node:crypto';
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DEFAULT_CLAIM_TTL_SECONDS } from '@guardrail/core';
import { isConditionFailed, StateStoreError } from './errors';
import { epochSeconds, STATE_KEY, STATE_TTL, type StateTable } from './table';

export type ClaimStatus = 'claimed' | 'done' | 'in-progress';

export interface DynamoDbDedupeOptions {
  /**
   * How long a claim holds when its holder neither completes nor releases it (a crash). Longer than
   * the hub's function timeout, shorter than the queue's visibility timeout, so the redelivery of a
   * crashed attempt finds it expired. Default 90 s (live function 30 s, visibility 180 s); the
   * engine sets it from GUARDRAIL_CLAIM_TTL_SECONDS.
   */
  claimTtlSeconds?: number;
  /** How long a handled key is remembered. Default 24 hours (EventBridge retries for up to 24 hours). */
  doneTtlSeconds?: number;
  now?: () => Date;
}

const NAMES = { '#pk': STATE_KEY, '#owner': 'owner', '#exp': STATE_TTL };

/** Claim tokens kept for a later release (see `tokens`); the oldest are forgotten beyond this. */
const TOKENS_KEPT = 10_000;

/**
 * Dedupe shared by every hub instance (design.md section 6): a key (`event#<id>`, `sweep#<key>`)
 * is claimed with a conditional PutItem before acting, marked done after success, and released
 * after a failure so the queue's retry can claim it again. An item past its `expiresAt` counts as
 * absent whether or not DynamoDB's TTL sweeper has deleted it yet (that can take days).
 */
export class DynamoDbDedupeStore {
  /** Each claim is a round trip: the hub reads the groups while its claims are out. */
  readonly remote = true;
  /**
   * Keys this instance claimed, with the token that proves it (so it releases only its own). Kept
   * after `complete` too: the hub completes claims while it publishes, and releases them again if
   * the publish fails. Bounded: the oldest tokens are forgotten (a batch settles long before).
   */
  private readonly tokens = new Map<string, string>();
  private readonly claimTtl: number;
  private readonly doneTtl: number;
  private readonly now: () => Date;

  constructor(
    private readonly table: StateTable,
    options: DynamoDbDedupeOptions = {},
  ) {
    this.claimTtl = options.claimTtlSeconds ?? DEFAULT_CLAIM_TTL_SECONDS;
    this.doneTtl = options.doneTtlSeconds ?? 24 * 3600;
    this.now = options.now ?? (() => new Date());
  }

  async claim(key: string): Promise<ClaimStatus> {
    const token = randomUUID();
    const now = epochSeconds(this.now());
    try {
      await this.table.client.send(
        new PutItemCommand({
          TableName: this.table.tableName,
          Item: {
            [STATE_KEY]: { S: key },
            state: { S: 'claimed' },
            owner: { S: token },
            [STATE_TTL]: { N: String(now + this.claimTtl) },
          },
          ConditionExpression: 'attribute_not_exists(#pk) OR #exp < :now',
          ExpressionAttributeNames: { '#pk': NAMES['#pk'], '#exp': NAMES['#exp'] },
          ExpressionAttributeValues: { ':now': { N: String(now) } },
        }),
      );
      this.remember(key, token);
      return 'claimed';
    } catch (error) {
      if (!isConditionFailed(error)) throw new StateStoreError(this.table.tableName, `claim ${key}`, error);
    }
    // Someone holds it: done, or still in flight? (Only duplicates pay for this read.)
    try {
      const Item = await this.table.read(key);
      return Item?.state && 'S' in Item.state && Item.state.S === 'done' ? 'done' : 'in-progress';
    } catch (error) {
      throw new StateStoreError(this.table.tableName, `read claim ${key}`, error);
    }
  }

  async complete(keys: readonly string[]): Promise<void> {
    const expiresAt = epochSeconds(this.now()) + this.doneTtl;
    await this.each(keys, 'complete', (key) => {
      const token = this.tokens.get(key);
      return this.table.client.send(
        new PutItemCommand({
          TableName: this.table.tableName,
          Item: {
            [STATE_KEY]: { S: key },
            state: { S: 'done' },
            // Still this instance's: it may release it if the batch fails after all.
            ...(token ? { owner: { S: token } } : {}),
            [STATE_TTL]: { N: String(expiresAt) },
          },
        }),
      );
    });
  }

  /**
   * Expires this instance's own claims now, claimed or completed by it (so the queue's retry can
   * claim again); a claim taken over since by another instance is left alone.
   */
  async release(keys: readonly string[]): Promise<void> {
    const expired = epochSeconds(this.now()) - 1;
    const mine = keys.filter((key) => this.tokens.has(key));
    await this.each(mine, 'release', async (key) => {
      const token = this.tokens.get(key) ?? '';
      this.tokens.delete(key);
      try {
        await this.table.client.send(
          new UpdateItemCommand({
            TableName: this.table.tableName,
            Key: { [STATE_KEY]: { S: key } },
            UpdateExpression: 'SET #exp = :expired',
            ConditionExpression: '#owner = :token',
            ExpressionAttributeNames: { '#exp': NAMES['#exp'], '#owner': NAMES['#owner'] },
            ExpressionAttributeValues: { ':expired': { N: String(expired) }, ':token': { S: token } },
          }),
        );
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
      }
    });
  }

  private remember(key: string, token: string): void {
    this.tokens.delete(key);
    this.tokens.set(key, token);
    while (this.tokens.size > TOKENS_KEPT) {
      const oldest = this.tokens.keys().next().value;
      if (oldest === undefined) break;
      this.tokens.delete(oldest);
    }
  }

  /** Runs one call per key in parallel; the first failure is thrown once they all settled. */
  private async each(keys: readonly string[], operation: string, call: (key: string) => Promise<unknown>) {
    const results = await Promise.allSettled(keys.map(call));
    const failed = results.findIndex((r) => r.status === 'rejected');
    if (failed >= 0) {
      const reason = (results[failed] as PromiseRejectedResult).reason;
      throw new StateStoreError(this.table.tableName, `${operation} ${keys[failed]}`, reason);
    }
  }
}
