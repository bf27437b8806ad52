/**
 * The credentials the CLI calls AWS with: the injected ones (the sandbox's, in tests), a named
 * profile (shared config and credentials files, SSO, credential_process...), or the SDK's default
 * chain (environment, profile from AWS_PROFILE, container and instance roles); then, with a role
 * ARN, that role assumed with them. The assumed role's credentials are shared by every client of
 * the session, so AssumeRole runs once per run rather than once per client.
 */
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import {
  AssumeRoleError,
  type AwsOptions,
  type ClientPlugin,
  DEFAULT_MAX_ATTEMPTS,
  memoizeCredentials,
} from '@guardrail/aws';

export type Credentials = NonNullable<AwsOptions['credentials']>;
type CredentialProvider = Extract<Credentials, (...args: never[]) => unknown>;

export interface CredentialsInput {
  region: string;
  profile?: string;
  /** Assume this role with the credentials above (RoleSessionName `sessionName`). */
  roleArn?: string;
  sessionName: string;
  /** Injected credentials: used instead of the profile or the default chain. */
  credentials?: Credentials;
  /** Added to the STS client that assumes the role (the sandbox's interceptor, in tests). */
  plugins?: readonly ClientPlugin[];
  maxAttempts?: number;
}

const ROLE_ACCOUNT = /^arn:[^:]+:iam::(\d{12}):role\//;

/**
 * The session's credentials, or undefined for "the SDK's default chain" (the clients resolve it
 * themselves, exactly as the AWS CLI would).
 */
export function sessionCredentials(input: CredentialsInput): Credentials | undefined {
  const base =
    input.credentials ??
    (input.profile === undefined
      ? undefined
      : fromNodeProviderChain({ profile: input.profile, clientConfig: { region: input.region } }));
  if (input.roleArn === undefined) return base;
  return memoizeCredentials(assumeRole(input.roleArn, input, base ?? fromNodeProviderChain()));
}

function assumeRole(roleArn: string, input: CredentialsInput, master: Credentials): CredentialProvider {
  const provider = fromTemporaryCredentials({
    // Read-only use: no SourceIdentity (that marks the hub's own sessions, which make changes).
    params: { RoleArn: roleArn, RoleSessionName: input.sessionName },
    masterCredentials: master,
    clientConfig: {
      region: input.region,
      maxAttempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      retryMode: 'adaptive',
    },
    clientPlugins: (input.plugins ?? []).map(oncePerStack),
  });
  const account = ROLE_ACCOUNT.exec(roleArn)?.[1] ?? 'unknown';
  return async (properties) => {
    try {
      return await provider(properties);
    } catch (error) {
      throw new AssumeRoleError(account, roleArn, error);
    }
  };
}

/**
 * fromTemporaryCredentials applies its `clientPlugins` to its STS client again on every refresh;
 * a plugin with a named middleware would then fail as a duplicate. Applied once per stack here.
 */
function oncePerStack(plugin: ClientPlugin): ClientPlugin {
  const applied = new WeakSet<object>();
  return {
    applyToStack(stack) {
      if (applied.has(stack)) return;
      applied.add(stack);
      plugin.applyToStack(stack);
    },
  };
}
