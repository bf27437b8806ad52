/** S3 on the sandbox, through the real @aws-sdk/client-s3 (its endpoint resolution, checksums and stream mixin). */
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { SandboxError } from '../src';
import { fastRetries, HUB, MEMBER, organization, REGION } from './fixtures';

const BUCKET = 'guardrail-sweep-results';

function setup(options: { grants?: boolean } = {}) {
  const env = organization();
  const { sb, hubRole } = env;
  const auditor = sb.iam.createUser(HUB, 'auditor');
  sb.s3.createBucket(BUCKET, HUB, {
    ...(options.grants
      ? {
          grants: [
            { principal: hubRole, actions: ['s3:PutObject'], resources: [`arn:aws:s3:::${BUCKET}/sweeps/*`] },
            {
              principal: auditor,
              actions: ['s3:GetObject', 's3:ListBucket'],
              resources: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
            },
          ],
        }
      : {}),
  });
  const s3As = (principalArn: string, extra: ConstructorParameters<typeof S3Client>[0] = {}) =>
    sb.attach(new S3Client({ ...sb.clientConfig({ principalArn, region: REGION }), ...extra }));
  return { ...env, auditor, s3As };
}

async function failure(promise: Promise<unknown>): Promise<S3ServiceException> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof S3ServiceException)) throw new Error(`expected an S3 error, got ${String(error)}`);
  return error;
}

describe('S3', () => {
  it('keeps what PutObject wrote, and GetObject gives it back as the SDK stream a real response is', async () => {
    const { sb, hubRole, s3As } = setup();
    const s3 = s3As(hubRole);
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'sweeps/s1/manifest.json',
        Body: '{"schemaVersion":1}',
        ContentType: 'application/json',
        Metadata: { writer: 'sweep' },
      }),
    );
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(sb.s3.object(BUCKET, 'sweeps/s1/manifest.json')).toMatchObject({
      text: '{"schemaVersion":1}',
      contentType: 'application/json',
      metadata: { writer: 'sweep' },
    });

    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'sweeps/s1/manifest.json' }));
    expect(got).toMatchObject({ ContentType: 'application/json', ContentLength: 19, ETag: put.ETag });
    expect(got.Metadata).toEqual({ writer: 'sweep' });
    expect(await got.Body?.transformToString()).toBe('{"schemaVersion":1}');
    // As on a real response, the body is read once.
    await expect(got.Body?.transformToString()).rejects.toThrow('already been transformed');

    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'sweeps/s1/manifest.json' }));
    expect(head).toMatchObject({ ContentLength: 19, ETag: put.ETag });
    expect(head).not.toHaveProperty('Body');
  });

  it('reads bytes, streams and async iterables as bodies, and hands bytes and web streams back', async () => {
    const { hubRole, s3As } = setup();
    // Without the default checksum, a stream of unknown length is sent as it is (no aws-chunked trailer).
    const s3 = s3As(hubRole, { requestChecksumCalculation: 'WHEN_REQUIRED' });
    const bodies = {
      bytes: [new TextEncoder().encode('from bytes'), 10],
      stream: [Readable.from([Buffer.from('from '), Buffer.from('a stream')]), 13],
      blob: [new Blob(['from a blob']), 11],
    } as const;
    for (const [key, [Body, ContentLength]] of Object.entries(bodies))
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body, ContentLength }));
    const bytes = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'bytes' }));
    expect(new TextDecoder().decode(await bytes.Body?.transformToByteArray())).toBe('from bytes');
    const stream = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'stream' }));
    const web = stream.Body?.transformToWebStream() as ReadableStream<Uint8Array>;
    expect(await new Response(web).text()).toBe('from a stream');
    const blob = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'blob' }));
    expect(blob.ContentType).toBe('application/octet-stream');
    expect(await blob.Body?.transformToString()).toBe('from a blob');
  });

  it('resolves path-style and custom endpoints without the network', async () => {
    const { sb, hubRole, s3As } = setup();
    const pathStyle = s3As(hubRole, { forcePathStyle: true, endpoint: 'http://localhost:4566' });
    await pathStyle.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'a.json', Body: '{}' }));
    expect(sb.s3.keys(BUCKET)).toEqual(['a.json']);
  });

  it('lists keys in order under a prefix, page by page, as the SDK paginator reads them', async () => {
    const { sb, hubRole, s3As } = setup();
    for (const key of [
      'sweeps/s1/manifest.json',
      'sweeps/s1/222/eu-west-1.json',
      'sweeps/s1/111/us-east-1.json',
      'sweeps/s1/111/eu-west-1.json',
      'sweeps/s2/manifest.json',
    ])
      sb.s3.putObject(BUCKET, key, '{}', 'application/json');
    const s3 = s3As(hubRole);

    const first = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'sweeps/s1/', MaxKeys: 3 }),
    );
    expect(first).toMatchObject({
      KeyCount: 3,
      IsTruncated: true,
      MaxKeys: 3,
      Prefix: 'sweeps/s1/',
      Name: BUCKET,
    });
    expect(first.Contents?.map((c) => c.Key)).toEqual([
      'sweeps/s1/111/eu-west-1.json',
      'sweeps/s1/111/us-east-1.json',
      'sweeps/s1/222/eu-west-1.json',
    ]);
    expect(first.Contents?.[0]).toMatchObject({ Size: 2, StorageClass: 'STANDARD' });
    const second = await s3.send(
      new ListObjectsV2Command({
        Bucket: BUCKET,
        Prefix: 'sweeps/s1/',
        MaxKeys: 3,
        ContinuationToken: first.NextContinuationToken,
      }),
    );
    expect(second).toMatchObject({
      KeyCount: 1,
      IsTruncated: false,
      ContinuationToken: first.NextContinuationToken,
    });
    expect(second.NextContinuationToken).toBeUndefined();
    expect(second.Contents?.map((c) => c.Key)).toEqual(['sweeps/s1/manifest.json']);

    const keys: string[] = [];
    for await (const page of paginateListObjectsV2(
      { client: s3, pageSize: 2 },
      { Bucket: BUCKET, Prefix: 'sweeps/' },
    ))
      keys.push(...(page.Contents ?? []).map((c) => c.Key ?? ''));
    expect(keys).toEqual(sb.s3.keys(BUCKET, 'sweeps/'));
    expect(keys).toHaveLength(5);

    const after = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, StartAfter: 'sweeps/s1/manifest.json' }),
    );
    expect(after.Contents?.map((c) => c.Key)).toEqual(['sweeps/s2/manifest.json']);
    const none = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'nothing/' }));
    expect(none).toMatchObject({ KeyCount: 0, IsTruncated: false });
    expect(none.Contents).toBeUndefined();
    const zero = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: 0 }));
    expect(zero).toMatchObject({ KeyCount: 0, IsTruncated: false });
  });

  it('refuses a continuation token it did not issue, and a listing with a delimiter it does not model', async () => {
    const { hubRole, s3As } = setup();
    const s3 = s3As(hubRole);
    const error = await failure(
      s3.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: 'bogus' })),
    );
    expect(error).toMatchObject({ name: 'InvalidArgument', $metadata: { httpStatusCode: 400 } });
    await expect(s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Delimiter: '/' }))).rejects.toThrow(
      SandboxError,
    );
  });

  it('answers NoSuchKey, NotFound and NoSuchBucket as the modeled exceptions', async () => {
    const { hubRole, s3As } = setup();
    const s3 = s3As(hubRole);
    expect(await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'missing' })))).toBeInstanceOf(
      NoSuchKey,
    );
    const head = await failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'missing' })));
    expect(head).toBeInstanceOf(NotFound);
    expect(head.$metadata.httpStatusCode).toBe(404);
    const bucket = await failure(s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'k' })));
    expect(bucket).toBeInstanceOf(NoSuchBucket);
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'missing' }));
  });

  it('refuses another account, even one of the organization (no bucket policies here)', async () => {
    const { alice, s3As } = setup();
    const error = await failure(
      s3As(alice).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'sweeps/x.json', Body: '{}' })),
    );
    expect(error).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect(error.message).toContain(`s3:PutObject on resource: "arn:aws:s3:::${BUCKET}/sweeps/x.json"`);
    expect(MEMBER).not.toBe(HUB);
  });

  describe('with grants (standing in for the principals’ IAM policies)', () => {
    it('lets each principal do only what a grant names, on the resources it names', async () => {
      const { sb, hubRole, auditor, s3As } = setup({ grants: true });
      const hub = s3As(hubRole, { retryStrategy: fastRetries(1) });
      await hub.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: 'sweeps/s1/111122223333/eu-west-1.json', Body: '{}' }),
      );
      const outside = await failure(
        hub.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'other/x.json', Body: '{}' })),
      );
      expect(outside.name).toBe('AccessDenied');
      const read = await failure(
        hub.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'sweeps/s1/111122223333/eu-west-1.json' })),
      );
      expect(read.message).toContain('s3:GetObject');
      const list = await failure(hub.send(new ListObjectsV2Command({ Bucket: BUCKET })));
      expect(list.message).toContain(`s3:ListBucket on resource: "arn:aws:s3:::${BUCKET}"`);

      const reader = s3As(auditor);
      const listed = await reader.send(new ListObjectsV2Command({ Bucket: BUCKET }));
      expect(listed.KeyCount).toBe(1);
      const write = await failure(
        reader.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'sweeps/x', Body: '{}' })),
      );
      expect(write.name).toBe('AccessDenied');
      const root = s3As(`arn:aws:iam::${HUB}:root`);
      await root.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'anything', Body: 'root may' }));
      expect(sb.s3.object(BUCKET, 'anything')?.text).toBe('root may');
    });

    it('says AccessDenied, not NoSuchKey, for a missing key to whoever may not list the bucket', async () => {
      const { sb, hubRole, auditor, s3As } = setup({ grants: true });
      sb.s3.setGrants(BUCKET, [
        { principal: hubRole, actions: ['s3:GetObject'], resources: [`arn:aws:s3:::${BUCKET}/*`] },
        { principal: auditor, actions: ['s3:*'], resources: ['*'] },
      ]);
      const hub = s3As(hubRole);
      expect(await failure(hub.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'missing' })))).toMatchObject(
        {
          name: 'AccessDenied',
          $metadata: { httpStatusCode: 403 },
        },
      );
      expect(
        await failure(hub.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'missing' }))),
      ).toMatchObject({
        $metadata: { httpStatusCode: 403 },
      });
      expect(
        await failure(s3As(auditor).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'missing' }))),
      ).toBeInstanceOf(NoSuchKey);
      sb.s3.setGrants(BUCKET, undefined);
      expect(
        await failure(hub.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'missing' }))),
      ).toBeInstanceOf(NoSuchKey);
    });
  });

  it('creates buckets through the API, once per name across every account', async () => {
    const { sb, hubRole, alice, s3As } = setup();
    await s3As(hubRole).send(new CreateBucketCommand({ Bucket: 'hub-reports' }));
    expect(sb.s3.keys('hub-reports')).toEqual([]);
    expect((await failure(s3As(hubRole).send(new CreateBucketCommand({ Bucket: 'hub-reports' })))).name).toBe(
      'BucketAlreadyOwnedByYou',
    );
    expect((await failure(s3As(alice).send(new CreateBucketCommand({ Bucket: 'hub-reports' })))).name).toBe(
      'BucketAlreadyExists',
    );
    expect((await failure(s3As(alice).send(new CreateBucketCommand({ Bucket: 'Bad_Name' })))).name).toBe(
      'InvalidBucketName',
    );
    expect(() => sb.s3.createBucket('hub-reports', HUB)).toThrow(SandboxError);
    expect(() => sb.s3.keys('nope')).toThrow('no bucket nope in the sandbox');
  });

  it('throttles and fails as S3 does when faults are injected, and the SDK retries them', async () => {
    const { sb, hubRole, s3As } = setup();
    sb.faults.add({ service: 's3', operation: 'PutObject', kind: 'throttle', times: 1 });
    const s3 = s3As(hubRole, { retryStrategy: fastRetries(2) });
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'v' }));
    expect(sb.calls.filter((c) => c.service === 's3').map((c) => c.error ?? 'ok')).toEqual([
      'SlowDown',
      'ok',
    ]);
    sb.faults.add({ service: 's3', kind: 'access-denied', times: 1 });
    expect((await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'k' })))).name).toBe(
      'AccessDenied',
    );
  });

  it('refuses an access key it never issued', async () => {
    const { sb } = setup();
    const s3 = sb.attach(
      new S3Client({ region: REGION, credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' } }),
    );
    expect((await failure(s3.send(new ListObjectsV2Command({ Bucket: BUCKET })))).name).toBe(
      'InvalidAccessKeyId',
    );
  });
});
