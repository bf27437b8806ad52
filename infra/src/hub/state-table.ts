import { STATE_TABLE } from '@guardrail/core';
import { aws_dynamodb as dynamodb, aws_iam as iam, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * Item-level calls only, and only those the hub makes: reads by key (GetItem, and BatchGetItem,
 * which reads the keys one turn of the hub asked for in one call: still by exact key), no Scan or
 * Query, no DeleteItem (a released claim is updated, and items leave through their TTL), no
 * BatchWriteItem (it would be a delete), no administration.
 */
export const STATE_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
] as const;

/**
 * The hub's shared state (GUARDRAIL_STATE_TABLE): short-lived items shared by every instance of
 * both hub functions (event ids already handled, circuit breaker counts), each expiring through
 * the `expiresAt` TTL. One string partition key, no sort key: every access is by exact key.
 *
 * - On-demand billing: the load follows the events, bursty and mostly idle.
 * - Encryption with the AWS managed key (aws/dynamodb): encrypted at rest with a key in this
 *   account and no key policy or grant to keep right; the hub role needs no KMS permission.
 * - Point-in-time recovery: undoes a bad deployment that wrote wrong items while the stack lives.
 * - RemovalPolicy DESTROY: most of it expires within hours and is rebuilt by the next events (at
 *   worst a duplicate alert, a breaker starting from zero). `lock` baselines (`baseline#...`, no
 *   TTL) are the exception: deleting the stack deletes them, and each locked group's next event
 *   or sweep captures a new one from its rules as they are then (docs/policies.md). Retaining the
 *   table instead would leave an orphan behind `cdk destroy` whose fixed name blocks the next
 *   deployment; point-in-time recovery covers mistakes while the stack lives.
 */
export class StateTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      // The key and TTL attribute the hub code reads and writes (@guardrail/core STATE_TABLE).
      partitionKey: { name: STATE_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: STATE_TABLE.ttlAttribute,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /** Exactly the item calls the hub makes, on this table only (its indexes: none). */
  grantItemAccess(role: iam.IRole): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'HubStateItems',
        actions: [...STATE_TABLE_ACTIONS],
        resources: [this.table.tableArn],
      }),
    );
  }
}
