/**
 * The demo's organization on the sandbox: a hub account with its topic and role, three member
 * accounts in two regions (one of them never got the remediation role), the people who change
 * security groups, and the groups they change.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { DEFAULT_TAG_KEYS, GUARDRAIL_NAMES, type IpPermission } from '@guardrail/core';
import type { Sandbox } from '@guardrail/sandbox';
import { createHubOrganization, type HubOrganization, type HubOrganizationOptions } from '@guardrail/testkit';
import type { DemoClock } from './clock';

export const PRIMARY_REGION = 'eu-west-1';
export const SECONDARY_REGION = 'us-east-1';
export const REGIONS = [PRIMARY_REGION, SECONDARY_REGION] as const;
export const ROLE_NAME = GUARDRAIL_NAMES.remediationRole;
export const TAG_POLICY = DEFAULT_TAG_KEYS.policy;
export const TAG_MODE = DEFAULT_TAG_KEYS.mode;

export const ACCOUNTS = {
  hub: { id: '222233334444', name: 'security-tooling' },
  prod: { id: '111122223333', name: 'prod' },
  staging: { id: '444455556666', name: 'staging' },
  dev: { id: '777788889999', name: 'sandbox-dev' },
} as const;
export type AccountKey = keyof typeof ACCOUNTS;

/**
 * The demo's own policies next to the shipped ones: nothing from the internet, where a group may
 * ask (with `guardrail:mode=audit`) to be only reported while its owners migrate; and the same
 * rule made sticky (`optOut: restore`): its owners cannot take a group out of it.
 */
export const DEMO_POLICIES = `version: 1
policies:
  internal-services:
    mode: enforce
    modeOverride: true
    ingress:
      deny:
        - { protocol: all, ports: all, peer: internet }
  cardholder-data:
    description: sticky - a group in PCI scope cannot be taken out by its owners
    optOut: restore
    ingress:
      deny:
        - { protocol: all, ports: all, peer: internet }
  payments-locked:
    description: locked - stays exactly as approved; the deployment pipeline may change it
    lock: true
    trustedPrincipals:
      - "arn:aws:iam::*:role/ci-deployer"
    ingress:
      deny:
        - { protocol: all, ports: all, peer: internet }
`;

export const SSH_WORLD: IpPermission = {
  IpProtocol: 'tcp',
  FromPort: 22,
  ToPort: 22,
  IpRanges: [{ CidrIp: '0.0.0.0/0' }],
};
export const HTTPS_WORLD: IpPermission = {
  IpProtocol: 'tcp',
  FromPort: 443,
  ToPort: 443,
  IpRanges: [{ CidrIp: '0.0.0.0/0' }],
};
export const HTTP_WORLD: IpPermission = {
  IpProtocol: 'tcp',
  FromPort: 80,
  ToPort: 80,
  IpRanges: [{ CidrIp: '0.0.0.0/0' }],
};

/** Someone who changes security groups, and how their calls look in CloudTrail. */
export interface Person {
  name: string;
  /** "IAM user alice", "SSO session bob@example.com". */
  label: string;
  principalArn: string;
  account: AccountKey;
  sourceIp: string;
  userAgent: string;
  console: boolean;
  /** EC2 clients per region, with the person's own credentials. */
  ec2(region: string): EC2Client;
}

export interface DemoOrganization {
  sb: Sandbox;
  /** The kit's hub organization the demo is built on. */
  hub: HubOrganization;
  topicArn: string;
  hubRoleArn: string;
  orgReadRoleArn: string;
  people: { alice: Person; bob: Person; carol: Person; pipeline: Person };
  seedGroup(spec: {
    account: AccountKey;
    region: string;
    name: string;
    tags?: Record<string, string>;
    ingress?: IpPermission[];
  }): string;
  destroy(): void;
}

/** How CloudTrail shows each person's calls: where from, with what, in the console or not. */
const PROFILES = {
  alice: {
    sourceIp: '198.51.100.7',
    userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22',
    console: false,
  },
  bob: {
    sourceIp: '203.0.113.24',
    userAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15',
    console: true,
  },
  carol: {
    sourceIp: '192.0.2.55',
    userAgent: 'APN/1.0 HashiCorp/1.0 Terraform/1.8.2 (+https://www.terraform.io)',
    console: false,
  },
  pipeline: {
    sourceIp: '192.0.2.80',
    userAgent: 'aws-sdk-js/3.1169.0 ua/2.1 os/linux lang/js md/nodejs#22 api/cloudformation',
    console: false,
  },
} as const;

/** The deployment pipeline's role in prod (a CodeBuild project assumes it): the lock policy trusts it. */
const PIPELINE_ROLE = {
  account: ACCOUNTS.prod.id,
  role: 'ci-deployer',
  assumeRolePolicyDocument: {
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  },
};

/** The IAM Identity Center role bob signs in to (SAML federation, never the hub). */
const SSO_ROLE = {
  account: ACCOUNTS.staging.id,
  role: 'AWSReservedSSO_PlatformAdmin_5f1e2d3c4b5a6978',
  assumeRolePolicyDocument: {
    Statement: [
      {
        Effect: 'Allow',
        Principal: {
          Federated: `arn:aws:iam::${ACCOUNTS.staging.id}:saml-provider/AWSSSO_example_DO_NOT_DELETE`,
        },
        Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
      },
    ],
  },
};

/** The organization, its people (bob's SSO role, alice, carol: in this order, for the seeded ids) and, for tests, the hub queue. */
export function createDemoOrganization(
  seed: number,
  clock: DemoClock,
  resources: Pick<HubOrganizationOptions, 'queue'> = {},
): DemoOrganization {
  const hub = createHubOrganization({
    seed,
    now: clock.now,
    hub: ACCOUNTS.hub,
    // sandbox-dev was added to the organization after the StackSet run failed there: no role.
    members: [ACCOUNTS.prod, ACCOUNTS.staging, { ...ACCOUNTS.dev, remediationRole: false }],
    region: PRIMARY_REGION,
    callers: [
      { ...SSO_ROLE, ...PROFILES.bob },
      { account: ACCOUNTS.prod.id, user: 'alice', ...PROFILES.alice },
      { account: ACCOUNTS.dev.id, user: 'carol', ...PROFILES.carol },
      { ...PIPELINE_ROLE, ...PROFILES.pipeline },
    ],
    ...resources,
  });
  const { sb } = hub;
  const [ssoRoleArn, aliceArn, carolArn, pipelineArn] = hub.callers as [string, string, string, string];

  const clients: EC2Client[] = [];
  const person = (spec: Omit<Person, 'ec2'> & { sessionName?: string }): Person => {
    const { sessionName, ...rest } = spec;
    const byRegion = new Map<string, EC2Client>();
    return {
      ...rest,
      ec2(region) {
        let client = byRegion.get(region);
        if (!client) {
          // The person's source IP, user agent and console flag are theirs in the sandbox already.
          client = sb.attach(
            new EC2Client({
              ...sb.clientConfig({
                principalArn: spec.principalArn,
                region,
                ...(sessionName ? { sessionName } : {}),
              }),
              maxAttempts: 1,
            }),
          );
          byRegion.set(region, client);
          clients.push(client);
        }
        return client;
      },
    };
  };

  const people = {
    alice: person({
      name: 'alice',
      label: 'IAM user alice',
      principalArn: aliceArn,
      account: 'prod',
      ...PROFILES.alice,
    }),
    bob: person({
      name: 'bob',
      label: 'SSO session bob@example.com (PlatformAdmin)',
      principalArn: ssoRoleArn,
      sessionName: 'bob@example.com',
      account: 'staging',
      ...PROFILES.bob,
    }),
    carol: person({
      name: 'carol',
      label: 'IAM user carol',
      principalArn: carolArn,
      account: 'dev',
      ...PROFILES.carol,
    }),
    pipeline: person({
      name: 'pipeline',
      label: 'the deployment pipeline (role ci-deployer)',
      principalArn: pipelineArn,
      sessionName: 'codebuild-payments-deploy',
      account: 'prod',
      ...PROFILES.pipeline,
    }),
  };

  return {
    sb,
    hub,
    topicArn: hub.topicArn,
    hubRoleArn: hub.hubRoleArn,
    orgReadRoleArn: hub.orgReadRoleArn,
    people,
    seedGroup(spec) {
      return sb.ec2.seedSecurityGroup({
        account: ACCOUNTS[spec.account].id,
        region: spec.region,
        groupName: spec.name,
        description: `${spec.name} (guardrail demo)`,
        tags: spec.tags ?? {},
        ingress: spec.ingress ?? [],
      });
    },
    destroy() {
      for (const client of clients) client.destroy();
    },
  };
}
