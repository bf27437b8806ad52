import { AssumeRoleError, AwsOperationError } from './errors';

export type AwsErrorKind = 'already' | 'group-gone' | 'access-denied' | 'retryable' | 'other';

export interface ClassifiedAwsError {
  kind: AwsErrorKind;
  /** The service's error code (`InvalidPermission.NotFound`), or the error's name when it has none. */
  code: string;
  message: string;
}

/** The state is already as the call wanted: the rule is gone, or it is there. */
const ALREADY = new Set([
  'InvalidPermission.NotFound',
  'InvalidPermission.Duplicate',
  'InvalidSecurityGroupRuleId.NotFound',
]);

const GROUP_GONE = new Set(['InvalidGroup.NotFound']);

/** The account is not enrolled (no role, no trust, region not opted in) or the role lacks a permission. */
const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthFailure',
  'InvalidClientTokenId',
  'OptInRequired',
]);

/** Still failing after the SDK's own retries, but worth trying again later. */
const RETRYABLE = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
  'Unavailable',
  'ExpiredToken',
  'ExpiredTokenException',
  'ConcurrentModificationException',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * Maps whatever an SDK call threw to what the caller should do about it. Errors this package
 * wraps (AssumeRoleError, AwsOperationError) are classified by their cause, so a role that cannot
 * be assumed reads as `access-denied` and a throttled AssumeRole as `retryable`.
 */
export function classifyAwsError(error: unknown): ClassifiedAwsError {
  if ((error instanceof AssumeRoleError || error instanceof AwsOperationError) && error.cause !== undefined) {
    return { ...classifyAwsError(error.cause), message: error.message };
  }
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return { kind: kindOf(code, error), code, message };
}

function kindOf(code: string, error: unknown): AwsErrorKind {
  if (ALREADY.has(code)) return 'already';
  if (GROUP_GONE.has(code)) return 'group-gone';
  if (ACCESS_DENIED.has(code)) return 'access-denied';
  if (RETRYABLE.has(code)) return 'retryable';
  const status = httpStatus(error);
  if (status !== undefined && (status >= 500 || status === 429)) return 'retryable';
  if (isRecord(error) && error.$fault === 'server') return 'retryable';
  return 'other';
}

/**
 * SDK service exceptions carry the code as `name` (the SDK's error parser also sets `Code`);
 * Node's network errors are plain `Error`s with the code in `code`.
 */
function errorCode(error: unknown): string {
  if (!isRecord(error)) return 'Unknown';
  const candidates = [error.name === 'Error' ? undefined : error.name, error.Code, error.code, error.name];
  for (const value of candidates) {
    if (typeof value === 'string' && value !== '') return value;
  }
  return 'Unknown';
}

function httpStatus(error: unknown): number | undefined {
  if (!isRecord(error) || !isRecord(error.$metadata)) return undefined;
  const status = error.$metadata.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
