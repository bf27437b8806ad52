import { SWEEP_RESULTS_PREFIX, sweepResultKeys } from '@guardrail/core';
import {
  Aws,
  Duration,
  aws_iam as iam,
  type aws_kms as kms,
  RemovalPolicy,
  Stack,
  aws_s3 as s3,
} from 'aws-cdk-lib';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';

/**
 * How long an overwritten or expired result is kept as a noncurrent version: long enough to undo
 * a bad write (a retried target overwrites its own result), short enough that the bucket holds no
 * more than the retention asked for plus this.
 */
export const NONCURRENT_RESULT_DAYS = 30;
/** Incomplete multipart uploads are never read and cost storage: abandoned after a day. */
export const ABORT_INCOMPLETE_UPLOAD_DAYS = 1;
/** Where the access logs of the results bucket go in the log bucket. */
export const ACCESS_LOG_PREFIX = 'sweep-results/';

/** Object keys, from the contract: `sweeps/<sweepId>/<account>/<region>.json` and the manifest. */
export const TARGET_RESULT_KEYS = sweepResultKeys.target('*', '*', '*');
export const MANIFEST_KEYS = sweepResultKeys.manifest('*');

export interface SweepResultsBucketProps {
  /** The hub's customer managed key (the alert key): the results are encrypted with it. */
  key: kms.IKey;
  /** Days a sweep's objects are kept before they expire (`sweeps/` only). */
  retentionDays: number;
  /** Days the bucket's server access logs are kept. */
  accessLogRetentionDays: number;
}

/** Which functions may write which results, by function ARN (`lambda:SourceFunctionArn`). */
export interface SweepResultWriters {
  /** May put `sweeps/<sweepId>/<account>/<region>.json`. */
  targets: readonly string[];
  /** May put `sweeps/<sweepId>/manifest.json`. */
  manifests: readonly string[];
}

/**
 * The sweep's results (GUARDRAIL_SWEEP_RESULTS_BUCKET): the manifest the planner writes and one
 * posture file per target, read back by `guardrail report --from-sweep`. Posture data says which
 * groups are open to what, so:
 *
 * - SSE-KMS with the hub's existing key and an S3 Bucket Key (one KMS call per bucket key, not per
 *   object of a 1,000-account sweep): reading a result needs kms:Decrypt on the key as well as
 *   s3:GetObject, so a broad S3 read grant elsewhere in the account does not expose it.
 * - TLS only (1.2 at least), every public access blocked, ACLs disabled (bucket owner enforced).
 * - Versioned: an overwrite or a deletion leaves the previous version for NONCURRENT_RESULT_DAYS.
 * - Lifecycle: `sweeps/` expires after the configured retention; incomplete uploads are aborted.
 * - Server access logs to a small bucket of their own: who read or wrote which result is audit
 *   evidence (CloudTrail data events are not enabled by this stack).
 * - Retained on stack deletion, with its logs: they are the record of past sweeps.
 *
 * Nobody gets access through a bucket policy: writes are granted to the hub role only, by object
 * key and calling function (`grantWrites`), and people read through `readPolicy`.
 */
export class SweepResultsBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;
  /** Read-only access to the results, for people and their roles (not attached to anything). */
  readonly readPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: SweepResultsBucketProps) {
    super(scope, id);
    // Log delivery through a bucket policy for the logging service, scoped to the results bucket
    // and this account (the recommended setting for new apps). Without it CDK grants the
    // LogDeliveryWrite ACL, which needs ACLs enabled on the log bucket.
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      // Server access logs can only be delivered to a bucket with SSE-S3 default encryption.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(props.accessLogRetentionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(ABORT_INCOMPLETE_UPLOAD_DAYS),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.accessLogs,
      'AwsSolutions-S1',
      'This is the access-log bucket of the sweep results bucket: logging it too would need another log bucket ' +
        'that needs one in turn. Only the S3 logging service writes to it (its bucket policy), and people read it.',
    );

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: ACCESS_LOG_PREFIX,
      lifecycleRules: [
        {
          id: 'expire-sweep-results',
          prefix: SWEEP_RESULTS_PREFIX,
          expiration: Duration.days(props.retentionDays),
          noncurrentVersionExpiration: Duration.days(NONCURRENT_RESULT_DAYS),
        },
        {
          // S3 refuses ExpiredObjectDeleteMarker next to an expiration in days: a rule of its own.
          id: 'clean-up',
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(ABORT_INCOMPLETE_UPLOAD_DAYS),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.readPolicy = new iam.ManagedPolicy(this, 'ReadPolicy', {
      description:
        'Guardrail: read the sweep results (guardrail report --from-sweep); attach to the roles of the people who read them.',
      statements: [
        new iam.PolicyStatement({
          sid: 'ListSweepResults',
          actions: ['s3:ListBucket'],
          resources: [this.bucket.bucketArn],
          // Listing is also what makes a missing result a 404 (not a 403) for the report.
          conditions: { StringLike: { 's3:prefix': `${SWEEP_RESULTS_PREFIX}*` } },
        }),
        new iam.PolicyStatement({
          sid: 'ReadSweepResults',
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: [this.bucket.arnForObjects(`${SWEEP_RESULTS_PREFIX}*`)],
        }),
        new iam.PolicyStatement({
          sid: 'DecryptSweepResults',
          actions: ['kms:Decrypt'],
          resources: [props.key.keyArn],
          // Through S3 only: the key also encrypts the alert topic, whose messages this does not open
          // (and no other bucket uses the key).
          conditions: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
        }),
      ],
    });
    acknowledge(
      this.readPolicy,
      `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(this.bucket)}.Arn>/${SWEEP_RESULTS_PREFIX}*]`,
      'Read-only access to every sweep result: the sweep ids are the scheduler execution ids, unknown in advance.',
    );
  }

  /**
   * The hub role's writes: s3:PutObject on the target keys and on the manifest keys, each only
   * from the functions named (`lambda:SourceFunctionArn`, which Lambda sets on every call the
   * function's code makes). No read, list, delete, ACL or bucket call. The role's existing grant
   * on the key (kms:GenerateDataKey*, for the alert topic) is what S3 needs to encrypt.
   */
  grantWrites(role: iam.IRole, writers: SweepResultWriters): void {
    const put = (sid: string, keys: string, functionArns: readonly string[]) =>
      new iam.PolicyStatement({
        sid,
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(keys)],
        conditions: { ArnEquals: { 'lambda:SourceFunctionArn': [...functionArns] } },
      });
    role.addToPrincipalPolicy(put('PutSweepTargetResults', TARGET_RESULT_KEYS, writers.targets));
    role.addToPrincipalPolicy(put('PutSweepManifests', MANIFEST_KEYS, writers.manifests));
    const bucketArn = `<${this.logicalIdOf(this.bucket)}.Arn>`;
    acknowledge(
      role,
      `AwsSolutions-IAM5[Resource::${bucketArn}/${TARGET_RESULT_KEYS}]`,
      'One object per sweep x account x region, all unknown in advance; PutObject only, from the sweep function only.',
    );
    acknowledge(
      role,
      `AwsSolutions-IAM5[Resource::${bucketArn}/${MANIFEST_KEYS}]`,
      'One manifest per sweep, the sweep id unknown in advance; PutObject only, from the sweep function only.',
    );
  }

  private logicalIdOf(bucket: s3.Bucket): string {
    return Stack.of(this).getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
  }
}
