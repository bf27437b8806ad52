import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { STATE_TABLE_ACTIONS } from '../src/hub/state-table';
import { type ResolveContext, resolveIntrinsics } from './support/resolve-template';
import { asIdentity, decide, hubResolveContext, type Policy, rolePolicies } from './support/simulate';
import { resourcesOf, type Synthesized, synthesize } from './support/synth';

/**
 * The hub state table (GUARDRAIL_STATE_TABLE): the contract with the hub code (key `pk`, TTL
 * `expiresAt`), its settings, and the hub role's item-only access, proven by IAM simulation.
 */
const HUB_ACCOUNT = '111111111111';
const REGION = 'eu-west-1';

let s: Synthesized;
let ctx: ResolveContext;
let hubPolicies: Policy[];
let tableArn: string;
const idOf = (construct: IConstruct) => s.stacks.hub.getLogicalId(construct.node.defaultChild as CfnElement);

beforeAll(() => {
  s = synthesize();
  // The table's ARN as deployed; the fake ARNs of other resources stay unmatched.
  const tableId = idOf(s.stacks.hub.stateTable.table);
  const base = hubResolveContext(s, HUB_ACCOUNT, REGION);
  tableArn = `arn:aws:dynamodb:${REGION}:${HUB_ACCOUNT}:table/${tableId}`;
  ctx = { ...base, resources: { ...base.resources, [tableId]: tableArn } };
  hubPolicies = rolePolicies(s.hubJson, idOf(s.stacks.hub.hubRole), ctx, resolveIntrinsics);
});

describe('the hub state table', () => {
  it('is keyed by pk alone, expires items on expiresAt, on demand, encrypted, with point-in-time recovery', () => {
    const tables = Object.values(resourcesOf(s.hubJson, 'AWS::DynamoDB::Table'));
    expect(tables).toHaveLength(1);
    expect(tables[0]!.Properties).toEqual({
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
      // SSE enabled without a key: the AWS managed key (aws/dynamodb), no grant to keep right.
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('is deleted with the stack: it holds only state that expires and is rebuilt', () => {
    const table = (
      s.hubJson.Resources as Record<string, { DeletionPolicy?: string; UpdateReplacePolicy?: string }>
    )[idOf(s.stacks.hub.stateTable.table)]!;
    expect(table.DeletionPolicy).toBe('Delete');
    expect(table.UpdateReplacePolicy).toBe('Delete');
  });

  it('is named to both functions through GUARDRAIL_STATE_TABLE', () => {
    for (const fn of [s.stacks.hub.hub.fn, s.stacks.hub.sweep.fn]) {
      const properties = (s.hubJson.Resources as Record<string, { Properties: Record<string, unknown> }>)[
        idOf(fn)
      ]!.Properties as { Environment: { Variables: Record<string, unknown> } };
      expect(properties.Environment.Variables.GUARDRAIL_STATE_TABLE).toEqual({
        Ref: idOf(s.stacks.hub.stateTable.table),
      });
    }
  });
});

describe('the hub role on the state table', () => {
  const session = `arn:aws:sts::${HUB_ACCOUNT}:assumed-role/guardrail-hub/guardrail-hub`;
  const asHub = (action: string, resource: string) =>
    decide({
      request: {
        principal: session,
        action,
        resource: { resource, accountId: HUB_ACCOUNT },
        contextVariables: {},
      },
      identityPolicies: asIdentity(hubPolicies),
    });

  it('may get (one key, or a batch of keys), put and update items of the table', async () => {
    expect(STATE_TABLE_ACTIONS).toEqual([
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    for (const action of STATE_TABLE_ACTIONS) {
      expect({ action, decision: await asHub(action, tableArn) }).toEqual({ action, decision: 'Allowed' });
    }
  });

  it('may not scan, query, batch-write, delete or administer the table', async () => {
    const denied = [
      'dynamodb:Scan',
      'dynamodb:Query',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteTable',
      'dynamodb:UpdateTable',
      'dynamodb:UpdateTimeToLive',
      'dynamodb:RestoreTableToPointInTime',
      'dynamodb:ExportTableToPointInTime',
    ];
    for (const action of denied) {
      expect({ action, decision: await asHub(action, tableArn) }).toEqual({
        action,
        decision: 'ImplicitlyDenied',
      });
    }
  });

  it('may not touch another table, or an index of this one', async () => {
    const others = [
      `arn:aws:dynamodb:${REGION}:${HUB_ACCOUNT}:table/someone-elses-table`,
      `arn:aws:dynamodb:us-east-1:${HUB_ACCOUNT}:table/${idOf(s.stacks.hub.stateTable.table)}`,
      `arn:aws:dynamodb:${REGION}:222222222222:table/${idOf(s.stacks.hub.stateTable.table)}`,
      `${tableArn}/index/any`,
    ];
    for (const resource of others) {
      for (const action of STATE_TABLE_ACTIONS) {
        expect({ resource, action, decision: await asHub(action, resource) }).toEqual({
          resource,
          action,
          decision: 'ImplicitlyDenied',
        });
      }
    }
  });
});
