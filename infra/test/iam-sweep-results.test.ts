import { sweepResultKeys } from '@guardrail/core';
import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { type ResolveContext, resolveIntrinsics } from './support/resolve-template';
import {
  ADMIN,
  asIdentity,
  type Decision,
  decide,
  hubResolveContext,
  type Policy,
  rolePolicies,
} from './support/simulate';
import { resourcesOf, type Synthesized, synthesize } from './support/synth';

/**
 * IAM simulation of the sweep results bucket: the hub role (shared by both functions) may put
 * result objects and nothing else, and only from the sweep function's code; people read through
 * the read policy; nobody else, in the account or outside it, gets in.
 */
const HUB_ACCOUNT = '111111111111';
const OTHER_ACCOUNT = '222222222222';
const REGION = 'eu-west-1';
const hubSession = `arn:aws:sts::${HUB_ACCOUNT}:assumed-role/guardrail-hub/guardrail-sweep`;
const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${HUB_ACCOUNT}:function:${name}`;
const LIVE = fnArn('guardrail-hub');
const SWEEP = fnArn('guardrail-sweep');

let s: Synthesized;
let ctx: ResolveContext;
let hubPolicies: Policy[];
let bucketPolicy: Policy;
let keyPolicy: Policy;
let readPolicy: Policy;
let bucketArn: string;
let keyArn: string;

const idOf = (construct: IConstruct) => s.stacks.hub.getLogicalId(construct.node.defaultChild as CfnElement);
const object = (key: string) => `${bucketArn}/${key}`;
const TARGET = sweepResultKeys.target('s-1', '111111111111', 'eu-west-1');
const MANIFEST = sweepResultKeys.manifest('s-1');

beforeAll(() => {
  s = synthesize();
  ctx = hubResolveContext(s, HUB_ACCOUNT, REGION);
  hubPolicies = rolePolicies(s.hubJson, idOf(s.stacks.hub.hubRole), ctx, resolveIntrinsics);
  const { bucket, readPolicy: read } = s.stacks.hub.sweepResults;
  bucketArn = ctx.resources![idOf(bucket)]!;
  keyArn = ctx.resources![idOf(s.stacks.hub.alerts.key)]!;
  const policy = Object.values(resourcesOf(s.hubJson, 'AWS::S3::BucketPolicy')).find(
    (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: idOf(bucket) }),
  )!;
  bucketPolicy = resolveIntrinsics(policy.Properties.PolicyDocument, ctx) as Policy;
  const key = resourcesOf(s.hubJson, 'AWS::KMS::Key')[idOf(s.stacks.hub.alerts.key)]!;
  keyPolicy = resolveIntrinsics(key.Properties.KeyPolicy, ctx) as Policy;
  const managed = resourcesOf(s.hubJson, 'AWS::IAM::ManagedPolicy')[idOf(read)]!;
  readPolicy = resolveIntrinsics(managed.Properties.PolicyDocument, ctx) as Policy;
});

interface Call {
  principal?: string;
  identity?: Policy[];
  /** The function whose code makes the call (`lambda:SourceFunctionArn`); none outside Lambda. */
  from?: string;
  context?: Record<string, string | string[]>;
  accountId?: string;
}

/** One S3 (or KMS) request, judged with the bucket's (or the key's) resource policy, as AWS would. */
function request(action: string, resource: string, call: Call = {}): Promise<Decision> {
  const context: Record<string, string | string[]> = { 'aws:SecureTransport': 'true', ...call.context };
  if (call.from) context['lambda:SourceFunctionArn'] = call.from;
  return decide({
    request: {
      principal: call.principal ?? hubSession,
      action,
      resource: { resource, accountId: call.accountId ?? HUB_ACCOUNT },
      contextVariables: context,
    },
    identityPolicies: asIdentity(call.identity ?? hubPolicies),
    ...(resource.startsWith(bucketArn) ? { resourcePolicy: bucketPolicy } : {}),
    ...(resource === keyArn ? { resourcePolicy: keyPolicy } : {}),
  });
}

describe('the hub role and the sweep results', () => {
  it('lets the sweep function put a target result and a manifest', async () => {
    expect(await request('s3:PutObject', object(TARGET), { from: SWEEP })).toBe('Allowed');
    expect(await request('s3:PutObject', object(MANIFEST), { from: SWEEP })).toBe('Allowed');
  });

  it('lets the live-event function put nothing: it never runs a sweep target', async () => {
    expect(await request('s3:PutObject', object(TARGET), { from: LIVE })).toBe('ImplicitlyDenied');
    expect(await request('s3:PutObject', object(MANIFEST), { from: LIVE })).toBe('ImplicitlyDenied');
  });

  it('refuses the puts to the role used outside its functions, or from another function', async () => {
    for (const key of [TARGET, MANIFEST]) {
      expect({ key, decision: await request('s3:PutObject', object(key)) }).toEqual({
        key,
        decision: 'ImplicitlyDenied',
      });
      expect({ key, decision: await request('s3:PutObject', object(key), { from: fnArn('other') }) }).toEqual(
        {
          key,
          decision: 'ImplicitlyDenied',
        },
      );
    }
  });

  it('puts nothing outside the result keys', async () => {
    const keys = [
      'other/x.json',
      'sweeps/x.json',
      'sweeps/s-1/111111111111/eu-west-1.txt',
      'sweeps/s-1/manifest.txt',
      'sweeps/s-1/111111111111/eu-west-1.json/../x',
      'sweep-results/log',
    ];
    for (const key of keys) {
      for (const from of [LIVE, SWEEP]) {
        expect({ key, from, decision: await request('s3:PutObject', object(key), { from }) }).toEqual({
          key,
          from,
          decision: 'ImplicitlyDenied',
        });
      }
    }
    const elsewhere = `arn:aws:s3:::another-bucket/${TARGET}`;
    expect(await request('s3:PutObject', elsewhere, { from: SWEEP })).toBe('ImplicitlyDenied');
  });

  it('may not read, list, delete, tag or re-permission a result, nor change the bucket', async () => {
    const denied: [string, string][] = [
      ['s3:GetObject', object(TARGET)],
      ['s3:GetObject', object(MANIFEST)],
      ['s3:GetObjectVersion', object(TARGET)],
      ['s3:DeleteObject', object(TARGET)],
      ['s3:DeleteObjectVersion', object(MANIFEST)],
      ['s3:PutObjectAcl', object(TARGET)],
      ['s3:PutObjectTagging', object(TARGET)],
      ['s3:PutObjectRetention', object(TARGET)],
      ['s3:ListBucket', bucketArn],
      ['s3:ListBucketVersions', bucketArn],
      ['s3:PutBucketPolicy', bucketArn],
      ['s3:DeleteBucketPolicy', bucketArn],
      ['s3:PutLifecycleConfiguration', bucketArn],
      ['s3:PutBucketVersioning', bucketArn],
      ['s3:DeleteBucket', bucketArn],
    ];
    for (const [action, resource] of denied) {
      for (const from of [LIVE, SWEEP]) {
        expect({ action, from, decision: await request(action, resource, { from }) }).toEqual({
          action,
          from,
          decision: 'ImplicitlyDenied',
        });
      }
    }
  });

  it('has what S3 needs to encrypt a result with the hub key', async () => {
    const viaS3 = { 'kms:ViaService': `s3.${REGION}.amazonaws.com` };
    expect(await request('kms:GenerateDataKey', keyArn, { from: SWEEP, context: viaS3 })).toBe('Allowed');
  });

  it('is refused anything without TLS, by the bucket policy', async () => {
    const plain = { 'aws:SecureTransport': 'false' };
    expect(await request('s3:PutObject', object(TARGET), { from: SWEEP, context: plain })).toBe(
      'ExplicitlyDenied',
    );
  });
});

describe('everybody else', () => {
  const otherPrincipals: [string, string, string][] = [
    // Same account, no policy granting the bucket: nothing (the bucket policy grants nobody).
    [
      'a role of the hub account without a grant',
      `arn:aws:sts::${HUB_ACCOUNT}:assumed-role/Developer/x`,
      HUB_ACCOUNT,
    ],
    // Another account, however permissive its own policies: the bucket policy does not let it in.
    [
      'an administrator of another account',
      `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/Admin/x`,
      OTHER_ACCOUNT,
    ],
  ];

  it('gets no access at all', async () => {
    for (const [who, principal, account] of otherPrincipals) {
      const identity = account === HUB_ACCOUNT ? [] : [ADMIN];
      for (const [action, resource] of [
        ['s3:GetObject', object(TARGET)],
        ['s3:PutObject', object(TARGET)],
        ['s3:DeleteObject', object(MANIFEST)],
        ['s3:ListBucket', bucketArn],
      ] as const) {
        expect({ who, action, decision: await request(action, resource, { principal, identity }) }).toEqual({
          who,
          action,
          decision: expect.not.stringMatching(/^Allowed$/),
        });
      }
    }
  });
});

describe('the read policy for people', () => {
  const reader = `arn:aws:sts::${HUB_ACCOUNT}:assumed-role/SecurityAuditor/alice`;
  const asReader = (action: string, resource: string, context: Record<string, string | string[]> = {}) =>
    request(action, resource, { principal: reader, identity: [readPolicy], context });

  it('reads any result and lists the sweeps, and decrypts them through S3', async () => {
    expect(await asReader('s3:GetObject', object(TARGET))).toBe('Allowed');
    expect(await asReader('s3:GetObject', object(MANIFEST))).toBe('Allowed');
    for (const prefix of ['sweeps/', sweepResultKeys.sweep('s-1')]) {
      expect({
        prefix,
        decision: await asReader('s3:ListBucket', bucketArn, { 's3:prefix': prefix }),
      }).toEqual({
        prefix,
        decision: 'Allowed',
      });
    }
    expect(await asReader('kms:Decrypt', keyArn, { 'kms:ViaService': `s3.${REGION}.amazonaws.com` })).toBe(
      'Allowed',
    );
  });

  it('writes and deletes nothing, lists nothing else, and decrypts nothing else with the shared key', async () => {
    for (const [action, resource] of [
      ['s3:PutObject', object(TARGET)],
      ['s3:DeleteObject', object(TARGET)],
      ['s3:PutObjectAcl', object(TARGET)],
      ['s3:GetObject', object('other/x.json')],
      ['s3:PutBucketPolicy', bucketArn],
    ] as const) {
      expect({ action, resource, decision: await asReader(action, resource) }).toEqual({
        action,
        resource,
        decision: 'ImplicitlyDenied',
      });
    }
    expect(await asReader('s3:ListBucket', bucketArn, { 's3:prefix': 'other/' })).toBe('ImplicitlyDenied');
    const denied: Record<string, string>[] = [
      // Straight to KMS, not through S3.
      {},
      // Through SNS (the key encrypts the alert topic too).
      { 'kms:ViaService': `sns.${REGION}.amazonaws.com` },
      // Through S3 in another region.
      { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
    ];
    for (const context of denied) {
      expect({ context, decision: await asReader('kms:Decrypt', keyArn, context) }).toEqual({
        context,
        decision: 'ImplicitlyDenied',
      });
    }
  });
});
