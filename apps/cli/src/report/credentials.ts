/**
 * The credentials `guardrail report` starts from: the ones a test injects (the sandbox's), else
 * the named `--profile` through the SDK's Node chain (SSO, assume-role profiles, credential
 * process), else nothing, so the SDK resolves its default chain (environment, default profile,
 * container or instance role) as every AWS tool does.
 */
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsOptions } from '@guardrail/aws';

export function baseCredentials(
  injected: AwsOptions['credentials'],
  profile: string | undefined,
): AwsOptions['credentials'] {
  if (injected !== undefined) return injected;
  return profile === undefined ? undefined : fromNodeProviderChain({ profile });
}
