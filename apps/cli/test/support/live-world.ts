/**
 * The live plan's world: the demo organization on the sandbox, groups seeded in prod, the AWS
 * overrides of a caller (alice, or the hub role), and what the sandbox recorded since a mark (every
 * call, every CloudTrail event) to prove a run wrote nothing.
 */
import { DEFAULT_TAG_KEYS, type IpPermission, type TagKeys } from '@guardrail/core';
import type { AwsOverrides } from '@guardrail/engine';
import { ACCOUNTS, PRIMARY_REGION, ROLE_NAME, TAG_POLICY } from '../../src/demo/organization';
import { type LiveGroupsInput, readLiveGroups } from '../../src/plan/live';
import { testOrganization } from './org';

export const REGION = PRIMARY_REGION;
export const PROD = ACCOUNTS.prod.id;
export const PROD_ROLE = `arn:aws:iam::${PROD}:role/${ROLE_NAME}`;
export const ALICE = `arn:aws:iam::${PROD}:user/alice`;

export const SSH_FROM = (cidr: string): IpPermission => ({
  IpProtocol: 'tcp',
  FromPort: 22,
  ToPort: 22,
  IpRanges: [{ CidrIp: cidr }],
});

export function liveWorld(seed: number) {
  // The sandbox clock at the real time: the SDK judges the expiry of assumed-role credentials by it.
  const { org } = testOrganization(seed, new Date().toISOString());
  const { sb } = org;
  const seedGroup = (name: string, tags: Record<string, string> = {}, ingress: IpPermission[] = []) =>
    org.seedGroup({ account: 'prod', region: REGION, name, tags, ingress });
  /** Alice's credentials (or another principal's), two attempts per call (the SDK retries once). */
  const awsAs = (principalArn = org.people.alice.principalArn): AwsOverrides => ({
    plugins: [sb.plugin()],
    credentials: sb.credentialsFor(principalArn),
    maxAttempts: 2,
  });
  let mark = { calls: 0, events: 0 };
  return {
    org,
    sb,
    seedGroup,
    awsAs,
    hubRoleArn: org.hubRoleArn,
    /** Reads as alice with the default tag keys unless told otherwise. */
    read: (input: Partial<LiveGroupsInput> & { tagKeys?: TagKeys }) =>
      readLiveGroups({ region: REGION, tagKeys: DEFAULT_TAG_KEYS, aws: awsAs(), ...input }),
    mark() {
      mark = { calls: sb.calls.length, events: sb.events.length };
    },
    /** The calls made since the mark: `service:Operation principal`. */
    callsSince: () => sb.calls.slice(mark.calls),
    eventsSince: () => sb.events.slice(mark.events),
  };
}

export const OPTED_IN = { [TAG_POLICY]: 'no-public-admin-ports' };
