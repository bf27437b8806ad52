/**
 * `guardrail report --from-sweep s3://<bucket>/sweeps/<sweepId>`: the posture as the last sweep
 * found it, from the results the sweep and the hub stored (no account is read again). Every
 * planned target the hub has not written a result for is a gap, never a compliant cell.
 */
import {
  type AwsOptions,
  createS3Client,
  parseSweepUri,
  SweepResultsReadError,
  SweepResultsStore,
  SweepUriError,
  sweepUri,
} from '@guardrail/aws';
import { errorText, postureFromSweep, SweepDocumentError, type SweepPosture } from '@guardrail/core';
import { CliInputError } from '../io';

export interface ReadSweepPostureInput {
  /** `s3://<bucket>/sweeps/<sweepId>`, a trailing `/` allowed. */
  uri: string;
  /** The reader's own credentials and region (it needs s3:GetObject and s3:ListBucket on the bucket). */
  aws: AwsOptions;
}

/**
 * The pieces of a posture report (`postureReport({ ...posture, generatedAt })`). Throws
 * CliInputError, one line naming the URI or the object, for a URI that is not a sweep's, a sweep
 * without a manifest, a stored document Guardrail did not write, or a bucket S3 will not let the
 * caller read.
 */
export async function readSweepPosture(input: ReadSweepPostureInput): Promise<SweepPosture> {
  let location: ReturnType<typeof parseSweepUri>;
  try {
    location = parseSweepUri(input.uri);
  } catch (error) {
    if (error instanceof SweepUriError) throw new CliInputError(error.message, { cause: error });
    throw error;
  }
  const where = sweepUri(location);
  const s3 = createS3Client(input.aws);
  try {
    const read = await new SweepResultsStore(s3, location.bucket).readSweep(location.sweepId);
    if (read.status === 'no-manifest')
      throw new CliInputError(`${where}: no manifest.json: is this a sweep id?`);
    return postureFromSweep(read.manifest, read.results);
  } catch (error) {
    if (error instanceof SweepDocumentError)
      throw new CliInputError(`s3://${location.bucket}/${error.message}`, { cause: error });
    if (error instanceof SweepResultsReadError)
      throw new CliInputError(`${where}: cannot read the sweep: ${errorText(error.cause)}`, { cause: error });
    throw error;
  } finally {
    s3.destroy();
  }
}
