/**
 * The benchmark's organization on the sandbox: N member accounts in two regions, each with the
 * remediation role and a person who changes groups, and the hub composed as the Lambda composes
 * it (the engine's composeHub over loadHubConfig), talking to the sandbox through its SDK plugin.
 */
import { AuthorizeSecurityGroupIngressCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DEFAULT_TAG_KEYS } from '@guardrail/core';
import { composeHub, type GatewayFactory, type Hub, type HubRecord, loadHubConfig } from '@guardrail/engine';
import type { EventBridgeEvent, Sandbox } from '@guardrail/sandbox';
import { createHubOrganization, hubEnvironment } from '@guardrail/testkit';

export const REGIONS = ['eu-west-1', 'us-east-1'] as const;
export const HUB_ACCOUNT = '200000000000';
export const SSH_WORLD = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const HTTPS_WORLD = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

export const accountId = (i: number) => String(300000000000 + i);

export interface BenchWorld {
  sb: Sandbox;
  hub: Hub;
  topicArn: string;
  hubRoleArn: string;
  /**
   * Another hub instance over the same organization, as a second Lambda instance would be: its
   * own caches (credentials, organization lookups) and its own concurrency limits.
   */
  instance(): Hub;
  /** The hub's gateway to one account and region (through the assumed remediation role). */
  gateway: GatewayFactory;
  /** A tagged group in an account and region, with a few rules already there. */
  seedGroup(account: string, region: string, name: string): string;
  /** A person in the account opens SSH to the world on the group; returns the event. */
  openSsh(account: string, region: string, groupId: string): Promise<EventBridgeEvent>;
  destroy(): void;
}

let nextRecord = 0;
/** SQS records as the Lambda receives them: the EventBridge event as a JSON body. */
export function records(events: readonly EventBridgeEvent[]): HubRecord[] {
  return events.map((event) => {
    nextRecord += 1;
    return { id: `msg-${nextRecord}`, body: JSON.stringify(event) };
  });
}

export interface BenchOptions {
  /** Create the hub's DynamoDB state table and set GUARDRAIL_STATE_TABLE (shared dedupe and breaker). */
  stateTable?: boolean;
}

export function createBenchWorld(accounts: number, options: BenchOptions = {}): BenchWorld {
  const ids = Array.from({ length: accounts }, (_, i) => accountId(i));
  const org = createHubOrganization({
    seed: 3,
    hub: { id: HUB_ACCOUNT, name: 'security-tooling' },
    members: ids.map((id, i) => ({ id, name: `workload-${i}` })),
    region: REGIONS[0],
    callers: ids.map((account) => ({
      account,
      user: 'deployer',
      sourceIp: '198.51.100.7',
      userAgent: 'aws-cli/2.15.30',
    })),
    stateTable: options.stateTable,
  });
  const { sb, topicArn, hubRoleArn } = org;
  const people = new Map(ids.map((id, i) => [id, org.callers[i]]));

  // The hub exactly as the Lambda builds it, from the variables infra would set.
  const compose = () => composeHub(loadHubConfig(hubEnvironment(org)), { aws: org.hubAws(3) });
  const composed = compose();
  const hub = composed.hub;
  const instances: ReturnType<typeof compose>[] = [];

  const clients = new Map<string, EC2Client>();
  const clientFor = (account: string, region: string) => {
    const key = `${account}/${region}`;
    let client = clients.get(key);
    if (!client) {
      const principalArn = people.get(account);
      if (!principalArn) throw new Error(`no person in ${account}`);
      client = sb.attach(new EC2Client(sb.clientConfig({ principalArn, region })));
      clients.set(key, client);
    }
    return client;
  };

  return {
    sb,
    hub,
    topicArn,
    hubRoleArn,
    instance() {
      const another = compose();
      instances.push(another);
      return another.hub;
    },
    gateway: composed.gateways,
    seedGroup(account, region, name) {
      return sb.ec2.seedSecurityGroup({
        account,
        region,
        groupName: name,
        tags: { [DEFAULT_TAG_KEYS.policy]: 'no-public-admin-ports', team: 'bench' },
        ingress: [
          HTTPS_WORLD,
          { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
        ],
      });
    },
    async openSsh(account, region, groupId) {
      await clientFor(account, region).send(
        new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [SSH_WORLD] }),
      );
      const events = sb.takeEvents();
      const event = events.find((e) => e.detail.eventName === 'AuthorizeSecurityGroupIngress');
      if (!event) throw new Error('the sandbox emitted no event');
      return event;
    },
    destroy() {
      composed.destroy();
      for (const instance of instances) instance.destroy();
      for (const client of clients.values()) client.destroy();
    },
  };
}
