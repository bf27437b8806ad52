import * as cloudformation from '@aws-sdk/client-cloudformation';
import * as dynamodb from '@aws-sdk/client-dynamodb';
import * as ec2 from '@aws-sdk/client-ec2';
import * as eventbridge from '@aws-sdk/client-eventbridge';
import * as organizations from '@aws-sdk/client-organizations';
import * as s3 from '@aws-sdk/client-s3';
import * as sns from '@aws-sdk/client-sns';
import * as sqs from '@aws-sdk/client-sqs';
import * as sts from '@aws-sdk/client-sts';
import { HttpResponse } from '@smithy/protocol-http';
import type { ApiError } from './errors';
import type { ServiceName } from './types';

type ExceptionOptions = {
  name: string;
  $fault: 'client' | 'server';
  $metadata: { httpStatusCode: number; requestId: string };
  message: string;
};
type ExceptionClass = new (options: ExceptionOptions) => Error;

const SERVICES: Record<ServiceName, { base: ExceptionClass; module: Record<string, unknown> }> = {
  ec2: { base: ec2.EC2ServiceException, module: ec2 },
  sts: { base: sts.STSServiceException, module: sts },
  sns: { base: sns.SNSServiceException, module: sns },
  organizations: { base: organizations.OrganizationsServiceException, module: organizations },
  sqs: { base: sqs.SQSServiceException, module: sqs },
  dynamodb: { base: dynamodb.DynamoDBServiceException, module: dynamodb },
  events: { base: eventbridge.EventBridgeServiceException, module: eventbridge },
  s3: { base: s3.S3ServiceException, module: s3 },
  cloudformation: { base: cloudformation.CloudFormationServiceException, module: cloudformation },
};

function modeledClass(service: ServiceName, code: string): ExceptionClass | undefined {
  const { base, module } = SERVICES[service];
  const candidate = module[code];
  return typeof candidate === 'function' && candidate.prototype instanceof base
    ? (candidate as ExceptionClass)
    : undefined;
}

/**
 * The exception the real SDK client would throw for this error: the service's modeled class when
 * it has one (`AccountNotFoundException`, `QueueDoesNotExist`...), else its base service exception
 * named by the code (`InvalidGroup.NotFound`), with the HTTP status the retry strategy classifies on.
 */
export function toServiceException(service: ServiceName, error: ApiError, requestId: string): Error {
  const options: ExceptionOptions = {
    name: error.code,
    $fault: error.fault,
    $metadata: { httpStatusCode: error.status, requestId },
    message: error.message,
  };
  const Modeled = modeledClass(service, error.code);
  const exception = Modeled ? new Modeled(options) : new SERVICES[service].base(options);
  Object.assign(exception, { Code: error.code });
  Object.defineProperty(exception, '$response', {
    value: new HttpResponse({ statusCode: error.status, headers: { 'x-amzn-requestid': requestId } }),
    enumerable: false,
  });
  return exception;
}
