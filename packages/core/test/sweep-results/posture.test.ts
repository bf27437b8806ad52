/** A sweep's stored results as a posture report: what was judged, and every target that was not. */
import {
  NO_RESULT_REASON,
  type PostureGroup,
  postureFromSweep,
  postureReport,
  SweepMismatchError,
  type SweepTargetResult,
  sweepManifest,
  sweepTargetResult,
  unreadableGroup,
} from '../../src';

const SWEEP = 'sweep-1';
const PROD = '111122223333';
const DEV = '444455556666';
const plannedAt = new Date('2025-06-01T12:00:00Z');

const manifest = sweepManifest({
  sweepId: SWEEP,
  plannedAt,
  targets: [
    { account: PROD, accountName: 'prod', region: 'eu-west-1' },
    { account: PROD, accountName: 'prod', region: 'us-east-1' },
    { account: DEV, accountName: 'dev', region: 'eu-west-1' },
    { account: DEV, accountName: 'dev', region: 'us-east-1' },
  ],
});

const group = (account: string, region: string, groupId: string): PostureGroup => ({
  account,
  region,
  groupId,
  policy: 'no-public-admin-ports',
  status: 'compliant',
  severity: 'info',
  violations: [],
  exceptions: [],
});

const swept = (account: string, region: string, groups: PostureGroup[], accountName?: string) =>
  sweepTargetResult({
    sweepId: SWEEP,
    account,
    ...(accountName ? { accountName } : {}),
    region,
    writtenAt: plannedAt,
    outcome: 'swept',
    groups,
  });

describe('postureFromSweep', () => {
  it('reports the swept targets with their groups, errors and skips as gaps, and a planned target with no result as not read', () => {
    const results = [
      swept(PROD, 'eu-west-1', [
        group(PROD, 'eu-west-1', 'sg-1'),
        unreadableGroup({ account: PROD, region: 'eu-west-1', groupId: 'sg-2' }, 'reconcile failed'),
      ]),
      sweepTargetResult({
        sweepId: SWEEP,
        account: DEV,
        region: 'eu-west-1',
        writtenAt: plannedAt,
        outcome: 'account-error',
        reason: 'cannot assume the remediation role',
        groups: [],
      }),
      sweepTargetResult({
        sweepId: SWEEP,
        account: DEV,
        accountName: 'dev (closed)',
        region: 'us-east-1',
        writtenAt: plannedAt,
        outcome: 'skipped',
        reason: 'account is SUSPENDED',
        groups: [],
      }),
    ];
    const posture = postureFromSweep(manifest, results);
    expect(posture.source).toEqual({ kind: 'sweep', sweepId: SWEEP });
    expect(posture.groups.map((g) => `${g.groupId} ${g.status}`)).toEqual([
      'sg-1 compliant',
      'sg-2 unreadable',
    ]);
    // The manifest names the account when the result does not; the result's own name wins.
    expect(posture.read).toEqual([{ account: PROD, accountName: 'prod', region: 'eu-west-1' }]);
    expect(posture.unreadable).toEqual([
      {
        account: PROD,
        accountName: 'prod',
        region: 'us-east-1',
        code: 'no-result',
        reason: NO_RESULT_REASON,
      },
      {
        account: DEV,
        accountName: 'dev',
        region: 'eu-west-1',
        code: 'account-error',
        reason: 'cannot assume the remediation role',
      },
      {
        account: DEV,
        accountName: 'dev (closed)',
        region: 'us-east-1',
        code: 'skipped',
        reason: 'account is SUSPENDED',
      },
    ]);

    const report = postureReport({ ...posture, generatedAt: plannedAt });
    expect(report.source).toEqual({ kind: 'sweep', sweepId: SWEEP });
    expect(report.targets.map((t) => `${t.account}/${t.region} ${t.status} ${t.groups}`)).toEqual([
      `${PROD}/eu-west-1 read 2`,
      `${PROD}/us-east-1 unreadable 0`,
      `${DEV}/eu-west-1 unreadable 0`,
      `${DEV}/us-east-1 unreadable 0`,
    ]);
    expect(report.summary).toMatchObject({ groups: 2, compliant: 1, unreadableGroups: 1, unreadable: 3 });
  });

  it('says every target is not read when the hub has written nothing yet', () => {
    const posture = postureFromSweep(manifest, []);
    expect(posture.groups).toEqual([]);
    expect(posture.read).toEqual([]);
    expect(posture.unreadable.map((g) => `${g.account}/${g.region} ${g.code}`)).toEqual([
      `${PROD}/eu-west-1 no-result`,
      `${PROD}/us-east-1 no-result`,
      `${DEV}/eu-west-1 no-result`,
      `${DEV}/us-east-1 no-result`,
    ]);
  });

  it('keeps a result for a target the manifest does not list (a sweep id reused with fewer accounts)', () => {
    const posture = postureFromSweep(sweepManifest({ sweepId: SWEEP, plannedAt, targets: [] }), [
      swept('777788889999', 'eu-west-1', [group('777788889999', 'eu-west-1', 'sg-9')], 'sandbox'),
    ]);
    expect(posture.read).toEqual([{ account: '777788889999', accountName: 'sandbox', region: 'eu-west-1' }]);
    expect(posture.read[0]).not.toHaveProperty('accountName', undefined);
    expect(posture.groups).toHaveLength(1);
    const unnamed = postureFromSweep(sweepManifest({ sweepId: SWEEP, plannedAt, targets: [] }), [
      swept('777788889999', 'eu-west-1', []),
    ]);
    expect(unnamed.read).toEqual([{ account: '777788889999', region: 'eu-west-1' }]);
  });

  it('names the outcome when a hand-made result has no reason', () => {
    const result: SweepTargetResult = { ...swept(PROD, 'eu-west-1', []), outcome: 'skipped' };
    expect(postureFromSweep(manifest, [result]).unreadable[0]).toMatchObject({
      code: 'skipped',
      reason: 'skipped',
    });
  });

  it('refuses results of another sweep', () => {
    const other = { ...swept(PROD, 'eu-west-1', []), sweepId: 'sweep-2' };
    expect(() => postureFromSweep(manifest, [other])).toThrow(SweepMismatchError);
    expect(() => postureFromSweep(manifest, [other])).toThrow(
      `the result of ${PROD}/eu-west-1 belongs to sweep sweep-2, not sweep-1`,
    );
  });
});
