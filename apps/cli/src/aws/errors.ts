/**
 * AWS failures as the CLI tells them: one line, the service's error code first (what a user
 * searches for), then its message, and how many attempts the SDK made when it retried, so a
 * throttled region reads as "still failing after retries", not as a one-off.
 */
import { AssumeRoleError, AwsOperationError, classifyAwsError } from '@guardrail/aws';

/** The error underneath the wrappers of @guardrail/aws (they carry the SDK's error as `cause`). */
export function rootAwsError(error: unknown): unknown {
  let current = error;
  while ((current instanceof AssumeRoleError || current instanceof AwsOperationError) && current.cause)
    current = current.cause;
  return current;
}

/** `RequestLimitExceeded: Request limit exceeded. (gave up after 5 attempts)`, on one line. */
export function awsErrorText(error: unknown): string {
  const root = rootAwsError(error);
  const { code, message } = classifyAwsError(root);
  const attempts = attemptsOf(root);
  const text = message === '' || message === code ? code : `${code}: ${message}`;
  return oneLine(attempts > 1 ? `${text} (gave up after ${attempts} attempts)` : text);
}

/** Whether the failure is the role assumption's (the caller may not assume it, or STS refused). */
export function isAssumeRoleFailure(error: unknown): boolean {
  let current = error;
  while (current instanceof Error) {
    if (current instanceof AssumeRoleError) return true;
    current = current.cause;
  }
  return false;
}

/** EC2 and STS messages are one line; a credential provider's may not be. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The SDK's retry middleware writes how many attempts a failed call took into its `$metadata`. */
function attemptsOf(error: unknown): number {
  if (typeof error !== 'object' || error === null) return 0;
  const metadata = (error as { $metadata?: { attempts?: unknown } }).$metadata;
  return typeof metadata?.attempts === 'number' ? metadata.attempts : 0;
}
