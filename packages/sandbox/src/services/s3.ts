/**
 * A small in-memory S3: buckets owned by an account, objects with their bytes, content type and
 * metadata, GetObject / HeadObject / PutObject / DeleteObject and ListObjectsV2 (lexicographic,
 * paginated with MaxKeys and continuation tokens), with S3's error codes (NoSuchBucket, NoSuchKey,
 * NotFound, AccessDenied) and S3's rule that a missing key is AccessDenied to a caller who may
 * not list the bucket. Enough for the sweep's results and `guardrail report --from-sweep`.
 */
import { createHash } from 'node:crypto';
import type { CallContext, Handler, Input } from '../context';
import { ApiError, SandboxError } from '../errors';
import { allows, type S3Grant } from '../s3/access';
import { bodyBytes, sdkBody } from '../s3/body';

interface S3Object {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
  metadata: Record<string, string>;
}

interface Bucket {
  name: string;
  owner: string;
  grants?: readonly S3Grant[];
  objects: Map<string, S3Object>;
}

/** What `sb.s3.object()` shows a test. */
export interface StoredObject {
  text: string;
  contentType: string;
  metadata: Record<string, string>;
  lastModified: Date;
}

const BUCKET_NAME = /^(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const MAX_KEYS = 1000;

const noSuchBucket = () => new ApiError('NoSuchBucket', 'The specified bucket does not exist', 404);
const noSuchKey = () => new ApiError('NoSuchKey', 'The specified key does not exist.', 404);

export class S3Service {
  readonly handlers: Record<string, Handler>;
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: () => Date,
    private readonly partition: string,
  ) {
    this.handlers = {
      CreateBucket: (input, ctx) => {
        this.createBucket(this.bucketName(input), ctx.accountId, {}, true);
        return { Location: `/${this.bucketName(input)}` };
      },
      PutObject: (input, ctx) => this.putObjectCall(input, ctx),
      GetObject: (input, ctx) => this.getObjectCall(input, ctx, true),
      HeadObject: (input, ctx) => this.getObjectCall(input, ctx, false),
      DeleteObject: (input, ctx) => this.deleteObjectCall(input, ctx),
      ListObjectsV2: (input, ctx) => this.list(input, ctx),
    };
  }

  /**
   * A bucket in `account` (test setup: no call recorded). `grants` stand in for the IAM policies
   * of the account's principals (see s3/access.ts); without them, the account may do anything.
   */
  createBucket(
    name: string,
    account: string,
    options: { grants?: readonly S3Grant[] } = {},
    viaApi = false,
  ): void {
    if (!BUCKET_NAME.test(name))
      throw new ApiError('InvalidBucketName', 'The specified bucket is not valid.');
    const existing = this.buckets.get(name);
    if (existing) {
      if (!viaApi) throw new SandboxError(`bucket ${name} already exists`);
      throw existing.owner === account
        ? new ApiError(
            'BucketAlreadyOwnedByYou',
            'Your previous request to create the named bucket succeeded and you already own it.',
            409,
          )
        : new ApiError(
            'BucketAlreadyExists',
            'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
            409,
          );
    }
    this.buckets.set(name, {
      name,
      owner: account,
      ...(options.grants ? { grants: options.grants } : {}),
      objects: new Map(),
    });
  }

  /** Replaces a bucket's grants (undefined: the owning account may do anything again). */
  setGrants(name: string, grants: readonly S3Grant[] | undefined): void {
    const bucket = this.seeded(name);
    if (grants === undefined) delete bucket.grants;
    else bucket.grants = grants;
  }

  /** Writes an object without a call (test setup). */
  putObject(
    bucket: string,
    key: string,
    body: string | Uint8Array,
    contentType = 'application/octet-stream',
  ): void {
    this.store(this.seeded(bucket), key, Buffer.from(body), contentType, {});
  }

  deleteObject(bucket: string, key: string): void {
    this.seeded(bucket).objects.delete(key);
  }

  /** An object's text and attributes, or undefined when there is none. */
  object(bucket: string, key: string): StoredObject | undefined {
    const found = this.seeded(bucket).objects.get(key);
    return found
      ? {
          text: found.body.toString('utf8'),
          contentType: found.contentType,
          metadata: { ...found.metadata },
          lastModified: found.lastModified,
        }
      : undefined;
  }

  /** The bucket's keys in S3's order, optionally under a prefix. */
  keys(bucket: string, prefix = ''): string[] {
    return [...this.seeded(bucket).objects.keys()].filter((k) => k.startsWith(prefix)).sort(byKey);
  }

  private seeded(name: string): Bucket {
    const bucket = this.buckets.get(name);
    if (!bucket) throw new SandboxError(`no bucket ${name} in the sandbox`);
    return bucket;
  }

  private bucketName(input: Input): string {
    const name = input.Bucket;
    if (typeof name !== 'string' || name === '')
      throw new ApiError('InvalidBucketName', 'The specified bucket is not valid.');
    return name;
  }

  private objectKey(input: Input): string {
    const key = input.Key;
    if (typeof key !== 'string' || key === '' || Buffer.byteLength(key) > 1024)
      throw new ApiError('KeyTooLongError', 'Your key is too long', 400);
    return key;
  }

  /** The bucket, if the caller's account owns it and may do `action` on `resource`. */
  private authorized(input: Input, ctx: CallContext, action: string, key?: string): Bucket {
    const bucket = this.buckets.get(this.bucketName(input));
    if (!bucket) throw noSuchBucket();
    const resource = `arn:${this.partition}:s3:::${bucket.name}${key === undefined ? '' : `/${key}`}`;
    if (bucket.owner !== ctx.accountId || !allows(bucket.grants, ctx, this.partition, action, resource))
      throw new ApiError(
        'AccessDenied',
        `User: ${ctx.principalArn} is not authorized to perform: ${action} on resource: "${resource}" because no identity-based policy allows the ${action} action`,
        403,
      );
    return bucket;
  }

  private mayList(bucket: Bucket, ctx: CallContext): boolean {
    return allows(
      bucket.grants,
      ctx,
      this.partition,
      's3:ListBucket',
      `arn:${this.partition}:s3:::${bucket.name}`,
    );
  }

  private store(
    bucket: Bucket,
    key: string,
    body: Buffer,
    contentType: string,
    metadata: Record<string, string>,
  ): S3Object {
    const object: S3Object = {
      body,
      contentType,
      etag: `"${createHash('md5').update(body).digest('hex')}"`,
      // S3 keeps object times to the second.
      lastModified: new Date(Math.floor(this.now().getTime() / 1000) * 1000),
      metadata,
    };
    bucket.objects.set(key, object);
    return object;
  }

  private async putObjectCall(input: Input, ctx: CallContext) {
    const key = this.objectKey(input);
    const bucket = this.authorized(input, ctx, 's3:PutObject', key);
    const contentType =
      typeof input.ContentType === 'string' ? input.ContentType : 'application/octet-stream';
    const metadata = { ...((input.Metadata as Record<string, string> | undefined) ?? {}) };
    const object = this.store(bucket, key, await bodyBytes(input.Body), contentType, metadata);
    return { ETag: object.etag };
  }

  private getObjectCall(input: Input, ctx: CallContext, withBody: boolean) {
    const key = this.objectKey(input);
    const bucket = this.authorized(input, ctx, 's3:GetObject', key);
    const object = bucket.objects.get(key);
    if (!object) {
      // S3 does not say that a key is missing to whoever may not list the bucket.
      if (!this.mayList(bucket, ctx))
        throw new ApiError(withBody ? 'AccessDenied' : 'Forbidden', 'Access Denied', 403);
      throw withBody ? noSuchKey() : new ApiError('NotFound', 'Not Found', 404);
    }
    return {
      ...(withBody ? { Body: sdkBody(object.body) } : {}),
      ContentType: object.contentType,
      ContentLength: object.body.length,
      ETag: object.etag,
      LastModified: object.lastModified,
      AcceptRanges: 'bytes',
      Metadata: { ...object.metadata },
    };
  }

  private deleteObjectCall(input: Input, ctx: CallContext) {
    const key = this.objectKey(input);
    this.authorized(input, ctx, 's3:DeleteObject', key).objects.delete(key);
    return {};
  }

  private list(input: Input, ctx: CallContext) {
    const bucket = this.authorized(input, ctx, 's3:ListBucket');
    if (input.Delimiter !== undefined)
      throw new SandboxError('the sandbox does not model ListObjectsV2 with a Delimiter');
    const prefix = typeof input.Prefix === 'string' ? input.Prefix : '';
    const maxKeys = Math.min(MAX_KEYS, Math.max(0, Number(input.MaxKeys ?? MAX_KEYS)));
    const token = typeof input.ContinuationToken === 'string' ? input.ContinuationToken : undefined;
    const after =
      token === undefined
        ? typeof input.StartAfter === 'string'
          ? input.StartAfter
          : ''
        : decodeToken(token);
    const keys = [...bucket.objects.keys()]
      .filter((k) => k.startsWith(prefix) && byKey(k, after) > 0)
      .sort(byKey);
    const page = keys.slice(0, maxKeys);
    const truncated = maxKeys > 0 && keys.length > page.length;
    const last = page.at(-1);
    return {
      Name: bucket.name,
      Prefix: prefix,
      MaxKeys: maxKeys,
      KeyCount: page.length,
      IsTruncated: truncated,
      ...(token === undefined ? {} : { ContinuationToken: token }),
      ...(typeof input.StartAfter === 'string' ? { StartAfter: input.StartAfter } : {}),
      ...(truncated && last !== undefined ? { NextContinuationToken: encodeToken(last) } : {}),
      // As the SDK reads an empty listing: no Contents at all.
      ...(page.length > 0
        ? {
            Contents: page.map((key) => {
              const object = bucket.objects.get(key) as S3Object;
              return {
                Key: key,
                LastModified: object.lastModified,
                ETag: object.etag,
                Size: object.body.length,
                StorageClass: 'STANDARD',
              };
            }),
          }
        : {}),
    };
  }
}

/** S3 lists keys in UTF-8 byte order. */
function byKey(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

const TOKEN_PREFIX = 'sb1:';

function encodeToken(lastKey: string): string {
  return Buffer.from(`${TOKEN_PREFIX}${lastKey}`, 'utf8').toString('base64');
}

function decodeToken(token: string): string {
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!text.startsWith(TOKEN_PREFIX))
    throw new ApiError('InvalidArgument', 'The continuation token provided is incorrect', 400);
  return text.slice(TOKEN_PREFIX.length);
}
