import { ApiError } from './errors';
import type { ServiceName } from './types';

/** Each service's own code for the same kind of failure, as the real service returns it. */

const ACCESS_DENIED: Record<ServiceName, [string, number]> = {
  ec2: ['UnauthorizedOperation', 403],
  sts: ['AccessDenied', 403],
  sns: ['AuthorizationErrorException', 403],
  organizations: ['AccessDeniedException', 400],
  sqs: ['AccessDenied', 403],
  dynamodb: ['AccessDeniedException', 400],
  events: ['AccessDeniedException', 400],
  s3: ['AccessDenied', 403],
  cloudformation: ['AccessDenied', 403],
};

const THROTTLED: Record<ServiceName, [string, number, string]> = {
  ec2: ['RequestLimitExceeded', 503, 'Request limit exceeded.'],
  sts: ['Throttling', 400, 'Rate exceeded'],
  sns: ['Throttling', 400, 'Rate exceeded'],
  organizations: [
    'TooManyRequestsException',
    400,
    "AWS Organizations can't complete your request because another request is already in progress. Try again later.",
  ],
  sqs: ['RequestThrottled', 403, 'Request is throttled.'],
  dynamodb: ['ThrottlingException', 400, 'Rate of requests exceeds the allowed throughput.'],
  events: ['ThrottlingException', 400, 'Rate exceeded'],
  s3: ['SlowDown', 503, 'Please reduce your request rate.'],
  cloudformation: ['Throttling', 400, 'Rate exceeded'],
};

const SERVER_ERROR: Record<ServiceName, [string, number]> = {
  ec2: ['InternalError', 500],
  sts: ['InternalFailure', 500],
  sns: ['InternalErrorException', 500],
  organizations: ['ServiceException', 500],
  sqs: ['InternalFailure', 500],
  dynamodb: ['InternalServerError', 500],
  events: ['InternalException', 500],
  s3: ['InternalError', 500],
  cloudformation: ['InternalFailure', 500],
};

export function accessDenied(service: ServiceName, message: string): ApiError {
  const [code, status] = ACCESS_DENIED[service];
  return new ApiError(code, message, status);
}

export function throttled(service: ServiceName): ApiError {
  const [code, status, message] = THROTTLED[service];
  return new ApiError(code, message, status, 'client');
}

export function serverError(service: ServiceName): ApiError {
  const [code, status] = SERVER_ERROR[service];
  return new ApiError(code, 'An internal error has occurred', status, 'server');
}

export function unknownAccessKey(service: ServiceName): ApiError {
  if (service === 's3')
    return new ApiError(
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
      403,
    );
  return service === 'ec2'
    ? new ApiError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401)
    : new ApiError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
}

export function expiredToken(service: ServiceName): ApiError {
  return service === 'sts'
    ? new ApiError('ExpiredTokenException', 'The security token included in the request is expired', 400)
    : new ApiError('ExpiredToken', 'The security token included in the request is expired', 400);
}
