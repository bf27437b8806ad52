import { EC2Client } from '@aws-sdk/client-ec2';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { type AwsOptions, baseClientConfig, withPlugins } from './options';
import { createOrganizationsClient } from './organizations/client';

/**
 * The hub's own clients' options. Organizations through a read role is
 * `createOrganizationsClient({ readRoleArn })` (organizations/client.ts), the one way to it.
 */
export type ClientsOptions = AwsOptions;

export interface AwsClients {
  sts(): STSClient;
  sns(): SNSClient;
  organizations(): OrganizationsClient;
  sqs(): SQSClient;
  /** The sweep results bucket's client. */
  s3(): S3Client;
  /** A new client each call: per-account clients are the CredentialBroker's to cache. */
  ec2(region: string, credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider): EC2Client;
}

/**
 * The hub's own clients (`opts.credentials`, else the SDK's default chain), each built on
 * first use and then reused, all with the same plugins, retries and region.
 */
export function createClients(opts: ClientsOptions = {}): AwsClients {
  const config = baseClientConfig(opts);
  const lazy = <C>(build: () => C): (() => C) => {
    let client: C | undefined;
    return () => {
      client ??= build();
      return client;
    };
  };
  return {
    sts: lazy(() => withPlugins(new STSClient(config), opts.plugins)),
    sns: lazy(() => withPlugins(new SNSClient(config), opts.plugins)),
    // The hub's own credentials: a read role is createOrganizationsClient's `readRoleArn`.
    organizations: lazy(() => createOrganizationsClient(opts)),
    sqs: lazy(() => withPlugins(new SQSClient(config), opts.plugins)),
    // A bucket answers only in its own region: a reader whose region differs (`guardrail report
    // --from-sweep` on a laptop) follows S3's redirect instead of failing.
    s3: lazy(() => withPlugins(new S3Client({ ...config, followRegionRedirects: true }), opts.plugins)),
    ec2: (region, credentials) =>
      withPlugins(
        new EC2Client({ ...config, region, ...(credentials === undefined ? {} : { credentials }) }),
        opts.plugins,
      ),
  };
}
