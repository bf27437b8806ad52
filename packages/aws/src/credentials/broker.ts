import { EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { GUARDRAIL_NAMES } from '@guardrail/core';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { AssumeRoleError } from '../errors';
import { type AwsOptions, baseClientConfig, withPlugins } from '../options';
import { memoizeCredentials } from './memoize';
import { oncePerStack } from './once-per-stack';

export interface CredentialBrokerOptions extends AwsOptions {
  /** The member remediation role's name (the same in every account). */
  roleName: string;
  partition?: string;
  /** RoleSessionName: appears in the assumed-role ARN of every call the hub makes. */
  sessionName?: string;
  /** SourceIdentity: carried into CloudTrail, so the hub recognises its own calls (loop guard). */
  sourceIdentity?: string;
  durationSeconds?: number;
  /** Credentials that call AssumeRole; `credentials`, else the SDK's default chain, when absent. */
  masterCredentials?: AwsCredentialIdentityProvider;
  /** Clock used to decide when cached credentials are due for refresh (tests). */
  now?: () => number;
}

export const DEFAULT_SESSION_NAME = 'guardrail';
export const DEFAULT_SOURCE_IDENTITY: string = GUARDRAIL_NAMES.sourceIdentity;

/** What the broker builds clients of: the SDK's client constructors share this shape. */
export type MemberClientClass<C> = new (
  config: ReturnType<typeof baseClientConfig> & { region: string },
) => C;

/** The region of the client asking for credentials (the SDK passes its config to the provider). */
async function callerRegion(
  properties: Parameters<AwsCredentialIdentityProvider>[0],
): Promise<string | undefined> {
  const region = (properties as { callerClientConfig?: { region?: unknown } } | undefined)?.callerClientConfig
    ?.region;
  if (typeof region === 'function') return (await region()) as string | undefined;
  return typeof region === 'string' ? region : undefined;
}

/**
 * Assumes the member remediation role: credentials are cached per account until shortly before
 * they expire, clients are reused per client class, account and region. EC2 is the broker's own;
 * the forwarding health check's EventBridge and SQS are asked for through `client` by the module
 * that reads them (events/forwarding-reader.ts), so a bundle without the check carries neither
 * SDK. AssumeRole goes through one STS client per region (the region of
 * the first client asking, as the SDK's own provider does), shared by every account: a hundred
 * accounts cost one STS client, not a hundred.
 */
export class CredentialBroker {
  private readonly credentials = new Map<string, AwsCredentialIdentityProvider>();
  private readonly clients = new Map<MemberClientClass<unknown>, Map<string, { destroy(): void }>>();
  private readonly sts = new Map<string, STSClient>();
  private readonly stsPlugins;

  constructor(private readonly opts: CredentialBrokerOptions) {
    this.stsPlugins = (opts.plugins ?? []).map(oncePerStack);
  }

  roleArn(account: string): string {
    return `arn:${this.opts.partition ?? 'aws'}:iam::${account}:role/${this.opts.roleName}`;
  }

  /** The account's temporary credentials, shared by every region; AssumeRole failures become AssumeRoleError. */
  credentialsFor(account: string): AwsCredentialIdentityProvider {
    let provider = this.credentials.get(account);
    if (provider === undefined) {
      provider = memoizeCredentials(this.assumeRole(account), this.opts.now);
      this.credentials.set(account, provider);
    }
    return provider;
  }

  ec2(account: string, region: string): EC2Client {
    return this.client(EC2Client, account, region);
  }

  /**
   * The member account's client of one SDK client class in one region, with the account's
   * credentials: built once per class, account and region, then reused (the class itself is the
   * cache key, so two callers can never be handed each other's client type).
   */
  client<
    C extends { destroy(): void; middlewareStack: Parameters<typeof withPlugins>[0]['middlewareStack'] },
  >(Client: MemberClientClass<C>, account: string, region: string): C {
    let byTarget = this.clients.get(Client);
    if (byTarget === undefined) {
      byTarget = new Map();
      this.clients.set(Client, byTarget);
    }
    const key = `${account}/${region}`;
    let client = byTarget.get(key) as C | undefined;
    if (client === undefined) {
      client = withPlugins(
        new Client({ ...baseClientConfig(this.opts), region, credentials: this.credentialsFor(account) }),
        this.opts.plugins,
      );
      byTarget.set(key, client);
    }
    return client;
  }

  /** Releases the sockets of every client created so far. */
  destroy(): void {
    for (const byTarget of this.clients.values()) for (const client of byTarget.values()) client.destroy();
    for (const client of this.sts.values()) client.destroy();
    this.clients.clear();
    this.sts.clear();
  }

  /** The STS client of a region (the hub's own region when it has one), with the master credentials. */
  private stsClient(region: string | undefined): STSClient {
    const key = this.opts.region ?? region ?? '';
    let client = this.sts.get(key);
    if (client === undefined) {
      const { credentials, ...config } = baseClientConfig(this.opts);
      const master = this.opts.masterCredentials ?? credentials;
      client = withPlugins(
        new STSClient({
          ...config,
          ...(key === '' ? {} : { region: key }),
          ...(master === undefined ? {} : { credentials: master }),
        }),
        this.stsPlugins,
      );
      this.sts.set(key, client);
    }
    return client;
  }

  private assumeRole(account: string): AwsCredentialIdentityProvider {
    const roleArn = this.roleArn(account);
    return async (properties) => {
      try {
        const sts = this.stsClient(await callerRegion(properties));
        const { Credentials: issued, AssumedRoleUser: user } = await sts.send(
          new AssumeRoleCommand({
            RoleArn: roleArn,
            RoleSessionName: this.opts.sessionName ?? DEFAULT_SESSION_NAME,
            SourceIdentity: this.opts.sourceIdentity ?? DEFAULT_SOURCE_IDENTITY,
            ...(this.opts.durationSeconds === undefined
              ? {}
              : { DurationSeconds: this.opts.durationSeconds }),
          }),
        );
        if (!issued?.AccessKeyId || !issued.SecretAccessKey) {
          throw new Error(`AssumeRole returned no credentials for ${roleArn}`);
        }
        const identity: AwsCredentialIdentity = {
          accessKeyId: issued.AccessKeyId,
          secretAccessKey: issued.SecretAccessKey,
          ...(issued.SessionToken === undefined ? {} : { sessionToken: issued.SessionToken }),
          ...(issued.Expiration === undefined ? {} : { expiration: new Date(issued.Expiration) }),
          // The account the session is in (arn:aws:sts::<account>:assumed-role/...).
          ...(user?.Arn === undefined ? {} : { accountId: user.Arn.split(':')[4] }),
        };
        return identity;
      } catch (error) {
        throw new AssumeRoleError(account, roleArn, error);
      }
    };
  }
}
