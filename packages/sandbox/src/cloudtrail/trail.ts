import type { AccessKey } from '../credentials';
import type { IdFactory } from '../random';
import type { CallerProfile, CloudTrailDetail, EventBridgeEvent } from '../types';
import { userIdentity } from './identity';
import { cloudTrailTime } from './time';

export const DEFAULT_SOURCE_IP = '192.0.2.10';

/** What CloudTrail needs to know about a call in order to record it. */
export interface RecordedCall {
  key: AccessKey;
  profile: CallerProfile;
  /** The SDK's user-agent header. */
  userAgent: string;
  region: string;
  /** The account that owns the resource (the caller's account for EC2). */
  recipientAccountId: string;
  requestId: string;
  eventSource: string;
  eventName: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  error?: { code: string; message: string };
}

/** `ec2.amazonaws.com` -> `aws.ec2`: the EventBridge `source` of CloudTrail events. */
export function eventBridgeSource(eventSource: string): string {
  return `aws.${eventSource.split('.')[0]}`;
}

/** The event log: every CloudTrail-shaped event, a queue for `takeEvents`, and subscribers. */
export class CloudTrail {
  readonly events: EventBridgeEvent[] = [];
  private pending: EventBridgeEvent[] = [];
  private readonly listeners = new Set<(event: EventBridgeEvent) => void>();

  constructor(
    private readonly ids: IdFactory,
    private readonly now: () => Date,
    private readonly partition: string,
  ) {}

  record(call: RecordedCall): EventBridgeEvent {
    const time = cloudTrailTime(this.now());
    const console = call.profile.console === true;
    const detail: CloudTrailDetail = {
      eventVersion: '1.08',
      userIdentity: userIdentity(call.key, this.partition),
      eventTime: time,
      eventSource: call.eventSource,
      eventName: call.eventName,
      awsRegion: call.region,
      sourceIPAddress: call.profile.sourceIp ?? DEFAULT_SOURCE_IP,
      userAgent: call.profile.userAgent ?? (console ? 'AWS Internal' : call.userAgent),
      ...(call.error ? { errorCode: call.error.code, errorMessage: call.error.message } : {}),
      requestParameters: call.requestParameters,
      responseElements: call.responseElements,
      requestID: call.requestId,
      eventID: this.ids.uuid(),
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: call.recipientAccountId,
      eventCategory: 'Management',
      ...(console ? { sessionCredentialFromConsole: 'true' as const } : {}),
      tlsDetails: {
        tlsVersion: 'TLSv1.3',
        cipherSuite: 'TLS_AES_128_GCM_SHA256',
        clientProvidedHostHeader: `${call.eventSource.split('.')[0]}.${call.region}.amazonaws.com`,
      },
    };
    return this.publish(detail, call.recipientAccountId, call.region, time);
  }

  /** Emits an already-shaped detail (events the sandbox does not serve, e.g. tagging or events API calls). */
  publish(
    detail: CloudTrailDetail,
    account: string,
    region: string,
    time = detail.eventTime,
  ): EventBridgeEvent {
    const event: EventBridgeEvent = {
      version: '0',
      id: this.ids.uuid(),
      'detail-type': 'AWS API Call via CloudTrail',
      source: eventBridgeSource(detail.eventSource),
      account,
      time,
      region,
      resources: [],
      detail,
    };
    this.events.push(event);
    this.pending.push(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  onEvent(listener: (event: EventBridgeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** The events emitted since the last call (the full history stays in `events`). */
  take(): EventBridgeEvent[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }
}
