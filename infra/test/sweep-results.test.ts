import { HUB_ENV, SWEEP_RESULTS_PREFIX } from '@guardrail/core';
import { type CfnElement, aws_kms as kms, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { NONCURRENT_RESULT_DAYS, SweepResultsBucket } from '../src/hub/sweep-results-bucket';
import { resourcesOf, type Synthesized, synthesize } from './support/synth';

let s: Synthesized;
const idOf = (construct: IConstruct) => s.stacks.hub.getLogicalId(construct.node.defaultChild as CfnElement);
const ref = (construct: IConstruct) => ({ Ref: idOf(construct) });
const arnOf = (construct: IConstruct) => ({ 'Fn::GetAtt': [idOf(construct), 'Arn'] });
const objectsOf = (construct: IConstruct) => ({ 'Fn::Join': ['', [arnOf(construct), '/*']] });

type Resource = {
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};
const resource = (construct: IConstruct) =>
  (s.hubJson.Resources as Record<string, Resource>)[idOf(construct)]!;

/** The statements of the bucket policy attached to a bucket. */
function bucketPolicy(template: Record<string, unknown>, bucketId: string): Record<string, unknown>[] {
  const policies = Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy')).filter(
    (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: bucketId }),
  );
  expect(policies).toHaveLength(1);
  return (policies[0]!.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
}

beforeAll(() => {
  s = synthesize();
});

describe('the sweep results bucket', () => {
  it('is encrypted with the hub key (SSE-KMS, with a Bucket Key), versioned, private and retained', () => {
    const { bucket } = s.stacks.hub.sweepResults;
    const bucketResource = resource(bucket);
    expect(bucketResource.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: arnOf(s.stacks.hub.alerts.key),
            },
          },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    // A generated name: bucket names are global, a fixed one could be taken.
    expect(bucketResource.Properties).not.toHaveProperty('BucketName');
    expect([bucketResource.DeletionPolicy, bucketResource.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
  });

  it(`expires ${SWEEP_RESULTS_PREFIX} after 90 days by default, overwritten versions after ${NONCURRENT_RESULT_DAYS}, and aborts stalled uploads`, () => {
    const rules = (
      resource(s.stacks.hub.sweepResults.bucket).Properties.LifecycleConfiguration as {
        Rules: Record<string, unknown>[];
      }
    ).Rules;
    expect(rules).toEqual([
      {
        Id: 'expire-sweep-results',
        Status: 'Enabled',
        Prefix: SWEEP_RESULTS_PREFIX,
        ExpirationInDays: 90,
        NoncurrentVersionExpiration: { NoncurrentDays: NONCURRENT_RESULT_DAYS },
      },
      {
        Id: 'clean-up',
        Status: 'Enabled',
        ExpiredObjectDeleteMarker: true,
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
    ]);
  });

  it('refuses every request without TLS 1.2 and grants nobody anything through its bucket policy', () => {
    const { bucket } = s.stacks.hub.sweepResults;
    const statements = bucketPolicy(s.hubJson, idOf(bucket));
    const everything = [arnOf(bucket), objectsOf(bucket)];
    expect(statements).toEqual([
      {
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Resource: everything,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Resource: everything,
        Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
      },
    ]);
  });

  it('logs every access to a private, TLS-only access-log bucket that only S3 logging for this bucket may write', () => {
    const { bucket, accessLogs } = s.stacks.hub.sweepResults;
    expect(resource(bucket).Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: ref(accessLogs),
      LogFilePrefix: 'sweep-results/',
    });
    const logs = resource(accessLogs);
    expect(logs.Properties).toMatchObject({
      // S3 delivers server access logs only to a bucket encrypted with S3-managed keys.
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      // ACLs disabled: the logging service writes through the bucket policy, not the log-delivery ACL.
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'expire-access-logs',
            Status: 'Enabled',
            ExpirationInDays: 365,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
    });
    expect(logs.Properties).not.toHaveProperty('AccessControl');
    expect([logs.DeletionPolicy, logs.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    const allows = bucketPolicy(s.hubJson, idOf(accessLogs)).filter((st) => st.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: { 'Fn::Join': ['', [arnOf(accessLogs), '/sweep-results/*']] },
        Condition: {
          ArnLike: { 'aws:SourceArn': arnOf(bucket) },
          StringEquals: { 'aws:SourceAccount': s.config.hub.account },
        },
      },
    ]);
    const denies = bucketPolicy(s.hubJson, idOf(accessLogs)).filter((st) => st.Effect === 'Deny');
    expect(denies.map((st) => st.Condition)).toEqual([
      { Bool: { 'aws:SecureTransport': 'false' } },
      { NumericLessThan: { 's3:TlsVersion': 1.2 } },
    ]);
  });

  it('is named to the sweep function through GUARDRAIL_SWEEP_RESULTS_BUCKET, and not to the live one', () => {
    const envOf = (fn: IConstruct) =>
      (resource(fn).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(envOf(s.stacks.hub.sweep.fn)[HUB_ENV.sweepResultsBucket]).toEqual(
      ref(s.stacks.hub.sweepResults.bucket),
    );
    expect(envOf(s.stacks.hub.hub.fn)).not.toHaveProperty(HUB_ENV.sweepResultsBucket);
  });

  it('is given as a stack output, with the s3:// location report --from-sweep takes, and its read policy too', () => {
    const outputs = s.hubJson.Outputs as Record<string, { Value: unknown; Description: string }>;
    expect(outputs.SweepResultsBucketName).toEqual({
      Value: ref(s.stacks.hub.sweepResults.bucket),
      Description: expect.stringContaining(
        `--from-sweep s3://<this bucket>/${SWEEP_RESULTS_PREFIX}<sweepId>`,
      ),
    });
    expect(outputs.SweepResultsReadPolicyArn).toEqual({
      Value: ref(s.stacks.hub.sweepResults.readPolicy),
      Description: expect.stringContaining('Read-only'),
    });
    // Not attached: who reads the results is the operator's choice.
    expect(resource(s.stacks.hub.sweepResults.readPolicy).Properties).not.toHaveProperty('Roles');
  });
});

describe('the retention settings', () => {
  it('follow sweepResults.retentionDays and sweepResults.accessLogRetentionDays', () => {
    // The construct alone: no Lambda bundling needed to check what the config drives.
    const stack = new Stack(undefined, 'Results', { env: { account: '111111111111', region: 'eu-west-1' } });
    const results = new SweepResultsBucket(stack, 'Results', {
      key: new kms.Key(stack, 'Key'),
      retentionDays: 7,
      accessLogRetentionDays: 400,
    });
    const template = Template.fromStack(stack);
    const id = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        LifecycleConfiguration: {
          Rules: Match.arrayWith([Match.objectLike({ Prefix: SWEEP_RESULTS_PREFIX, ExpirationInDays: 7 })]),
        },
      }),
    });
    const logs = template.toJSON().Resources[id(results.accessLogs)] as Resource;
    expect(logs.Properties.LifecycleConfiguration).toEqual({
      Rules: [expect.objectContaining({ ExpirationInDays: 400 })],
    });
  });
});
