import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { GuardrailError } from '@guardrail/core';
import { AssumeRoleError, AwsOperationError, classifyAwsError } from '../src';

/** An exception as the SDK's deserializer builds it from a service error response. */
function serviceError(code: string, status: number): EC2ServiceException {
  return new EC2ServiceException({
    name: code,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: `${code} happened`,
  });
}

describe('classifyAwsError', () => {
  it.each([
    ['InvalidPermission.NotFound', 400, 'already'],
    ['InvalidPermission.Duplicate', 400, 'already'],
    ['InvalidSecurityGroupRuleId.NotFound', 400, 'already'],
    ['InvalidGroup.NotFound', 400, 'group-gone'],
    ['AccessDenied', 403, 'access-denied'],
    ['UnauthorizedOperation', 403, 'access-denied'],
    ['AccessDeniedException', 400, 'access-denied'],
    ['RequestLimitExceeded', 503, 'retryable'],
    ['Throttling', 400, 'retryable'],
    ['SomethingNew', 502, 'retryable'],
    ['InvalidParameterValue', 400, 'other'],
  ] as const)('%s (%i) is %s', (code, status, kind) => {
    expect(classifyAwsError(serviceError(code, status))).toEqual({ kind, code, message: `${code} happened` });
  });

  it('treats the SDK timeout and network resets as retryable', () => {
    const timeout = Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    expect(classifyAwsError(timeout)).toMatchObject({ kind: 'retryable', code: 'TimeoutError' });
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(classifyAwsError(reset)).toMatchObject({ kind: 'retryable', code: 'ECONNRESET' });
  });

  it('classifies wrapped errors by their cause, keeping the wrapper message', () => {
    const assume = new AssumeRoleError(
      '123456789012',
      'arn:aws:iam::123456789012:role/r',
      serviceError('AccessDenied', 403),
    );
    expect(assume).toBeInstanceOf(GuardrailError);
    expect(classifyAwsError(assume)).toEqual({
      kind: 'access-denied',
      code: 'AccessDenied',
      message:
        'cannot assume arn:aws:iam::123456789012:role/r in account 123456789012: AccessDenied: AccessDenied happened',
    });
    const op = new AwsOperationError('Publish', serviceError('Throttling', 400));
    expect(classifyAwsError(op)).toMatchObject({ kind: 'retryable', code: 'Throttling' });
  });

  it('survives values that are not errors', () => {
    expect(classifyAwsError('boom')).toEqual({ kind: 'other', code: 'Unknown', message: 'boom' });
    expect(classifyAwsError(undefined)).toMatchObject({ kind: 'other', code: 'Unknown' });
  });
});
