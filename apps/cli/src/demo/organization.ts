/**
 * The demo's organization on the sandbox: a hub account with its topic and role, three member
 * accounts in two regions (one of them never got the remediation role), the people who change
 * security groups, and the groups they change.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import type { IpPermission } from '@guardrail/core';
import { Sandbox } from '@guardrail/sandbox';
import type { DemoClock } from './clock';

export const PRIMARY_REGION = 'eu-west-1';
export const SECONDARY_REGION = 'us-east-1';
export const REGIONS = [PRIMARY_REGION, SECONDARY_REGION] as const;
export const ROLE_NAME = 'guardrail-remediation';
export const HUB_ROLE_NAME = 'guardrail-hub';
export const TAG_POLICY = 'guardrail:policy';
export const TAG_MODE = 'guardrail:mode';

export const ACCOUNTS = {
  hub: { id: '222233334444', name: 'security-tooling' },
  prod: { id: '111122223333', name: 'prod' },
  staging: { id: '444455556666', name: 'staging' },
  dev: { id: '777788889999', name: 'sandbox-dev' },
} as const;
export type AccountKey = keyof typeof ACCOUNTS;

/**
 * The demo's own policy next to the shipped ones: the same admin-port rule, but a group may ask
 * (with `guardrail:mode=audit`) to be only reported while its owners migrate.
 */
export const DEMO_POLICIES = `version: 1
policies:
  internal-services:
    mode: enforce
    modeOverride: true
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
  topicArn: string;
  hubRoleArn: string;
  orgReadRoleArn: string;
  people: { alice: Person; bob: Person; carol: Person };
  seedGroup(spec: {
    account: AccountKey;
    region: string;
    name: string;
    tags?: Record<string, string>;
    ingress?: IpPermission[];
  }): string;
  destroy(): void;
}

/** The member remediation role's trust: only the hub role's exact ARN (design.md section 7). */
function remediationTrust(hubRoleArn: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: hubRoleArn },
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
      },
    ],
  };
}

export function createDemoOrganization(seed: number, clock: DemoClock): DemoOrganization {
  const sb = new Sandbox({ seed, now: clock.now });
  for (const account of Object.values(ACCOUNTS)) sb.addAccount({ id: account.id, name: account.name });
  const hubRoleArn = sb.iam.createRole(ACCOUNTS.hub.id, {
    roleName: HUB_ROLE_NAME,
    assumeRolePolicyDocument: {
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    },
  });
  // sandbox-dev was added to the organization after the StackSet run failed there: no role.
  for (const account of [ACCOUNTS.prod, ACCOUNTS.staging]) {
    sb.iam.createRole(account.id, {
      roleName: ROLE_NAME,
      assumeRolePolicyDocument: remediationTrust(hubRoleArn),
    });
  }
  // Organizations answers only the management account: the hub reads it through a role there.
  const orgReadRoleArn = sb.iam.createRole(sb.organization.managementAccountId, {
    roleName: 'guardrail-org-read',
    assumeRolePolicyDocument: remediationTrust(hubRoleArn),
  });
  const topicArn = sb.sns.createTopic(ACCOUNTS.hub.id, PRIMARY_REGION, 'guardrail-alerts');

  const clients: EC2Client[] = [];
  const person = (spec: Omit<Person, 'ec2'> & { sessionName?: string }): Person => {
    const { sessionName, ...rest } = spec;
    const byRegion = new Map<string, EC2Client>();
    return {
      ...rest,
      ec2(region) {
        let client = byRegion.get(region);
        if (!client) {
          client = sb.attach(
            new EC2Client({
              ...sb.clientConfig({
                principalArn: spec.principalArn,
                region,
                sourceIp: spec.sourceIp,
                userAgent: spec.userAgent,
                console: spec.console,
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

  const ssoRoleArn = sb.iam.createRole(ACCOUNTS.staging.id, {
    roleName: 'AWSReservedSSO_PlatformAdmin_5f1e2d3c4b5a6978',
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
  });
  const people = {
    alice: person({
      name: 'alice',
      label: 'IAM user alice',
      principalArn: sb.iam.createUser(ACCOUNTS.prod.id, 'alice'),
      account: 'prod',
      sourceIp: '198.51.100.7',
      userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22',
      console: false,
    }),
    bob: person({
      name: 'bob',
      label: 'SSO session bob@example.com (PlatformAdmin)',
      principalArn: ssoRoleArn,
      sessionName: 'bob@example.com',
      account: 'staging',
      sourceIp: '203.0.113.24',
      userAgent:
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15',
      console: true,
    }),
    carol: person({
      name: 'carol',
      label: 'IAM user carol',
      principalArn: sb.iam.createUser(ACCOUNTS.dev.id, 'carol'),
      account: 'dev',
      sourceIp: '192.0.2.55',
      userAgent: 'APN/1.0 HashiCorp/1.0 Terraform/1.8.2 (+https://www.terraform.io)',
      console: false,
    }),
  };

  return {
    sb,
    topicArn,
    hubRoleArn,
    orgReadRoleArn,
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
