import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { StateStoreError } from './errors';
import { epochSeconds, STATE_KEY, STATE_TTL, type StateTable } from './table';

/** Kept long past the next check (15 minutes by default): a verdict that expires is simply told again. */
const KEEP_SECONDS = 30 * 24 * 3600;

/**
 * The last forwarding health verdict per account x region, shared by every instance: one item,
 * `forwarding#<account>#<region>`, holding the problems found as JSON (none: healthy), so a broken
 * forwarding is alerted once, and its repair once, whichever instance checks.
 */
export class DynamoDbVerdictStore<Problem> {
  constructor(private readonly table: StateTable) {}

  async recall(account: string, region: string): Promise<Problem[] | undefined> {
    try {
      const Item = await this.table.read(keyOf(account, region));
      const problems = Item?.problems?.S;
      return problems === undefined ? undefined : (JSON.parse(problems) as Problem[]);
    } catch (error) {
      throw new StateStoreError(this.table.tableName, `recall verdict ${keyOf(account, region)}`, error);
    }
  }

  async remember(account: string, region: string, problems: Problem[], now: Date): Promise<void> {
    try {
      await this.table.client.send(
        new PutItemCommand({
          TableName: this.table.tableName,
          Item: {
            [STATE_KEY]: { S: keyOf(account, region) },
            problems: { S: JSON.stringify(problems) },
            checkedAt: { S: now.toISOString() },
            [STATE_TTL]: { N: String(epochSeconds(now) + KEEP_SECONDS) },
          },
        }),
      );
    } catch (error) {
      throw new StateStoreError(this.table.tableName, `remember verdict ${keyOf(account, region)}`, error);
    }
  }
}

function keyOf(account: string, region: string): string {
  return `forwarding#${account}#${region}`;
}
