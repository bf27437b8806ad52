import { EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { type AwsOptions, baseClientConfig, withPlugins } from './options';
import { createOrganizationsClient } from './organizations/client';

/**
 * The hub's own clients' options. Organizations through a read role is
 * `createOrganizationsClient({ readRoleArn })` (organizations/client.ts), the one way to it. S3
 * (the sweep results bucket) is `createS3Client` (s3/client.ts), kept apart so that a bundle which
 * never touches the bucket (the live-event function's) carries no S3 SDK.
 */
export type ClientsOptions = AwsOptions;

export interface AwsClients {
  sts(): STSClient;
  sns(): SNSClient;
  organizations(): OrganizationsClient;
  sqs(): SQSClient;
  /** A new client each call: per-account clients are the CredentialBroker's to cache. */
  ec2(region: string, credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider): EC2Client;
}

/**
 * A client that is built when first used (a call, or a look at its config or middleware), not when
 * handed out: an adapter can hold it from the start (the hub composes its adapters on the first
 * invocation) and a batch that never publishes, say, never pays for the SNS client. `destroy()`
 * before any use has nothing to release. `instanceof` still holds (the proxy has the class's
 * prototype).
 */
export function deferClient<C extends object>(type: { prototype: C }, build: () => C): C {
  let client: C | undefined;
  // The real client's methods, bound once: a call through the proxy costs a map lookup.
  const methods = new Map<PropertyKey, unknown>();
  const real = (): C => {
    client ??= build();
    return client;
  };
  return new Proxy(Object.create(type.prototype) as C, {
    get(_target, property) {
      if (property === 'destroy' && client === undefined) return () => undefined;
      const target = real();
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      let method = methods.get(property) as { original?: unknown } | undefined;
      if (method?.original !== value) {
        method = Object.assign(value.bind(target), { original: value });
        methods.set(property, method);
      }
      return method;
    },
    set(_target, property, value) {
      return Reflect.set(real(), property, value);
    },
    has(_target, property) {
      return Reflect.has(real(), property);
    },
  });
}

/**
 * The hub's own clients (`opts.credentials`, else the SDK's default chain), each handed out once
 * and then reused, and built only on its first use (deferClient), all with the same plugins,
 * retries and region.
 */
export function createClients(opts: ClientsOptions = {}): AwsClients {
  const config = baseClientConfig(opts);
  const lazy = <C extends object>(type: { prototype: C }, build: () => C): (() => C) => {
    let client: C | undefined;
    return () => {
      client ??= deferClient(type, build);
      return client;
    };
  };
  return {
    sts: lazy(STSClient, () => withPlugins(new STSClient(config), opts.plugins)),
    sns: lazy(SNSClient, () => withPlugins(new SNSClient(config), opts.plugins)),
    // The hub's own credentials: a read role is createOrganizationsClient's `readRoleArn`.
    organizations: lazy(OrganizationsClient, () => createOrganizationsClient(opts)),
    sqs: lazy(SQSClient, () => withPlugins(new SQSClient(config), opts.plugins)),
    ec2: (region, credentials) =>
      withPlugins(
        new EC2Client({ ...config, region, ...(credentials === undefined ? {} : { credentials }) }),
        opts.plugins,
      ),
  };
}
