export type { PartialDetail } from './cloudtrail/emitter';
export type { AttributeValue, DynamoDbService, Item, TableSpec } from './dynamodb/service';
export type { GroupSnapshot } from './ec2/store';
export { ApiError, SandboxError, SdkTimeoutError } from './errors';
export type { FailedDelivery } from './eventbridge/delivery';
export { type EventPattern, matchesPattern } from './eventbridge/pattern-matcher';
export type { DeliveredEvent } from './eventbridge/store';
export type { TargetSpec } from './eventbridge/validation';
export type { Account, OrganizationalUnit } from './organization';
export type { S3Grant } from './s3/access';
export { Sandbox } from './sandbox';
export type { CloudFormationService, StackSpec } from './services/cloudformation';
export type { EventsService, RuleDescription, RuleSetup } from './services/events';
export type { S3Service, StoredObject } from './services/s3';
export type {
  AccountSpec,
  CallerProfile,
  CallRecord,
  ClientConfigRequest,
  CloudTrailDetail,
  CloudTrailUserIdentity,
  EventBridgeEvent,
  FaultKind,
  FaultSpec,
  PublishedMessage,
  SandboxOptions,
  ServiceName,
} from './types';
