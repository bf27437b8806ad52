import { EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { DEFAULT_SESSION_NAME } from './credentials/broker';
import { oncePerStack } from './credentials/once-per-stack';
import { type AwsOptions, baseClientConfig, withPlugins } from './options';

export interface ClientsOptions extends AwsOptions {
  /**
   * Role to assume for Organizations reads (GUARDRAIL_ORG_READ_ROLE_ARN): Organizations answers
   * only the management account or a delegated administrator, and the hub may be neither.
   */
  organizationsRoleArn?: string;
}

export interface AwsClients {
  sts(): STSClient;
  sns(): SNSClient;
  organizations(): OrganizationsClient;
  sqs(): SQSClient;
  /** A new client each call: per-account clients are the CredentialBroker's to cache. */
  ec2(region: string, credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider): EC2Client;
}

/**
 * The hub's own clients (`opts.credentials`, else the SDK's default chain), each built on
 * first use and then reused, all with the same plugins, retries and region.
 */
export function createClients(opts: ClientsOptions = {}): AwsClients {
  const config = baseClientConfig(opts);
  const organizationsConfig = () => {
    if (opts.organizationsRoleArn === undefined) return config;
    const { credentials: master, ...stsConfig } = config;
    const credentials = fromTemporaryCredentials({
      params: { RoleArn: opts.organizationsRoleArn, RoleSessionName: DEFAULT_SESSION_NAME },
      ...(master === undefined ? {} : { masterCredentials: master }),
      clientConfig: stsConfig,
      clientPlugins: (opts.plugins ?? []).map(oncePerStack),
    });
    return { ...config, credentials };
  };
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
    organizations: lazy(() => withPlugins(new OrganizationsClient(organizationsConfig()), opts.plugins)),
    sqs: lazy(() => withPlugins(new SQSClient(config), opts.plugins)),
    ec2: (region, credentials) =>
      withPlugins(
        new EC2Client({ ...config, region, ...(credentials === undefined ? {} : { credentials }) }),
        opts.plugins,
      ),
  };
}
