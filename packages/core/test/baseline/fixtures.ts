/** A lock policy file, a locked group and its baseline, for the lock tests. */
import { changeBuilder } from '../../../testkit/src/changes';
import { tcp } from '../../../testkit/src/rules';
import { captureBaseline } from '../../src/baseline/capture';
import type { Baseline } from '../../src/baseline/types';
import type { Actor } from '../../src/events/types';
import { loadPolicyFile } from '../../src/policy/load';
import type { Rule, SecurityGroupState } from '../../src/rules/types';

export { tcp };

export const GROUP = 'sg-0123456789abcdef0';
export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const NOW = new Date('2026-06-01T00:00:00Z');
export const HUB = `arn:aws:iam::${ACCOUNT}:role/guardrail-hub`;

export const POLICIES = loadPolicyFile(
  `
version: 1
policies:
  db:
    lock: true
    modeOverride: true
    trustedPrincipals:
      - arn:aws:iam::*:role/cdk-*-cfn-exec-role-*
      - arn:aws:sts::*:assumed-role/ci-deployer/*
    ingress:
      deny:
        - { protocol: tcp, ports: 22, peer: internet }
    egress:
      deny:
        - { protocol: all, ports: all, peer: { cidr: 198.51.100.0/24 } }
  db-audit:
    lock: true
    mode: audit
  open:
    ingress: { deny: [] }
exceptions:
  - { id: CHG-1, account: "${ACCOUNT}", groupId: ${GROUP}, direction: ingress, match: { protocol: tcp, ports: 22, peer: { cidr: 203.0.113.0/24 } }, expires: 2027-01-01T00:00:00Z, reason: vendor }
`,
  'lock.yaml',
);

export function egress(cidr: string, extra: Partial<Rule> = {}): Rule {
  return {
    direction: 'egress',
    protocol: '-1',
    fromPort: -1,
    toPort: -1,
    peer: { kind: 'ipv4', cidr },
    ...extra,
  };
}

/** The group as approved: Postgres from two private ranges, HTTPS from a load balancer group, egress to the private network. */
export const APPROVED: Rule[] = [
  tcp(5432, '10.0.0.0/8', { ruleId: 'sgr-0pg10', description: 'app servers' }),
  tcp(5432, '172.16.0.0/12', { ruleId: 'sgr-0pg172', description: 'vpn' }),
  {
    direction: 'ingress',
    protocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    peer: { kind: 'securityGroup', groupId: 'sg-0aaaaaaaaaaaaaaaa', userId: ACCOUNT },
    ruleId: 'sgr-0lb',
  },
  egress('10.0.0.0/8', { ruleId: 'sgr-0out' }),
];

export function group(
  rules: Rule[],
  tags: Record<string, string> = { 'guardrail:policy': 'db' },
): SecurityGroupState {
  return { groupId: GROUP, ownerId: ACCOUNT, region: REGION, tags, rules };
}

/** Version 3 of the baseline of APPROVED under `db` (two earlier versions in its history). */
export function baseline(rules: Rule[] = APPROVED, policyName = 'db'): Baseline {
  let current: Baseline | undefined;
  for (let version = 1; version <= 3; version++) {
    current = captureBaseline({
      group: group(rules),
      policies: POLICIES,
      policyName,
      by: HUB,
      reason: version === 1 ? 'captured' : 'accepted',
      now: NOW,
      ...(current ? { previous: current } : {}),
    }).baseline;
  }
  return current as Baseline;
}

export function actor(overrides: Partial<Actor> = {}): Actor {
  return { type: 'AssumedRole', viaConsole: false, ...overrides };
}

export const PIPELINE = actor({
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-eu-west-1/AWSCloudFormation`,
  sessionIssuerArn: `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-eu-west-1`,
});
export const CI = actor({ arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci-deployer/build-42` });
export const ALICE = actor({
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Developer/alice`,
  sessionIssuerArn: `arn:aws:iam::${ACCOUNT}:role/Developer`,
});

export const change = changeBuilder(() => ({
  eventId: 'evt-1',
  eventTime: '2026-06-01T00:00:00Z',
  account: ACCOUNT,
  region: REGION,
  groupIds: [GROUP],
}));
