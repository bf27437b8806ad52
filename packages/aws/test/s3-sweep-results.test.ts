/**
 * The sweep results store through the real S3 client on the sandbox's S3: documents at the
 * contract's keys, write failures as values, and a whole sweep read back over every page.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import {
  type PostureGroup,
  SweepDocumentError,
  type SweepTargetResult,
  sweepManifest,
  sweepResultKeys,
  sweepTargetResult,
} from '@guardrail/core';
import { createS3Client, SweepResultsReadError, SweepResultsStore } from '../src';
import { callsTo, createOrg, HUB_ACCOUNT, MEMBER, type Org, OTHER_MEMBER, REGION } from './fixture';

const BUCKET = 'guardrail-sweep-results';
const SWEEP = 's1';
const at = new Date('2025-06-01T12:00:00.000Z');

let org: Org;
let s3: S3Client;
let store: SweepResultsStore;

beforeEach(() => {
  org = createOrg();
  org.sb.s3.createBucket(BUCKET, HUB_ACCOUNT);
  s3 = createS3Client(org.aws);
  store = new SweepResultsStore(s3, BUCKET);
});
afterEach(() => s3.destroy());

const group = (account: string, groupId: string): PostureGroup => ({
  account,
  region: REGION,
  groupId,
  policy: 'no-public-admin-ports',
  status: 'violating',
  severity: 'critical',
  violations: [
    {
      code: 'denied',
      direction: 'ingress',
      rule: 'tcp 22 from 0.0.0.0/0',
      reason: 'denied',
      severity: 'critical',
    },
  ],
  exceptions: [],
});

const manifest = (accounts = [MEMBER, OTHER_MEMBER]) =>
  sweepManifest({
    sweepId: SWEEP,
    plannedAt: at,
    targets: accounts.map((account) => ({ account, region: REGION })),
  });

const result = (account: string, groups: PostureGroup[] = [group(account, 'sg-1')]): SweepTargetResult =>
  sweepTargetResult({ sweepId: SWEEP, account, region: REGION, writtenAt: at, outcome: 'swept', groups });

describe('SweepResultsStore', () => {
  it('writes the manifest and each target result as JSON at the contract keys, and reads the sweep back', async () => {
    expect(await store.putManifest(manifest())).toEqual({
      status: 'written',
      key: sweepResultKeys.manifest(SWEEP),
    });
    expect(await store.putTargetResult(result(OTHER_MEMBER))).toEqual({
      status: 'written',
      key: `sweeps/${SWEEP}/${OTHER_MEMBER}/${REGION}.json`,
    });
    await store.putTargetResult(result(MEMBER));
    const stored = org.sb.s3.object(BUCKET, sweepResultKeys.target(SWEEP, MEMBER, REGION));
    expect(stored?.contentType).toBe('application/json');
    expect(JSON.parse(stored?.text ?? '')).toEqual(result(MEMBER));
    // Other sweeps and other objects under the prefix are not this sweep's results.
    org.sb.s3.putObject(BUCKET, `sweeps/${SWEEP}/notes.txt`, 'hello');
    org.sb.s3.putObject(BUCKET, `sweeps/${SWEEP}0/${MEMBER}/${REGION}.json`, 'not read');

    const read = await store.readSweep(SWEEP);
    expect(read).toEqual({
      status: 'found',
      manifest: manifest(),
      results: [result(MEMBER), result(OTHER_MEMBER)],
    });
  });

  it('says so when the sweep has no manifest', async () => {
    expect(await store.readSweep('nope')).toEqual({
      status: 'no-manifest',
      key: 'sweeps/nope/manifest.json',
    });
  });

  it('reads every listing page and every target, a few at a time', async () => {
    const accounts = Array.from({ length: 1003 }, (_, i) => String(100000000000 + i));
    org.sb.s3.putObject(BUCKET, sweepResultKeys.manifest(SWEEP), JSON.stringify(manifest(accounts)));
    for (const account of accounts)
      org.sb.s3.putObject(
        BUCKET,
        sweepResultKeys.target(SWEEP, account, REGION),
        JSON.stringify(result(account, [])),
      );
    const read = await new SweepResultsStore(s3, BUCKET, { concurrency: 4 }).readSweep(SWEEP);
    expect(read.status === 'found' && read.results.map((r) => r.account)).toEqual(accounts);
    expect(callsTo(org.sb, 'ListObjectsV2')).toHaveLength(2);
  });

  it('leaves out a result deleted between the listing and its read (the report says it has none)', async () => {
    await store.putManifest(manifest());
    await store.putTargetResult(result(MEMBER));
    await store.putTargetResult(result(OTHER_MEMBER));
    const gone = sweepResultKeys.target(SWEEP, OTHER_MEMBER, REGION);
    s3.middlewareStack.add(
      (next) => async (args) => {
        if ((args.input as { Key?: string }).Key === gone) org.sb.s3.deleteObject(BUCKET, gone);
        return next(args);
      },
      { step: 'initialize', name: 'deleteBeforeRead' },
    );
    const read = await store.readSweep(SWEEP);
    expect(read.status === 'found' && read.results.map((r) => r.account)).toEqual([MEMBER]);
  });

  it('returns write failures as values: denied, throttled, no bucket', async () => {
    org.sb.s3.setGrants(BUCKET, [
      {
        principal: org.hubRoleArn,
        actions: ['s3:PutObject'],
        resources: [`arn:aws:s3:::${BUCKET}/sweeps/*/*/*.json`],
      },
    ]);
    expect(await store.putTargetResult(result(MEMBER))).toMatchObject({ status: 'written' });
    expect(await store.putManifest(manifest())).toMatchObject({
      status: 'access-denied',
      code: 'AccessDenied',
      key: sweepResultKeys.manifest(SWEEP),
    });
    org.sb.faults.add({ service: 's3', operation: 'PutObject', kind: 'throttle' });
    expect(await store.putTargetResult(result(MEMBER))).toMatchObject({
      status: 'retryable',
      code: 'SlowDown',
    });
    org.sb.faults.clear();
    expect(await new SweepResultsStore(s3, 'no-such-bucket').putManifest(manifest())).toMatchObject({
      status: 'failed',
      code: 'NoSuchBucket',
    });
  });

  it('throws a read error naming the object when S3 refuses, and a document error for a bad document', async () => {
    await store.putManifest(manifest());
    org.sb.s3.setGrants(BUCKET, [
      { principal: org.hubRoleArn, actions: ['s3:GetObject'], resources: [`arn:aws:s3:::${BUCKET}/*`] },
    ]);
    const listing = await store.readSweep(SWEEP).catch((e: unknown) => e);
    expect(listing).toBeInstanceOf(SweepResultsReadError);
    expect(listing).toMatchObject({ bucket: BUCKET, key: `sweeps/${SWEEP}/` });
    expect((listing as Error).message).toContain(
      `ListObjectsV2 s3://${BUCKET}/sweeps/${SWEEP}/ failed: AccessDenied`,
    );
    // Without ListBucket, a missing manifest is AccessDenied too: S3 does not say it is missing.
    const missing = await store.readSweep('other').catch((e: unknown) => e);
    expect((missing as Error).message).toContain(
      `GetObject s3://${BUCKET}/sweeps/other/manifest.json failed: AccessDenied`,
    );

    org.sb.s3.setGrants(BUCKET, undefined);
    org.sb.s3.putObject(BUCKET, sweepResultKeys.target(SWEEP, MEMBER, REGION), '{"schemaVersion":1}');
    const bad = await store.readSweep(SWEEP).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(SweepDocumentError);
    expect(bad).toMatchObject({ key: sweepResultKeys.target(SWEEP, MEMBER, REGION), path: 'sweepId' });
  });
});
