/** Public shapes of the sandbox: options, records, events. */

/** The SigV4 signing name of each service the sandbox serves (`events` is EventBridge). */
export type ServiceName =
  | 'ec2'
  | 'sts'
  | 'sns'
  | 'organizations'
  | 'sqs'
  | 'dynamodb'
  | 'events'
  | 's3'
  | 'cloudformation';

export interface SandboxOptions {
  /** Seeds every id and every probabilistic fault draw. Default 1. */
  seed?: number;
  /** The sandbox clock (event times, credential expiry, visibility timeouts). Default: real time. */
  now?: () => Date;
  /** Default `o-exampleorgid`. */
  organizationId?: string;
  /** Default `999999999999`; the account is created with the sandbox. */
  managementAccountId?: string;
  partition?: 'aws';
}

export interface AccountSpec {
  id: string;
  name: string;
  /** The root or OU (Organization.createOrganizationalUnit) the account sits directly under. Default: the root. */
  ouId?: string;
  status?: 'ACTIVE' | 'SUSPENDED';
  /** False for an account outside the organization (Organizations says AccountNotFound). Default true. */
  inOrganization?: boolean;
  email?: string;
}

/** How a caller's calls look in CloudTrail. */
export interface CallerProfile {
  sourceIp?: string;
  /** Default: the SDK's own `user-agent` header. */
  userAgent?: string;
  /** Marks the calls as made from the AWS console (`sessionCredentialFromConsole`). */
  console?: boolean;
}

export interface ClientConfigRequest extends CallerProfile {
  principalArn: string;
  region: string;
  /** For a role ARN: the session name of the "external" session. Default: the role name. */
  sessionName?: string;
}

export type FaultKind = 'throttle' | 'access-denied' | 'server-error' | 'timeout';

export interface FaultSpec {
  service?: ServiceName;
  operation?: string;
  account?: string;
  region?: string;
  kind: FaultKind;
  /** How many calls it hits; unlimited when absent. */
  times?: number;
  /** Chance (0..1) that a matching call is hit, drawn from the seeded PRNG. Default 1. */
  probability?: number;
}

export interface CallRecord {
  service: ServiceName;
  operation: string;
  account: string;
  region: string;
  principalArn: string;
  startedAt: Date;
  endedAt: Date;
  /**
   * CPU the sandbox itself spent serving the call, in ms (its checks, the emulation, the
   * CloudTrail event): work a real endpoint does on its side. Absent when the call never reached
   * the service (an unknown key, or an abort during the injected latency).
   */
  cpuMs?: number;
  /** The error code when the call failed. */
  error?: string;
}

export interface PublishedMessage {
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  MessageStructure?: string;
  MessageAttributes?: Record<string, { DataType: string; StringValue?: string }>;
  at: Date;
}

/** CloudTrail's `userIdentity`, as recorded for IAM users and assumed roles. */
export interface CloudTrailUserIdentity {
  type: 'AssumedRole' | 'IAMUser' | 'Root' | string;
  principalId: string;
  arn: string;
  accountId: string;
  accessKeyId?: string;
  userName?: string;
  sessionContext?: {
    sessionIssuer: { type: 'Role'; principalId: string; arn: string; accountId: string; userName: string };
    attributes: { creationDate: string; mfaAuthenticated: 'false' | 'true' };
    sourceIdentity?: string;
  };
}

/** The `detail` of an "AWS API Call via CloudTrail" event. */
export interface CloudTrailDetail {
  eventVersion: string;
  userIdentity: CloudTrailUserIdentity;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  eventType: 'AwsApiCall';
  managementEvent: boolean;
  recipientAccountId: string;
  eventCategory: 'Management';
  sessionCredentialFromConsole?: 'true';
  tlsDetails?: { tlsVersion: string; cipherSuite: string; clientProvidedHostHeader: string };
}

/** The EventBridge envelope, as delivered for CloudTrail management events. */
export interface EventBridgeEvent<TDetail = CloudTrailDetail> {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: TDetail;
}

const SERVICE_NAMES: readonly string[] = [
  'ec2',
  'sts',
  'sns',
  'organizations',
  'sqs',
  'dynamodb',
  'events',
  's3',
  'cloudformation',
];

export function isServiceName(name: string): name is ServiceName {
  return SERVICE_NAMES.includes(name);
}
