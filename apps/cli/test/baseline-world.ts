/**
 * The baseline commands' world on the sandbox: a hub account with its state table (created as
 * infra creates it) where dana, a security engineer, works; a member account "prod" with a
 * read-only role dana assumes to read groups, and alice who changes them; a locked group there
 * (policy db-locked) whose first baseline the hub captured and saved, through the hub's own store.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { createStateStores } from '@guardrail/aws';
import {
  type Baseline,
  captureBaseline,
  DEFAULT_TAG_KEYS,
  type IpPermission,
  loadPolicies,
} from '@guardrail/core';
import type { AwsOverrides } from '@guardrail/engine';
import { createHubOrganization } from '@guardrail/testkit';
import { readLiveGroups } from '../src/plan/live';
import { tempFile } from './support/plan-cli';

export const HUB = '222233334444';
export const PROD = '111122223333';
export const REGION = 'eu-west-1';
export const READ_ROLE = `arn:aws:iam::${PROD}:role/guardrail-baseline-read`;
export const TAG = DEFAULT_TAG_KEYS.policy;

export const POLICIES_YAML = `version: 1
policies:
  db-locked:
    lock: true
    trustedPrincipals: ["arn:aws:iam::*:role/ci-deployer"]
    ingress:
      deny:
        - { protocol: tcp, ports: 22, peer: internet }
  internal-only:
    ingress:
      deny:
        - { protocol: all, ports: all, peer: internet }
`;

export const PG_APP: IpPermission = {
  IpProtocol: 'tcp',
  FromPort: 5432,
  ToPort: 5432,
  IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'app servers' }],
};
export const PG_VPN: IpPermission = {
  IpProtocol: 'tcp',
  FromPort: 5432,
  ToPort: 5432,
  IpRanges: [{ CidrIp: '172.16.0.0/12', Description: 'vpn' }],
};

/** When the hub captured the first baseline (before the CLI tests' clock, 2025-05-12). */
export const CAPTURED_AT = new Date('2025-05-01T08:00:00Z');

export function baselineWorld(seed: number) {
  const org = createHubOrganization({
    seed,
    stateTable: true,
    hub: { id: HUB, name: 'security-tooling' },
    members: [{ id: PROD, name: 'prod' }],
    region: REGION,
    callers: [
      { account: HUB, user: 'dana' },
      { account: PROD, user: 'alice' },
      // The deployment pipeline's role, which db-locked trusts.
      {
        account: PROD,
        role: 'ci-deployer',
        assumeRolePolicyDocument: {
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
      },
    ],
  });
  const { sb } = org;
  const [dana, alice, pipeline] = org.callers as [string, string, string];
  sb.iam.createRole(PROD, {
    roleName: 'guardrail-baseline-read',
    assumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: dana }, Action: 'sts:AssumeRole' }],
    },
  });
  const table = org.stateTable as string;
  const policiesFile = tempFile('policies.yaml', POLICIES_YAML);
  const policies = loadPolicies({ text: POLICIES_YAML });
  const hubAws = org.hubAws(2);
  const hubStores = createStateStores(table, { aws: { region: REGION, ...hubAws } });
  const clients: EC2Client[] = [];

  /** A principal's overrides for the CLI: the sandbox and its credentials, `plugins` added after the sandbox's. */
  const awsAs = (principalArn: string, plugins: AwsOverrides['plugins'] = []): AwsOverrides => ({
    plugins: [sb.plugin(), ...(plugins ?? [])],
    credentials: sb.credentialsFor(principalArn),
    maxAttempts: 2,
  });

  const ec2As = (principalArn: string, sessionName?: string) => {
    const config = sb.clientConfig({ principalArn, region: REGION, ...(sessionName ? { sessionName } : {}) });
    const client = sb.attach(new EC2Client({ ...config, maxAttempts: 1 }));
    clients.push(client);
    return client;
  };

  const seedGroup = (name: string, tags: Record<string, string>, ingress: IpPermission[]) =>
    sb.ec2.seedSecurityGroup({ account: PROD, region: REGION, groupName: name, tags, ingress });

  /** The group as it is now, read as dana through the read role. */
  const readNow = async (groupId: string) =>
    (
      await readLiveGroups({
        region: REGION,
        roleArn: READ_ROLE,
        groupIds: [groupId],
        tagKeys: DEFAULT_TAG_KEYS,
        aws: awsAs(dana),
      })
    ).groups[0]!;

  return {
    org,
    sb,
    dana,
    alice,
    table,
    policiesFile,
    policies,
    hubStores,
    awsAs,
    seedGroup,
    readNow,
    pipeline,
    /** Alice's EC2 client in prod. */
    aliceEc2(): EC2Client {
      return ec2As(alice);
    },
    /** The pipeline's (a session of role ci-deployer). */
    pipelineEc2(): EC2Client {
      return ec2As(pipeline, 'codebuild-db-deploy');
    },
    /** The hub captures and saves the group's first baseline, as it does at opt-in. */
    async capture(groupId: string): Promise<Baseline> {
      const { baseline } = captureBaseline({
        group: await readNow(groupId),
        policies,
        policyName: 'db-locked',
        by: org.hubRoleArn,
        reason: 'captured',
        now: CAPTURED_AT,
      });
      expect(await hubStores.baselines.save(baseline, undefined)).toBe('saved');
      return baseline;
    },
    recall: (groupId: string) => hubStores.baselines.recall({ account: PROD, region: REGION, groupId }),
    /** The sandbox's calls since `mark`, as `service:Operation`. */
    callsSince: (mark: number) => sb.calls.slice(mark).map((c) => `${c.service}:${c.operation}`),
    destroy() {
      hubStores.destroy();
      for (const client of clients) client.destroy();
    },
  };
}

export type BaselineWorld = ReturnType<typeof baselineWorld>;

/** The flags naming the world's group and table. */
export function target(w: BaselineWorld, groupId: string, extra: string[] = []): string[] {
  return ['--account', PROD, '--region', REGION, '--group-id', groupId, '--table', w.table, ...extra];
}
