/**
 * `guardrail report --from-sweep`'s reader on the sandbox, through the real S3 client: the demo
 * organization swept by the planner and the hub as composed for the Lambda (manifest and target
 * results in the bucket), then read back with an auditor's own credentials.
 */
import { HUB_ENV, NO_RESULT_REASON, postureReport, sweepResultKeys } from '@guardrail/core';
import { composeHub, composeSweepPlanner, loadHubConfig } from '@guardrail/engine';
import { ACCOUNTS, PRIMARY_REGION, TAG_POLICY } from '../src/demo/organization';
import { CliInputError } from '../src/io';
import { readSweepPosture } from '../src/report/from-sweep';
import { report } from './report-world';
import { testOrganization } from './support/org';

const BUCKET = 'guardrail-sweep-results';
const SSH_WORLD = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

async function sweptWorld(options: { handle?: (body: string) => boolean } = {}) {
  const { org, aws, env, queueUrl } = testOrganization(21);
  const { sb } = org;
  sb.s3.createBucket(BUCKET, ACCOUNTS.hub.id);
  const open = org.seedGroup({
    account: 'prod',
    region: PRIMARY_REGION,
    name: 'db',
    tags: { [TAG_POLICY]: 'no-public-admin-ports' },
    ingress: [SSH_WORLD],
  });
  org.seedGroup({
    account: 'staging',
    region: PRIMARY_REGION,
    name: 'web',
    tags: { [TAG_POLICY]: 'web-public' },
  });
  const config = loadHubConfig({
    ...env,
    [HUB_ENV.queueUrl]: queueUrl,
    [HUB_ENV.sweepResultsBucket]: BUCKET,
  });
  const planner = composeSweepPlanner(config, { aws });
  const hub = composeHub(config, { aws });
  try {
    await planner.plan({ sweepId: 'nightly-7' });
    const handle = options.handle ?? (() => true);
    const records = sb.sqs
      .messages(queueUrl)
      .filter((m) => handle(m.Body))
      .map((m) => ({ id: m.MessageId, body: m.Body }));
    await hub.hub.processBatch(records);
  } finally {
    planner.destroy();
    hub.destroy();
  }
  const auditor = sb.iam.createUser(ACCOUNTS.hub.id, 'auditor');
  const reader = { region: PRIMARY_REGION, plugins: [sb.plugin()], credentials: sb.credentialsFor(auditor) };
  return { org, sb, open, auditor, reader };
}

async function inputError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof CliInputError)) throw new Error(`expected a CliInputError, got ${String(error)}`);
  return error.message;
}

describe('readSweepPosture', () => {
  it('gives the posture the sweep found, every planned target read or a gap with its reason', async () => {
    // The hub has handled every target but staging's.
    const w = await sweptWorld({ handle: (body) => !body.includes(ACCOUNTS.staging.id) });
    const posture = await readSweepPosture({ uri: `s3://${BUCKET}/sweeps/nightly-7/`, aws: w.reader });

    expect(posture.source).toEqual({ kind: 'sweep', sweepId: 'nightly-7' });
    expect(posture.groups.map((g) => `${g.account} ${g.groupName} ${g.status} ${g.severity}`)).toEqual([
      `${ACCOUNTS.prod.id} db violating critical`,
    ]);
    expect(posture.groups[0]?.groupId).toBe(w.open);
    expect(posture.read).toEqual([
      { account: ACCOUNTS.prod.id, accountName: 'prod', region: PRIMARY_REGION },
    ]);
    // The hub account and sandbox-dev have no remediation role; staging has no result yet.
    expect(posture.unreadable).toEqual([
      expect.objectContaining({
        account: ACCOUNTS.hub.id,
        accountName: 'security-tooling',
        code: 'account-error',
      }),
      {
        account: ACCOUNTS.staging.id,
        accountName: 'staging',
        region: PRIMARY_REGION,
        code: 'no-result',
        reason: NO_RESULT_REASON,
      },
      expect.objectContaining({
        account: ACCOUNTS.dev.id,
        accountName: 'sandbox-dev',
        code: 'account-error',
      }),
    ]);
    expect(posture.unreadable[0]?.reason).toContain('is the account enrolled and the role deployed?');

    const report = postureReport({ ...posture, generatedAt: new Date('2025-06-02T09:00:00Z') });
    expect(report.targets.map((t) => `${t.accountName} ${t.status}`)).toEqual([
      'prod read',
      'security-tooling unreadable',
      'staging unreadable',
      'sandbox-dev unreadable',
    ]);
    expect(report.summary).toMatchObject({ groups: 1, violating: 1, unreadable: 3 });
  });

  it.each([
    [
      'https://example.com/sweeps/x',
      'https://example.com/sweeps/x: not an S3 URI of a sweep (s3://<bucket>/sweeps/<sweepId>)',
    ],
    [
      `s3://${BUCKET}/reports/x`,
      `s3://${BUCKET}/reports/x: a sweep's results are under sweeps/ (s3://<bucket>/sweeps/<sweepId>)`,
    ],
  ])('refuses %s with one line', async (uri, message) => {
    const w = await sweptWorld();
    expect(await inputError(readSweepPosture({ uri, aws: w.reader }))).toBe(message);
  });

  it('says when the sweep has no manifest', async () => {
    const w = await sweptWorld();
    expect(await inputError(readSweepPosture({ uri: `s3://${BUCKET}/sweeps/x`, aws: w.reader }))).toBe(
      `s3://${BUCKET}/sweeps/x: no manifest.json: is this a sweep id?`,
    );
  });

  it('names the object and the field of a stored document Guardrail did not write', async () => {
    const w = await sweptWorld();
    const key = sweepResultKeys.target('nightly-7', ACCOUNTS.prod.id, PRIMARY_REGION);
    w.sb.s3.putObject(BUCKET, key, '{"schemaVersion":2}', 'application/json');
    expect(
      await inputError(readSweepPosture({ uri: `s3://${BUCKET}/sweeps/nightly-7`, aws: w.reader })),
    ).toBe(
      `s3://${BUCKET}/${key}: schemaVersion: expected 1, got 2 (written by another version of Guardrail?)`,
    );
  });

  it('says S3 refused the read, in one line, when the caller may not read the bucket', async () => {
    const w = await sweptWorld();
    w.sb.s3.setGrants(BUCKET, [
      { principal: w.auditor, actions: ['s3:GetObject'], resources: [`arn:aws:s3:::${BUCKET}/*`] },
    ]);
    const message = await inputError(
      readSweepPosture({ uri: `s3://${BUCKET}/sweeps/nightly-7`, aws: w.reader }),
    );
    expect(message).toMatch(
      new RegExp(`^s3://${BUCKET}/sweeps/nightly-7: cannot read the sweep: AccessDenied: .*s3:ListBucket`),
    );
    expect(message).not.toContain('\n');
  });
});

describe('guardrail report --from-sweep', () => {
  const reader = (w: Awaited<ReturnType<typeof sweptWorld>>) => ({
    plugins: w.reader.plugins,
    credentials: w.reader.credentials,
  });

  it('prints the posture the sweep stored, the gaps included, and fails (exit 1) on them', async () => {
    const w = await sweptWorld({ handle: (body) => !body.includes(ACCOUNTS.staging.id) });
    const before = w.sb.calls.length;
    const run = await report(reader(w), {
      fromSweep: `s3://${BUCKET}/sweeps/nightly-7`,
      format: 'json',
    });
    expect(run.code).toBe(1);
    const json = JSON.parse(run.out.stdout);
    expect(json.source).toEqual({ kind: 'sweep', sweepId: 'nightly-7' });
    expect(json.summary).toMatchObject({ groups: 1, violating: 1, unreadable: 3 });
    // No account is read again: S3 only.
    expect(new Set(w.sb.calls.slice(before).map((c) => c.service))).toEqual(new Set(['s3']));
  });

  it('refuses live flags with it, and needs the bucket region (exit 2, before any call)', async () => {
    const w = await sweptWorld();
    const uri = `s3://${BUCKET}/sweeps/nightly-7`;
    await expect(report(reader(w), { fromSweep: uri, org: true })).rejects.toThrow(
      '--org reads the accounts live, --from-sweep reads what a sweep stored: give one or the other',
    );
    await expect(report(reader(w), { fromSweep: uri, region: 'eu-west-1,us-east-1' })).rejects.toThrow(
      '--region: with --from-sweep, one region: where the results bucket is',
    );
    await expect(
      report(reader(w), { fromSweep: uri, region: undefined as unknown as string }),
    ).rejects.toThrow('--from-sweep: give the region of the results bucket too');
  });
});
