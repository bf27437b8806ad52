import { EC2Client } from '@aws-sdk/client-ec2';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { GUARDRAIL_NAMES } from '@guardrail/core';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
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

/**
 * Assumes the member remediation role: credentials are cached per account until shortly before
 * they expire, EC2 clients are reused per account and region.
 */
export class CredentialBroker {
  private readonly credentials = new Map<string, AwsCredentialIdentityProvider>();
  private readonly clients = new Map<string, EC2Client>();
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
    const key = `${account}/${region}`;
    let client = this.clients.get(key);
    if (client === undefined) {
      client = withPlugins(
        new EC2Client({ ...baseClientConfig(this.opts), region, credentials: this.credentialsFor(account) }),
        this.opts.plugins,
      );
      this.clients.set(key, client);
    }
    return client;
  }

  /** Releases the sockets of every client created so far. */
  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private assumeRole(account: string): AwsCredentialIdentityProvider {
    const roleArn = this.roleArn(account);
    const { credentials, ...stsConfig } = baseClientConfig(this.opts);
    const master = this.opts.masterCredentials ?? credentials;
    const provider = fromTemporaryCredentials({
      params: {
        RoleArn: roleArn,
        RoleSessionName: this.opts.sessionName ?? DEFAULT_SESSION_NAME,
        SourceIdentity: this.opts.sourceIdentity ?? DEFAULT_SOURCE_IDENTITY,
        ...(this.opts.durationSeconds === undefined ? {} : { DurationSeconds: this.opts.durationSeconds }),
      },
      ...(master === undefined ? {} : { masterCredentials: master }),
      clientConfig: stsConfig,
      clientPlugins: this.stsPlugins,
    });
    return async (properties) => {
      try {
        // The first caller's client config (its region, request handler) seeds the STS client.
        return await provider(properties);
      } catch (error) {
        throw new AssumeRoleError(account, roleArn, error);
      }
    };
  }
}
