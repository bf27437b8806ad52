import type { AccessKey } from '../credentials';
import { SandboxError } from '../errors';
import type { IdFactory } from '../random';
import type { CallerProfile, CloudTrailDetail, EventBridgeEvent } from '../types';
import { userIdentity } from './identity';
import { cloudTrailTime } from './time';
import { type CloudTrail, DEFAULT_SOURCE_IP } from './trail';

export type PartialDetail = Partial<CloudTrailDetail> & { eventSource: string; eventName: string };

/**
 * `sb.cloudtrail.emit`: events for calls the sandbox does not serve (Resource Groups Tagging,
 * EventBridge rule tampering...), completed with CloudTrail's defaults.
 */
export class TrailEmitter {
  constructor(
    private readonly trail: CloudTrail,
    private readonly ids: IdFactory,
    private readonly keyFor: (principalArn: string) => AccessKey,
    private readonly profileFor: (key: AccessKey) => CallerProfile,
    private readonly now: () => Date,
    private readonly partition: string,
  ) {}

  emit(
    partial: PartialDetail,
    options: { principalArn?: string; account?: string; region?: string } = {},
  ): EventBridgeEvent {
    const key = options.principalArn ? this.keyFor(options.principalArn) : undefined;
    const profile = key ? this.profileFor(key) : {};
    const identity = partial.userIdentity ?? (key ? userIdentity(key, this.partition) : undefined);
    const account = partial.recipientAccountId ?? options.account ?? identity?.accountId;
    if (!identity || !account)
      throw new SandboxError('emit needs a principalArn, or a userIdentity and an account');
    const region = partial.awsRegion ?? options.region ?? 'us-east-1';
    const requestId = this.ids.uuid();
    const detail: CloudTrailDetail = {
      eventVersion: '1.08',
      userIdentity: identity,
      eventTime: cloudTrailTime(this.now()),
      awsRegion: region,
      sourceIPAddress: profile.sourceIp ?? DEFAULT_SOURCE_IP,
      userAgent: profile.userAgent ?? (profile.console ? 'AWS Internal' : 'aws-cli/2.15.0'),
      requestParameters: null,
      responseElements: null,
      requestID: requestId,
      eventID: this.ids.uuid(),
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: account,
      eventCategory: 'Management',
      ...(profile.console ? { sessionCredentialFromConsole: 'true' as const } : {}),
      ...partial,
    };
    return this.trail.publish(detail, account, region);
  }
}
