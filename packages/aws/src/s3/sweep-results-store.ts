/**
 * The sweep results bucket (GUARDRAIL_SWEEP_RESULTS_BUCKET) at the contract's keys: the sweep
 * writes its manifest, the hub one result per target (failures as values: a report is worth less
 * than enforcement, the caller logs and goes on), and `guardrail report --from-sweep` reads a
 * whole sweep back, every listing page and every target.
 */
import {
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  parseSweepManifest,
  parseSweepTargetResult,
  type SweepManifest,
  type SweepTargetResult,
  sweepResultKeys,
} from '@guardrail/core';
import { classifyAwsError } from '../classify';
import type { MutationFailure } from '../ec2/results';
import { AwsOperationError } from '../errors';

export type SweepResultsWrite = { status: 'written'; key: string } | (MutationFailure & { key: string });

export type SweepRead =
  | { status: 'found'; manifest: SweepManifest; results: SweepTargetResult[] }
  /** No manifest at the sweep's key: not a sweep of this bucket (or its manifest write failed). */
  | { status: 'no-manifest'; key: string };

/** Reading a sweep failed for a reason of S3's (access denied, throttled, unreachable). */
export class SweepResultsReadError extends AwsOperationError {
  override readonly name = 'SweepResultsReadError';
  constructor(
    readonly bucket: string,
    readonly key: string,
    operation: string,
    cause: unknown,
  ) {
    super(`${operation} s3://${bucket}/${key}`, cause);
  }
}

export interface SweepResultsStoreOptions {
  /** GetObject calls in flight while reading a sweep (default 8). */
  concurrency?: number;
}

const JSON_CONTENT_TYPE = 'application/json';
/** A target's key below the sweep's prefix: `<account>/<region>.json`. */
const TARGET_KEY = /^\d{12}\/[a-z0-9-]+\.json$/;

export class SweepResultsStore {
  private readonly concurrency: number;

  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
    options: SweepResultsStoreOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 8);
  }

  putManifest(manifest: SweepManifest): Promise<SweepResultsWrite> {
    return this.put(sweepResultKeys.manifest(manifest.sweepId), manifest);
  }

  putTargetResult(result: SweepTargetResult): Promise<SweepResultsWrite> {
    return this.put(sweepResultKeys.target(result.sweepId, result.account, result.region), result);
  }

  /**
   * The manifest and every target result of one sweep. Throws SweepResultsReadError when S3
   * fails, and core's SweepDocumentError for a document Guardrail did not write.
   */
  async readSweep(sweepId: string): Promise<SweepRead> {
    const manifestKey = sweepResultKeys.manifest(sweepId);
    const manifestText = await this.get(manifestKey);
    if (manifestText === undefined) return { status: 'no-manifest', key: manifestKey };
    const manifest = parseSweepManifest(manifestText, manifestKey);
    const keys = await this.targetKeys(sweepId);
    const results: SweepTargetResult[] = [];
    let next = 0;
    const worker = async () => {
      while (next < keys.length) {
        const key = keys[next++] as string;
        const text = await this.get(key);
        // Gone between the listing and the read: reported as a target without a result.
        if (text !== undefined) results.push(parseSweepTargetResult(text, key));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, keys.length) }, worker));
    results.sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region));
    return { status: 'found', manifest, results };
  }

  private async put(key: string, document: object): Promise<SweepResultsWrite> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: JSON.stringify(document),
          ContentType: JSON_CONTENT_TYPE,
        }),
      );
      return { status: 'written', key };
    } catch (error) {
      const { kind, code, message } = classifyAwsError(error);
      const status = kind === 'access-denied' || kind === 'retryable' ? kind : 'failed';
      return { status, code, message, key };
    }
  }

  /** The object's text, or undefined when there is no such key. */
  private async get(key: string): Promise<string | undefined> {
    try {
      const response = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return (await response.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      if (classifyAwsError(error).code === 'NoSuchKey') return undefined;
      throw new SweepResultsReadError(this.bucket, key, 'GetObject', error);
    }
  }

  /** Every target result key of the sweep, over all listing pages. */
  private async targetKeys(sweepId: string): Promise<string[]> {
    const prefix = sweepResultKeys.sweep(sweepId);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await this.s3.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: prefix,
            ...(token === undefined ? {} : { ContinuationToken: token }),
          }),
        );
      } catch (error) {
        throw new SweepResultsReadError(this.bucket, prefix, 'ListObjectsV2', error);
      }
      for (const { Key } of page.Contents ?? [])
        if (Key !== undefined && TARGET_KEY.test(Key.slice(prefix.length))) keys.push(Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return keys;
  }
}
