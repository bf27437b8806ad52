/**
 * Where a sweep's results are, as a person names them: `s3://<bucket>/sweeps/<sweepId>` (a
 * trailing `/` allowed), the prefix of the contract's keys (core's sweepResultKeys).
 */
import {
  GuardrailError,
  S3_BUCKET_NAME_PATTERN,
  SWEEP_ID_PATTERN,
  SWEEP_RESULTS_PREFIX,
} from '@guardrail/core';

export class SweepUriError extends GuardrailError {
  override readonly name = 'SweepUriError';
}

export interface SweepLocation {
  bucket: string;
  sweepId: string;
}

const EXPECTED = `s3://<bucket>/${SWEEP_RESULTS_PREFIX}<sweepId>`;

export function parseSweepUri(uri: string): SweepLocation {
  const match = /^s3:\/\/([^/]*)\/(.*)$/.exec(uri.trim());
  if (!match) throw new SweepUriError(`${uri}: not an S3 URI of a sweep (${EXPECTED})`);
  const [, bucket = '', path = ''] = match;
  if (!S3_BUCKET_NAME_PATTERN.test(bucket))
    throw new SweepUriError(`${uri}: ${JSON.stringify(bucket)} is not an S3 bucket name (${EXPECTED})`);
  if (!path.startsWith(SWEEP_RESULTS_PREFIX))
    throw new SweepUriError(`${uri}: a sweep's results are under ${SWEEP_RESULTS_PREFIX} (${EXPECTED})`);
  const sweepId = path.slice(SWEEP_RESULTS_PREFIX.length).replace(/\/$/, '');
  if (!SWEEP_ID_PATTERN.test(sweepId))
    throw new SweepUriError(`${uri}: ${JSON.stringify(sweepId)} is not a sweep id (${EXPECTED})`);
  return { bucket, sweepId };
}

export function sweepUri(location: SweepLocation): string {
  return `s3://${location.bucket}/${SWEEP_RESULTS_PREFIX}${location.sweepId}`;
}
