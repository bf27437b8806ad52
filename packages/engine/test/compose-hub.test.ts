/**
 * composeHub / composeSweepPlanner on the sandbox (real SDK clients through its plugin): every
 * caller's hub gets the same parts, the sweep source among them, and the caller's overrides.
 */
import { createClients, SecurityGroupGateway } from '@guardrail/aws';
import { DEFAULT_TAG_KEYS, HUB_ENV, type HubEnvironment } from '@guardrail/core';
import {
  createHubOrganization,
  HUB_ACCOUNT as HUB,
  type HubOrganizationOptions,
  hubEnvironment,
  MEMBER_ACCOUNT as PROD,
  REGION,
} from '@guardrail/testkit';
import {
  type ComposeOverrides,
  composeHub,
  composeSweepPlanner,
  type HubConfig,
  loadHubConfig,
  policySource,
  SweepNotConfiguredError,
} from '../src/compose';
import type { DedupeStore, MetricPoint } from '../src/ports';
import { sweepTargetBody } from '../src/sweep';

const SSH_WORLD = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

function createWorld(env: HubEnvironment = {}, options: Pick<HubOrganizationOptions, 'stateTable'> = {}) {
  const org = createHubOrganization({
    seed: 5,
    members: [{ id: PROD, name: 'prod' }],
    queue: true,
    ...options,
  });
  const { sb, topicArn } = org;
  const queueUrl = org.queueUrl!;
  const config = loadHubConfig(hubEnvironment(org, { [HUB_ENV.queueUrl]: queueUrl, ...env }));
  const aws = org.hubAws(2);
  const drifted = sb.ec2.seedSecurityGroup({
    account: PROD,
    region: REGION,
    groupName: 'bastion',
    tags: { [DEFAULT_TAG_KEYS.policy]: 'no-public-admin-ports' },
    ingress: [SSH_WORLD],
  });
  const ingress = () =>
    sb.ec2
      .getGroup(PROD, REGION, drifted)
      ?.rules.filter((r) => !r.IsEgress)
      .map((r) => `${r.IpProtocol} ${r.FromPort} ${r.CidrIpv4}`);
  return { sb, config, aws, topicArn, queueUrl, ingress, drifted };
}

/**
 * Someone in the member account opens a port on the group; the event as CloudTrail would write it
 * had the call come from a session of `roleName` in that account carrying the hub's SourceIdentity.
 */
/** A call on the drifted group (an authorize, or a revoke of what it authorized), as if made by `roleName`. */
async function openedBySessionOf(
  w: ReturnType<typeof createWorld>,
  roleName: string,
  call: 'authorize' | 'revoke' = 'authorize',
) {
  const admin = w.sb.iam.createUser(PROD, `admin-${roleName}-${call}`);
  const clients = createClients({ plugins: [w.sb.plugin()], credentials: w.sb.credentialsFor(admin) });
  const theirs = new SecurityGroupGateway(clients.ec2(REGION));
  const permission = { ...SSH_WORLD, IpRanges: [{ CidrIp: '198.51.100.0/24' }] };
  await theirs.authorize(w.drifted, 'ingress', [permission]);
  if (call === 'revoke') await theirs.revoke(w.drifted, 'ingress', [{ permission }]);
  const event = structuredClone(w.sb.events.at(-1));
  if (!event) throw new Error('the sandbox emitted no event');
  event.detail.userIdentity = {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLE:session',
    arn: `arn:aws:sts::${PROD}:assumed-role/${roleName}/session`,
    accountId: PROD,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLE',
        arn: `arn:aws:iam::${PROD}:role/${roleName}`,
        accountId: PROD,
        userName: roleName,
      },
      attributes: { creationDate: event.detail.eventTime, mfaAuthenticated: 'false' },
      sourceIdentity: 'guardrail',
    },
  };
  return event;
}

function recorder() {
  const lines: string[] = [];
  const line = (level: string) => (message: string) => lines.push(`${level} ${message}`);
  return {
    lines,
    logger: { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') },
  };
}

describe('composeHub', () => {
  it('reconciles a sweep target it is handed (the sweep source is wired), with the caller’s logger and metrics', async () => {
    const w = createWorld();
    const log = recorder();
    const points: MetricPoint[] = [];
    const overrides: ComposeOverrides = {
      aws: w.aws,
      logger: log.logger,
      metrics: { record: (p) => points.push(p) },
    };
    const { hub, destroy } = composeHub(w.config, overrides);
    try {
      const report = await hub.processBatch([{ id: 'm1', body: sweepTargetBody('s-1', PROD, REGION) }]);
      expect(report.deadLettered).toEqual([]);
      expect(report.batchItemFailures).toEqual([]);
      expect(report.sweepTargets).toMatchObject([
        { account: PROD, region: REGION, outcome: 'swept', groups: 1 },
      ]);
      expect(w.ingress()).toEqual([]);
      expect(w.sb.sns.published(w.topicArn)).toHaveLength(1);
      expect(log.lines).toContain('info hub ready');
      expect(points.length).toBeGreaterThan(0);
    } finally {
      destroy();
    }
  });

  it('uses the dedupe store it is given', async () => {
    const w = createWorld();
    const dedupe: DedupeStore = {
      claim: async (key) => (key === `sweep#sweep/s-1/${PROD}/${REGION}` ? 'done' : 'claimed'),
      complete: async () => {},
      release: async () => {},
    };
    const { hub, destroy } = composeHub(w.config, { aws: w.aws, dedupe });
    try {
      const report = await hub.processBatch([{ id: 'm1', body: sweepTargetBody('s-1', PROD, REGION) }]);
      // The store says the target was handled: the drift stays for the next sweep.
      expect(report.skipped).toMatchObject([{ recordId: 'm1', reason: 'duplicate' }]);
      expect(w.ingress()).toEqual(['tcp 22 0.0.0.0/0']);
    } finally {
      destroy();
    }
  });

  it('holds the state table’s dedupe claims for GUARDRAIL_CLAIM_TTL_SECONDS', async () => {
    const w = createWorld({ GUARDRAIL_CLAIM_TTL_SECONDS: '300' }, { stateTable: true });
    // The listing fails (the target is retried) and so does the release: the claim is left to expire.
    w.sb.faults.add({ service: 'ec2', kind: 'server-error' });
    w.sb.faults.add({ service: 'dynamodb', operation: 'UpdateItem', kind: 'server-error' });
    const clock = new Date('2099-01-01T00:00:00Z');
    const { hub, destroy } = composeHub(w.config, { aws: w.aws, now: () => clock });
    try {
      const report = await hub.processBatch([{ id: 'm1', body: sweepTargetBody('s-1', PROD, REGION) }]);
      expect(report.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
      expect(w.sb.dynamodb.items(HUB, REGION, 'guardrail-state')).toEqual([
        expect.objectContaining({
          pk: { S: `sweep#sweep/s-1/${PROD}/${REGION}` },
          state: { S: 'claimed' },
          expiresAt: { N: String(clock.getTime() / 1000 + 300) },
        }),
      ]);
    } finally {
      destroy();
    }
  });

  it('takes only the remediation role for its own (loop guard), never a role named like the hub’s', async () => {
    const w = createWorld();
    const { hub, destroy } = composeHub(w.config, { aws: w.aws });
    try {
      // A member-account role named like the hub's role, with the SourceIdentity: not the hub.
      const lookalike = await openedBySessionOf(w, 'guardrail-hub');
      const acted = await hub.processBatch([{ id: 'm1', body: JSON.stringify(lookalike) }]);
      expect(acted.skipped).toEqual([]);
      expect(acted.groups).toMatchObject([{ groupId: w.drifted, outcome: 'remediated' }]);
      expect(w.ingress()).toEqual([]);
      // The remediation role of the group's account, with the SourceIdentity: its own revoke.
      const own = await openedBySessionOf(w, 'guardrail-remediation', 'revoke');
      const skipped = await hub.processBatch([{ id: 'm2', body: JSON.stringify(own) }]);
      expect(skipped.skipped).toMatchObject([{ recordId: 'm2', reason: 'own-role' }]);
    } finally {
      destroy();
    }
  });

  it('names inline YAML by its variable in policy errors', () => {
    const w = createWorld({ GUARDRAIL_POLICY_YAML: 'version: 1\npolicies: [' });
    expect(() => composeHub(w.config, { aws: w.aws })).toThrow(/GUARDRAIL_POLICY_YAML/);
    expect(policySource({ file: '/p.yaml' })).toEqual({ file: '/p.yaml' });
    expect(policySource({})).toEqual({});
  });

  it('loads the user’s policies next to the shipped ones', () => {
    const w = createWorld({
      GUARDRAIL_POLICY_YAML: 'version: 1\npolicies:\n  mine:\n    ingress:\n      deny: []\n',
    });
    const { policies, destroy } = composeHub(w.config, { aws: w.aws });
    destroy();
    expect(Object.keys(policies.policies)).toEqual(expect.arrayContaining(['mine', 'no-public-admin-ports']));
  });
});

describe('composeSweepPlanner', () => {
  it('plans onto the configured queue', async () => {
    const w = createWorld();
    const planner = composeSweepPlanner(w.config, { aws: w.aws });
    try {
      const plan = await planner.plan({ sweepId: 'nightly-1' });
      // hub and prod: the management account is left out.
      expect(plan).toMatchObject({
        sweepId: 'nightly-1',
        accounts: 2,
        regions: [REGION],
        targets: 2,
        enqueued: 2,
      });
      expect(w.sb.sqs.messages(w.queueUrl)).toHaveLength(2);
    } finally {
      planner.destroy();
    }
  });

  it.each([
    ['no queue', { sweep: { regions: [REGION], ouIds: [] } }],
    ['no region', { sweep: { regions: [], queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/q', ouIds: [] } }],
    ['no sweep at all', {}],
  ] as [string, Pick<HubConfig, 'sweep'>][])('refuses with %s', async (_, config) => {
    const planner = composeSweepPlanner(config);
    try {
      await expect(planner.plan()).rejects.toBeInstanceOf(SweepNotConfiguredError);
    } finally {
      planner.destroy();
    }
  });
});
