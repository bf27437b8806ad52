import { GuardrailError } from '@guardrail/core';

/** The member remediation role could not be assumed (role missing, trust broken, STS down...). */
export class AssumeRoleError extends GuardrailError {
  override readonly name = 'AssumeRoleError';
  constructor(
    readonly account: string,
    readonly roleArn: string,
    cause: unknown,
  ) {
    super(`cannot assume ${roleArn} in account ${account}: ${describe(cause)}`, { cause });
  }
}

/** An AWS call failed in a way the caller cannot express as a result value. */
export class AwsOperationError extends GuardrailError {
  override readonly name: string = 'AwsOperationError';
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(`${operation} failed: ${describe(cause)}`, { cause });
  }
}

/** Organizations could not tell whether an account is a member (not "it is not a member"). */
export class AccountLookupError extends AwsOperationError {
  override readonly name = 'AccountLookupError';
  constructor(
    readonly account: string,
    cause: unknown,
  ) {
    // DescribeAccount, or ListParents for the account's OUs: the cause names the call.
    super(`looking up account ${account}`, cause);
  }
}

/** An alert could not be published to SNS. */
export class AlertPublishError extends AwsOperationError {
  override readonly name = 'AlertPublishError';
  constructor(
    readonly topicArn: string,
    cause: unknown,
  ) {
    super(`Publish to ${topicArn}`, cause);
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return String(cause);
}
