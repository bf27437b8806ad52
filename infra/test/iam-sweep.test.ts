import { Template } from 'aws-cdk-lib/assertions';
import { ORGANIZATIONS_READ_ACTIONS } from '../src/org/read-actions';
import { type ResolveContext, resolveIntrinsics } from './support/resolve-template';
import { ADMIN, asIdentity, decide, hubResolveContext, type Policy, rolePolicies } from './support/simulate';
import { exampleConfig, resourcesOf, type Synthesized, synthesize } from './support/synth';

/**
 * IAM simulation of what the dead-letter writes and the sweep added: the hub role (shared by both
 * functions) may send to the two DLQs and to the sweep queue only, read Organizations (itself, or
 * through the read role), and the schedule's role may invoke the sweep function and nothing else.
 */
const HUB_ACCOUNT = '111111111111';
const MANAGEMENT_ACCOUNT = '999999999999';
const REGION = 'eu-west-1';

let s: Synthesized;
let withRead: Synthesized;
let ctx: ResolveContext;
let hubPolicies: Policy[];
let hubPoliciesWithRead: Policy[];
const hubSession = `arn:aws:sts::${HUB_ACCOUNT}:assumed-role/guardrail-hub/guardrail-hub-fn`;
const logicalId = (syn: Synthesized, construct: { node: { defaultChild?: unknown } }) =>
  syn.stacks.hub.getLogicalId(construct.node.defaultChild as never);

beforeAll(() => {
  s = synthesize();
  withRead = synthesize(exampleConfig({ organizationsRead: { managementAccountId: MANAGEMENT_ACCOUNT } }));
  ctx = hubResolveContext(s, HUB_ACCOUNT, REGION);
  hubPolicies = rolePolicies(s.hubJson, logicalId(s, s.stacks.hub.hubRole), ctx, resolveIntrinsics);
  hubPoliciesWithRead = rolePolicies(
    withRead.hubJson,
    logicalId(withRead, withRead.stacks.hub.hubRole),
    hubResolveContext(withRead, HUB_ACCOUNT, REGION),
    resolveIntrinsics,
  );
});

const queueArn = (construct: { node: { defaultChild?: unknown } }) =>
  ctx.resources![logicalId(s, construct)]!;

const asHub = (action: string, resource: string, policies = hubPolicies, accountId = HUB_ACCOUNT) =>
  decide({
    request: { principal: hubSession, action, resource: { resource, accountId }, contextVariables: {} },
    identityPolicies: asIdentity(policies),
  });

describe('the hub role and the queues', () => {
  it('may send dead letters to the hub and sweep DLQs and sweep targets to the sweep queue', async () => {
    expect(await asHub('sqs:SendMessage', queueArn(s.stacks.hub.intake.deadLetterQueue))).toBe('Allowed');
    expect(await asHub('sqs:SendMessage', queueArn(s.stacks.hub.sweepQueue.deadLetterQueue))).toBe('Allowed');
    expect(await asHub('sqs:SendMessage', queueArn(s.stacks.hub.sweepQueue.queue))).toBe('Allowed');
  });

  it('may send to no other queue', async () => {
    const others = [
      queueArn(s.stacks.hub.intake.queue),
      `arn:aws:sqs:${REGION}:${HUB_ACCOUNT}:someone-elses-queue`,
      `arn:aws:sqs:${REGION}:222222222222:${logicalId(s, s.stacks.hub.intake.deadLetterQueue)}`,
    ];
    for (const queue of others) {
      expect({ queue, decision: await asHub('sqs:SendMessage', queue) }).toEqual({
        queue,
        decision: 'ImplicitlyDenied',
      });
    }
  });

  it('cannot purge or delete its queues', async () => {
    for (const action of ['sqs:PurgeQueue', 'sqs:DeleteQueue', 'sqs:SetQueueAttributes']) {
      for (const queue of [s.stacks.hub.intake.deadLetterQueue, s.stacks.hub.sweepQueue.deadLetterQueue]) {
        expect(await asHub(action, queueArn(queue))).toBe('ImplicitlyDenied');
      }
    }
  });
});

describe('Organizations reads', () => {
  it('without a read role, lets the hub role make the read-only calls the sweep needs, and no write', async () => {
    for (const action of ORGANIZATIONS_READ_ACTIONS) {
      expect({ action, decision: await asHub(action, '*') }).toEqual({ action, decision: 'Allowed' });
    }
    for (const action of [
      'organizations:CreateAccount',
      'organizations:MoveAccount',
      'organizations:LeaveOrganization',
    ]) {
      expect({ action, decision: await asHub(action, '*') }).toEqual({
        action,
        decision: 'ImplicitlyDenied',
      });
    }
    expect(ORGANIZATIONS_READ_ACTIONS).toEqual(
      expect.arrayContaining([
        'organizations:ListChildren',
        'organizations:ListAccountsForParent',
        // The OUs above an account, for policies scoped to OUs.
        'organizations:ListParents',
      ]),
    );
  });

  describe('with the read role in the management account', () => {
    let readRoleArn: string;
    let readTrust: Policy;
    let readPolicies: Policy[];
    beforeAll(() => {
      const org = Template.fromStack(withRead.stacks.orgAccess!).toJSON() as Record<string, unknown>;
      const orgCtx: ResolveContext = { account: MANAGEMENT_ACCOUNT, region: REGION, parameters: {} };
      const [id, role] = Object.entries(resourcesOf(org, 'AWS::IAM::Role'))[0]!;
      readRoleArn = `arn:aws:iam::${MANAGEMENT_ACCOUNT}:role/${role.Properties.RoleName as string}`;
      readTrust = resolveIntrinsics(role.Properties.AssumeRolePolicyDocument, orgCtx) as Policy;
      readPolicies = rolePolicies(org, id, orgCtx, resolveIntrinsics);
    });

    const assumeRead = (principal: string, identity: Policy[], action: string) =>
      decide({
        request: {
          principal,
          action,
          resource: { resource: readRoleArn, accountId: MANAGEMENT_ACCOUNT },
          contextVariables: {},
        },
        identityPolicies: asIdentity(identity),
        resourcePolicy: readTrust,
      });

    it('lets the hub role assume it, with a SourceIdentity, and nobody else', async () => {
      // The role the hub is told to assume (GUARDRAIL_ORG_READ_ROLE_ARN) is this one.
      const fns = Object.values(resourcesOf(withRead.hubJson, 'AWS::Lambda::Function')).filter(
        (f) => f.Properties.Handler === 'index.handler',
      );
      expect(fns).toHaveLength(2);
      for (const fn of fns) {
        const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
        expect(env.GUARDRAIL_ORG_READ_ROLE_ARN).toBe(readRoleArn);
      }
      for (const action of ['sts:AssumeRole', 'sts:SetSourceIdentity']) {
        expect({ action, decision: await assumeRead(hubSession, hubPoliciesWithRead, action) }).toEqual({
          action,
          decision: 'Allowed',
        });
      }
      const others = [
        `arn:aws:iam::${HUB_ACCOUNT}:role/Admin`,
        `arn:aws:iam::${MANAGEMENT_ACCOUNT}:role/Admin`,
        `arn:aws:sts::333333333333:assumed-role/guardrail-hub/x`,
      ];
      for (const principal of others) {
        expect({ principal, decision: await assumeRead(principal, [ADMIN], 'sts:AssumeRole') }).toEqual({
          principal,
          decision: expect.not.stringMatching(/^Allowed$/),
        });
      }
    });

    it('allows exactly the read-only calls', async () => {
      const session = `arn:aws:sts::${MANAGEMENT_ACCOUNT}:assumed-role/guardrail-org-read/guardrail`;
      const asRead = (action: string) =>
        decide({
          request: {
            principal: session,
            action,
            resource: { resource: '*', accountId: MANAGEMENT_ACCOUNT },
            contextVariables: {},
          },
          identityPolicies: asIdentity(readPolicies),
        });
      for (const action of ORGANIZATIONS_READ_ACTIONS) {
        expect({ action, decision: await asRead(action) }).toEqual({ action, decision: 'Allowed' });
      }
      for (const action of ['organizations:CreateAccount', 'organizations:AttachPolicy', 'iam:CreateRole']) {
        expect({ action, decision: await asRead(action) }).toEqual({ action, decision: 'ImplicitlyDenied' });
      }
    });

    it('leaves the hub role no direct Organizations access', async () => {
      expect(await asHub('organizations:ListAccounts', '*', hubPoliciesWithRead)).toBe('ImplicitlyDenied');
    });
  });
});

describe('the sweep schedule role', () => {
  let policies: Policy[];
  let session: string;
  let fnArn: string;
  let hubFnArn: string;
  beforeAll(() => {
    const roleId = logicalId(s, s.stacks.hub.sweepSchedule.role);
    policies = rolePolicies(s.hubJson, roleId, ctx, resolveIntrinsics);
    session = `arn:aws:sts::${HUB_ACCOUNT}:assumed-role/${roleId}/scheduler`;
    fnArn = ctx.resources![logicalId(s, s.stacks.hub.sweep.fn)]!;
    hubFnArn = ctx.resources![logicalId(s, s.stacks.hub.hub.fn)]!;
  });
  const asScheduler = (action: string, resource: string) =>
    decide({
      request: {
        principal: session,
        action,
        resource: { resource, accountId: HUB_ACCOUNT },
        contextVariables: {},
      },
      identityPolicies: asIdentity(policies),
    });

  it('may invoke the sweep function and dead-letter to its own DLQ', async () => {
    expect(await asScheduler('lambda:InvokeFunction', fnArn)).toBe('Allowed');
    expect(await asScheduler('sqs:SendMessage', queueArn(s.stacks.hub.sweepSchedule.deadLetterQueue))).toBe(
      'Allowed',
    );
  });

  it('may invoke no other function, version or alias, and do nothing else', async () => {
    const denied: [string, string][] = [
      ['lambda:InvokeFunction', `arn:aws:lambda:${REGION}:${HUB_ACCOUNT}:function:another-function`],
      ['lambda:InvokeFunction', `${fnArn}:live`],
      // Not the live-event function: a sweep request never reaches the short-timeout path.
      ['lambda:InvokeFunction', hubFnArn],
      ['lambda:UpdateFunctionCode', fnArn],
      ['lambda:InvokeFunctionUrl', fnArn],
      ['sqs:SendMessage', queueArn(s.stacks.hub.sweepQueue.queue)],
      ['sqs:SendMessage', queueArn(s.stacks.hub.intake.queue)],
      ['iam:PassRole', `arn:aws:iam::${HUB_ACCOUNT}:role/guardrail-hub`],
    ];
    for (const [action, resource] of denied) {
      expect({ action, resource, decision: await asScheduler(action, resource) }).toEqual({
        action,
        resource,
        decision: 'ImplicitlyDenied',
      });
    }
  });
});
