/**
 * The sweep's results end to end on the sandbox, composed as every caller composes them
 * (composeSweepPlanner + composeHub from a parsed environment, the real S3 client through the
 * sandbox plugin): the planner writes the manifest, the hub each target's posture, at the
 * contract's keys, and the reader's store parses them back into a posture report.
 */
import { createS3Client, SweepResultsStore } from '@guardrail/aws';
import {
  DEFAULT_TAG_KEYS,
  HUB_ENV,
  NO_RESULT_REASON,
  postureFromSweep,
  postureReport,
  sweepResultKeys,
} from '@guardrail/core';
import {
  createHubOrganization,
  HUB_ACCOUNT as HUB,
  hubEnvironment,
  MEMBER_ACCOUNT as PROD,
  REGION,
} from '@guardrail/testkit';
import { composeHub, composeSweepPlanner, loadHubConfig } from '../src/compose';

const BUCKET = 'guardrail-sweep-results';
const LEGACY = '555566667777';
const SSH_WORLD = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

function createWorld() {
  const org = createHubOrganization({
    seed: 11,
    members: [
      { id: PROD, name: 'prod' },
      // The StackSet never reached it: no remediation role.
      { id: LEGACY, name: 'legacy', remediationRole: false },
    ],
    queue: true,
  });
  const { sb } = org;
  // As infra grants it: the hub role writes objects under sweeps/ only, and reads nothing.
  sb.s3.createBucket(BUCKET, HUB, {
    grants: [
      {
        principal: org.hubRoleArn,
        actions: ['s3:PutObject'],
        resources: [`arn:aws:s3:::${BUCKET}/sweeps/*`],
      },
    ],
  });
  const queueUrl = org.queueUrl!;
  const config = loadHubConfig(
    hubEnvironment(org, { [HUB_ENV.queueUrl]: queueUrl, [HUB_ENV.sweepResultsBucket]: BUCKET }),
  );
  const aws = org.hubAws(2);
  const tag = { [DEFAULT_TAG_KEYS.policy]: 'no-public-admin-ports' };
  const bastion = sb.ec2.seedSecurityGroup({
    account: PROD,
    region: REGION,
    groupName: 'bastion',
    tags: tag,
    ingress: [SSH_WORLD],
  });
  const web = sb.ec2.seedSecurityGroup({
    account: PROD,
    region: REGION,
    groupName: 'web',
    tags: tag,
    ingress: [],
  });
  sb.ec2.seedSecurityGroup({
    account: PROD,
    region: REGION,
    groupName: 'free',
    tags: {},
    ingress: [SSH_WORLD],
  });
  return { org, sb, config, aws, queueUrl, bastion, web };
}

describe('the sweep results on the sandbox', () => {
  it('land at the contract keys and read back as the organization posture', async () => {
    const w = createWorld();
    const planner = composeSweepPlanner(w.config, { aws: w.aws });
    const { hub, destroy } = composeHub(w.config, { aws: w.aws });
    try {
      const plan = await planner.plan({ sweepId: 'nightly-1' });
      expect(plan).toMatchObject({ targets: 3, enqueued: 3, manifest: 'written' });
      const manifest = w.sb.s3.object(BUCKET, sweepResultKeys.manifest('nightly-1'));
      expect(manifest?.contentType).toBe('application/json');

      // The hub handles two of the three targets; the third (the hub account) is still queued.
      const queued = w.sb.sqs.messages(w.queueUrl);
      const handled = queued.filter((m) => !m.Body.includes(HUB));
      const report = await hub.processBatch(handled.map((m) => ({ id: m.MessageId, body: m.Body })));
      expect(report.batchItemFailures).toEqual([]);
      expect(w.sb.s3.keys(BUCKET)).toEqual([
        `sweeps/nightly-1/${PROD}/${REGION}.json`,
        `sweeps/nightly-1/${LEGACY}/${REGION}.json`,
        'sweeps/nightly-1/manifest.json',
      ]);

      // The reader: someone allowed to read the bucket (here the hub account's root).
      const reader = createS3Client({
        region: REGION,
        plugins: [w.sb.plugin()],
        credentials: w.sb.credentialsFor(`arn:aws:iam::${HUB}:root`),
      });
      try {
        const read = await new SweepResultsStore(reader, BUCKET).readSweep('nightly-1');
        if (read.status !== 'found') throw new Error('no manifest');
        expect(read.manifest.targets.map((t) => `${t.account} ${t.accountName}`)).toEqual([
          `${PROD} prod`,
          `${HUB} security-tooling`,
          `${LEGACY} legacy`,
        ]);
        const posture = postureReport({
          ...postureFromSweep(read.manifest, read.results),
          generatedAt: new Date('2025-06-01T12:00:00Z'),
        });
        expect(posture.source).toEqual({ kind: 'sweep', sweepId: 'nightly-1' });
        expect(posture.groups.map((g) => `${g.groupName} ${g.status} ${g.severity}`)).toEqual([
          'bastion violating critical',
          'web compliant info',
        ]);
        expect(posture.groups[0]).toMatchObject({
          groupId: w.bastion,
          account: PROD,
          policy: 'no-public-admin-ports',
        });
        expect(posture.unreadable).toEqual([
          {
            account: HUB,
            accountName: 'security-tooling',
            region: REGION,
            code: 'no-result',
            reason: NO_RESULT_REASON,
          },
          expect.objectContaining({ account: LEGACY, accountName: 'legacy', code: 'account-error' }),
        ]);
        expect(posture.targets.map((t) => `${t.account} ${t.status}`)).toEqual([
          `${PROD} read`,
          `${HUB} unreadable`,
          `${LEGACY} unreadable`,
        ]);
      } finally {
        reader.destroy();
      }
      // The sweep still enforced: the bastion's SSH is gone.
      expect(w.sb.ec2.getGroup(PROD, REGION, w.bastion)?.rules.filter((r) => !r.IsEgress)).toEqual([]);
      expect(w.web).toMatch(/^sg-/);
    } finally {
      planner.destroy();
      destroy();
    }
  });

  it('still plans and enforces when the bucket refuses the writes', async () => {
    const w = createWorld();
    w.sb.s3.setGrants(BUCKET, []);
    const planner = composeSweepPlanner(w.config, { aws: w.aws });
    const { hub, destroy } = composeHub(w.config, { aws: w.aws });
    try {
      const plan = await planner.plan({ sweepId: 'nightly-2' });
      expect(plan).toMatchObject({ enqueued: 3, manifest: 'not-written' });
      const records = w.sb.sqs.messages(w.queueUrl).map((m) => ({ id: m.MessageId, body: m.Body }));
      const report = await hub.processBatch(records);
      expect(report.batchItemFailures).toEqual([]);
      expect(w.sb.s3.keys(BUCKET)).toEqual([]);
      expect(w.sb.ec2.getGroup(PROD, REGION, w.bastion)?.rules.filter((r) => !r.IsEgress)).toEqual([]);
    } finally {
      planner.destroy();
      destroy();
    }
  });
});
