import { S3Client } from '@aws-sdk/client-s3';
import { deferClient } from '../clients';
import { type AwsOptions, baseClientConfig, withPlugins } from '../options';

/**
 * The sweep results bucket's client (the hub's own credentials), built on first use like the
 * others (deferClient). A bucket answers only in its own region: a reader whose region differs
 * (`guardrail report --from-sweep` on a laptop) follows S3's redirect instead of failing.
 */
export function createS3Client(opts: AwsOptions = {}): S3Client {
  return deferClient(S3Client, () =>
    withPlugins(new S3Client({ ...baseClientConfig(opts), followRegionRedirects: true }), opts.plugins),
  );
}
