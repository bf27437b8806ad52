import type { AwsOptions } from '@guardrail/aws';
import type { HubConfig } from './config';

/** What the caller may add to the SDK clients: the sandbox's plugin, the hub's own credentials, retries. */
export type AwsOverrides = Pick<AwsOptions, 'plugins' | 'credentials' | 'maxAttempts'>;

/** The SDK options for the hub's clients: the configured region plus the caller's additions. */
export function awsOptionsFor(config: Pick<HubConfig, 'region'>, aws: AwsOverrides = {}): AwsOptions {
  const plugins = aws.plugins ?? [];
  return {
    ...(config.region ? { region: config.region } : {}),
    ...(plugins.length > 0 ? { plugins } : {}),
    ...(aws.credentials ? { credentials: aws.credentials } : {}),
    ...(aws.maxAttempts ? { maxAttempts: aws.maxAttempts } : {}),
  };
}
