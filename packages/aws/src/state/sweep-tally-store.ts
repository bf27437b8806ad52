import {
  type AttributeValue,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { isConditionFailed, StateStoreError } from './errors';
import { epochSeconds, STATE_KEY, STATE_TTL, type StateTable } from './table';

/** What the planner records when it plans a sweep. */
export interface SweepTallyOpening {
  sweepId: string;
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601: when the sweep is overdue if not every target has finished. */
  deadline: string;
  accounts: number;
  regions: string[];
  /** Account x region targets planned. */
  expected: number;
}

/** One target's figures, counted once when it is done (swept, account error, skipped). */
export interface FinishedTarget {
  account: string;
  region: string;
  groups: number;
  violations: number;
  fixed: number;
  /** Why its account could not be read or was skipped; absent when it was swept. */
  unreadable?: string;
}

/** A sweep's figures so far. */
export interface SweepTally extends SweepTallyOpening {
  finished: number;
  groups: number;
  violations: number;
  fixed: number;
  /** Unreadable accounts, each with the first reason counted. */
  unreadable: { account: string; reason: string }[];
  /** ISO 8601: when its summary was published. */
  summaryAt?: string;
  /** ISO 8601: when it was alerted overdue. */
  overdueAt?: string;
}

/** What is published once per sweep: its summary, or the alert that it is overdue. */
export type SweepNotice = 'summary' | 'overdue';

const UNREADABLE_PREFIX = 'u_';
/**
 * The tally item's attributes. Every name is aliased in the expressions (`#name`): several are
 * DynamoDB reserved words (`fixed`, ...), which DynamoDB refuses bare.
 */
const A = {
  startedAt: 'startedAt',
  deadline: 'deadline',
  accounts: 'accounts',
  regions: 'regions',
  expected: 'expected',
  finished: 'finished',
  groups: 'groupsChecked',
  violations: 'violations',
  fixed: 'fixed',
} as const;
/** A reason is kept short: a thousand unreadable accounts stay far inside DynamoDB's 400 KB item. */
const MAX_REASON = 160;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** A sweep's tally outlives the longest sweep and the report that reads its results. */
const KEEP_SECONDS = 14 * 24 * 3600;

/**
 * A sweep's tally, shared by every instance (issue 13): one item `sweep-tally#<sweepId>` with the
 * expected targets and running sums (atomic `ADD`), one attribute per unreadable account
 * (`u_<account>`), and the claims of its one summary and one overdue alert; and one marker per
 * counted target, `sweep-tally#<sweepId>#<account>#<region>`, written first under
 * `attribute_not_exists`, so that a target delivered again is never counted twice. A crash between
 * the marker and the sums loses that target's count: the sweep then never looks complete, and its
 * deadline says so (overdue, with the figures), never silence.
 */
export class DynamoDbSweepTallyStore {
  constructor(private readonly table: StateTable) {}

  /** Idempotent: a plan retried under the same id keeps the counts made since. */
  async open(opening: SweepTallyOpening): Promise<void> {
    const { sweepId } = opening;
    try {
      await this.update(sweepId, {
        UpdateExpression:
          'SET #startedAt = if_not_exists(#startedAt, :started), #deadline = if_not_exists(#deadline, :deadline), ' +
          '#accounts = :accounts, #regions = :regions, #expected = :expected, ' +
          '#finished = if_not_exists(#finished, :zero), #groups = if_not_exists(#groups, :zero), ' +
          '#violations = if_not_exists(#violations, :zero), #fixed = if_not_exists(#fixed, :zero), #exp = :exp',
        ExpressionAttributeNames: {
          '#startedAt': A.startedAt,
          '#deadline': A.deadline,
          '#accounts': A.accounts,
          '#regions': A.regions,
          '#expected': A.expected,
          '#finished': A.finished,
          '#groups': A.groups,
          '#violations': A.violations,
          '#fixed': A.fixed,
          '#exp': STATE_TTL,
        },
        ExpressionAttributeValues: {
          ':started': { S: opening.startedAt },
          ':deadline': { S: opening.deadline },
          ':accounts': { N: String(opening.accounts) },
          ':regions': { S: opening.regions.join(',') },
          ':expected': { N: String(opening.expected) },
          ':zero': { N: '0' },
          ':exp': { N: String(epochSeconds(Date.parse(opening.startedAt)) + KEEP_SECONDS) },
        },
      });
    } catch (error) {
      throw new StateStoreError(this.table.tableName, `open sweep tally ${tallyKey(sweepId)}`, error);
    }
  }

  /**
   * Counts a finished target once. Returns the tally after it (`counted: false`: it had been
   * counted before), or undefined when no tally is open for the sweep (a re-check, an expired one).
   */
  async count(
    sweepId: string,
    target: FinishedTarget,
    now: Date,
  ): Promise<{ counted: boolean; tally: SweepTally } | undefined> {
    if (!ACCOUNT.test(target.account) || !REGION.test(target.region))
      throw new StateStoreError(
        this.table.tableName,
        `count sweep target ${target.account}/${target.region}`,
        new Error('not an account id and region'),
      );
    const marker = `${tallyKey(sweepId)}#${target.account}#${target.region}`;
    try {
      await this.table.client.send(
        new PutItemCommand({
          TableName: this.table.tableName,
          Item: {
            [STATE_KEY]: { S: marker },
            countedAt: { S: now.toISOString() },
            [STATE_TTL]: { N: String(epochSeconds(now) + KEEP_SECONDS) },
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': STATE_KEY },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error))
        throw new StateStoreError(this.table.tableName, `mark sweep target ${marker}`, error);
      const tally = await this.read(sweepId);
      return tally ? { counted: false, tally } : undefined;
    }
    const unreadable = target.unreadable?.slice(0, MAX_REASON);
    try {
      const { Attributes } = await this.update(sweepId, {
        UpdateExpression:
          'ADD #finished :one, #groups :groups, #violations :violations, #fixed :fixed' +
          (unreadable === undefined ? '' : ' SET #u = if_not_exists(#u, :reason)'),
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: {
          '#pk': STATE_KEY,
          '#finished': A.finished,
          '#groups': A.groups,
          '#violations': A.violations,
          '#fixed': A.fixed,
          ...(unreadable === undefined ? {} : { '#u': `${UNREADABLE_PREFIX}${target.account}` }),
        },
        ExpressionAttributeValues: {
          ':one': { N: '1' },
          ':groups': { N: String(target.groups) },
          ':violations': { N: String(target.violations) },
          ':fixed': { N: String(target.fixed) },
          ...(unreadable === undefined ? {} : { ':reason': { S: unreadable } }),
        },
        ReturnValues: 'ALL_NEW',
      });
      const tally = tallyOf(sweepId, Attributes);
      return tally ? { counted: true, tally } : undefined;
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw new StateStoreError(this.table.tableName, `count sweep target ${marker}`, error);
    }
  }

  async read(sweepId: string): Promise<SweepTally | undefined> {
    try {
      const { Item } = await this.table.client.send(
        new GetItemCommand({
          TableName: this.table.tableName,
          Key: { [STATE_KEY]: { S: tallyKey(sweepId) } },
          ConsistentRead: true,
        }),
      );
      return tallyOf(sweepId, Item);
    } catch (error) {
      throw new StateStoreError(this.table.tableName, `read sweep tally ${tallyKey(sweepId)}`, error);
    }
  }

  /**
   * Claims the right to publish the sweep's summary or its overdue alert: true for one caller,
   * none once it is published, and again `holdMs` after a claim whose holder never finished.
   */
  async claim(sweepId: string, notice: SweepNotice, now: Date, holdMs: number): Promise<boolean> {
    try {
      await this.update(sweepId, {
        UpdateExpression: 'SET #claim = :until',
        ConditionExpression:
          'attribute_exists(#pk) AND attribute_not_exists(#done) AND (attribute_not_exists(#claim) OR #claim < :now)',
        ExpressionAttributeNames: { '#pk': STATE_KEY, '#claim': `${notice}Claim`, '#done': `${notice}At` },
        ExpressionAttributeValues: {
          ':until': { N: String(now.getTime() + holdMs) },
          ':now': { N: String(now.getTime()) },
        },
      });
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw new StateStoreError(this.table.tableName, `claim sweep ${notice} ${tallyKey(sweepId)}`, error);
    }
  }

  /** The notice could not be published: the next caller may claim it at once. */
  async release(sweepId: string, notice: SweepNotice): Promise<void> {
    try {
      await this.update(sweepId, {
        UpdateExpression: 'REMOVE #claim',
        ExpressionAttributeNames: { '#claim': `${notice}Claim` },
      });
    } catch (error) {
      throw new StateStoreError(this.table.tableName, `release sweep ${notice} ${tallyKey(sweepId)}`, error);
    }
  }

  /** The notice is published: never again for this sweep. */
  async markDone(sweepId: string, notice: SweepNotice, now: Date): Promise<void> {
    try {
      await this.update(sweepId, {
        UpdateExpression: 'SET #done = :at',
        ExpressionAttributeNames: { '#done': `${notice}At` },
        ExpressionAttributeValues: { ':at': { S: now.toISOString() } },
      });
    } catch (error) {
      throw new StateStoreError(this.table.tableName, `mark sweep ${notice} ${tallyKey(sweepId)}`, error);
    }
  }

  private update(sweepId: string, input: Omit<UpdateItemCommandInput, 'TableName' | 'Key'>) {
    return this.table.client.send(
      new UpdateItemCommand({
        TableName: this.table.tableName,
        Key: { [STATE_KEY]: { S: tallyKey(sweepId) } },
        ...input,
      }),
    );
  }
}

function tallyKey(sweepId: string): string {
  return `sweep-tally#${sweepId}`;
}

function tallyOf(sweepId: string, item: Record<string, AttributeValue> | undefined): SweepTally | undefined {
  if (item?.expected?.N === undefined || item.startedAt?.S === undefined) return undefined;
  const n = (name: (typeof A)[keyof typeof A]) => Number(item[name]?.N ?? 0);
  const unreadable = Object.entries(item)
    .filter(([name, value]) => name.startsWith(UNREADABLE_PREFIX) && value.S !== undefined)
    .map(([name, value]) => ({ account: name.slice(UNREADABLE_PREFIX.length), reason: value.S ?? '' }))
    .sort((a, b) => a.account.localeCompare(b.account));
  const regions = item[A.regions]?.S;
  return {
    sweepId,
    startedAt: item.startedAt.S,
    deadline: item[A.deadline]?.S ?? item.startedAt.S,
    accounts: n(A.accounts),
    regions: regions ? regions.split(',') : [],
    expected: n(A.expected),
    finished: n(A.finished),
    groups: n(A.groups),
    violations: n(A.violations),
    fixed: n(A.fixed),
    unreadable,
    ...(item.summaryAt?.S === undefined ? {} : { summaryAt: item.summaryAt.S }),
    ...(item.overdueAt?.S === undefined ? {} : { overdueAt: item.overdueAt.S }),
  };
}
