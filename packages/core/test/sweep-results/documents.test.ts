/** The sweep's stored documents: what the writers build is what the reader parses back, and nothing else is. */
import {
  type PostureGroup,
  parseSweepManifest,
  parseSweepTargetResult,
  planGroup,
  postureGroup,
  readSweepManifest,
  readSweepTargetResult,
  type SecurityGroupState,
  SHIPPED_POLICIES,
  SweepDocumentError,
  sweepManifest,
  sweepResultKeys,
  sweepTargetResult,
  unreadableGroup,
} from '../../src';

const SWEEP = '20250601T120000Z-1a2b3c4d';
const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const where = { account: ACCOUNT, region: REGION };
const now = new Date('2025-06-01T12:00:00.000Z');
const MANIFEST_KEY = sweepResultKeys.manifest(SWEEP);
const TARGET_KEY = sweepResultKeys.target(SWEEP, ACCOUNT, REGION);

function ssh(groupId: string): SecurityGroupState {
  return {
    groupId,
    groupName: 'bastion',
    vpcId: 'vpc-1',
    tags: { 'guardrail:policy': 'no-public-admin-ports', 'guardrail:mode': 'audit' },
    rules: [
      {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
      },
    ],
  };
}

const violating = (): PostureGroup => {
  const group = ssh('sg-1');
  return postureGroup(group, planGroup({ group, policies: SHIPPED_POLICIES, now, account: ACCOUNT }), where);
};

const result = (overrides: Record<string, unknown> = {}) => ({
  ...sweepTargetResult({
    sweepId: SWEEP,
    account: ACCOUNT,
    accountName: 'prod',
    region: REGION,
    writtenAt: now,
    outcome: 'swept',
    groups: [violating(), unreadableGroup({ ...where, groupId: 'sg-2', policy: 'web-public' }, 'throttled')],
  }),
  ...overrides,
});

const manifest = (overrides: Record<string, unknown> = {}) => ({
  ...sweepManifest({
    sweepId: SWEEP,
    plannedAt: now,
    targets: [
      { account: ACCOUNT, accountName: 'prod', region: REGION },
      { account: '444455556666', region: REGION },
    ],
  }),
  ...overrides,
});

function failure(run: () => unknown): SweepDocumentError {
  try {
    run();
  } catch (error) {
    if (error instanceof SweepDocumentError) return error;
    throw error;
  }
  throw new Error('expected a SweepDocumentError');
}

describe('sweep manifest', () => {
  it('is written with its schema version and ISO time, and parses back to itself', () => {
    const written = manifest();
    expect(written).toEqual({
      schemaVersion: 1,
      sweepId: SWEEP,
      plannedAt: '2025-06-01T12:00:00.000Z',
      targets: [
        { account: ACCOUNT, accountName: 'prod', region: REGION },
        { account: '444455556666', region: REGION },
      ],
    });
    expect(parseSweepManifest(JSON.stringify(written), MANIFEST_KEY)).toEqual(written);
  });

  it('ignores fields a later version of the schema adds', () => {
    const text = JSON.stringify({ ...manifest(), plannedBy: 'scheduler' });
    expect(parseSweepManifest(text, MANIFEST_KEY)).toEqual(manifest());
  });

  it.each([
    ['not JSON', '{"schemaVersion": 1,', '', /is not JSON/],
    ['not an object', '[1]', '', /expected an object, got an array/],
    ['no schema version', { ...manifest(), schemaVersion: undefined }, 'schemaVersion', /is required/],
    ['a newer schema', { ...manifest(), schemaVersion: 2 }, 'schemaVersion', /expected 1, got 2/],
    ['a sweep id that is no sweep id', { ...manifest(), sweepId: 'a/b' }, 'sweepId', /is not a sweep id/],
    ['another sweep', { ...manifest(), sweepId: 'other' }, 'sweepId', /not that sweep's manifest/],
    ['a missing plannedAt', { ...manifest(), plannedAt: undefined }, 'plannedAt', /is required/],
    ['plannedAt not a string', { ...manifest(), plannedAt: 12 }, 'plannedAt', /non-empty string, got 12/],
    ['plannedAt null', { ...manifest(), plannedAt: null }, 'plannedAt', /non-empty string, got null/],
    ['plannedAt empty', { ...manifest(), plannedAt: '' }, 'plannedAt', /non-empty string, got ""/],
    ['a date with no time', { ...manifest(), plannedAt: '2025-06-01' }, 'plannedAt', /ISO 8601 instant/],
    ['a month 13', { ...manifest(), plannedAt: '2025-13-01T00:00:00Z' }, 'plannedAt', /ISO 8601/],
    ['30 February', { ...manifest(), plannedAt: '2025-02-30T00:00:00Z' }, 'plannedAt', /ISO 8601/],
    ['no targets', { ...manifest(), targets: undefined }, 'targets', /is required/],
    [
      'targets not a list',
      { ...manifest(), targets: { a: 1 } },
      'targets',
      /expected an array, got an object/,
    ],
    [
      'a target not an object',
      { ...manifest(), targets: [null] },
      'targets[0]',
      /expected an object, got null/,
    ],
    [
      'a bad account',
      { ...manifest(), targets: [{ account: '12', region: REGION }] },
      'targets[0].account',
      /"12" is not a 12-digit account id/,
    ],
    [
      'a bad region',
      { ...manifest(), targets: [{ account: ACCOUNT, region: 'Europe' }] },
      'targets[0].region',
      /is not an AWS region/,
    ],
    [
      'a name not a string',
      { ...manifest(), targets: [{ account: ACCOUNT, accountName: ['x'], region: REGION }] },
      'targets[0].accountName',
      /got an array/,
    ],
  ])('refuses %s, naming the key and the path', (_, doc, path, problem) => {
    const error = failure(() =>
      parseSweepManifest(typeof doc === 'string' ? doc : JSON.stringify(doc), MANIFEST_KEY),
    );
    expect(error.key).toBe(MANIFEST_KEY);
    expect(error.path).toBe(path);
    expect(error.message).toMatch(problem);
    expect(error.message.startsWith(`${MANIFEST_KEY}: ${path || '(root)'}: `)).toBe(true);
  });

  it('surfaces what is not a shape problem as it is (a bug, not a bad document)', () => {
    const doc = manifest();
    Object.defineProperty(doc, 'targets', {
      enumerable: true,
      get() {
        throw new RangeError('boom');
      },
    });
    expect(() => readSweepManifest(doc, MANIFEST_KEY)).toThrow(RangeError);
  });
});

describe('sweep target result', () => {
  it('keeps every posture field through JSON: violations, exceptions, unreadable groups', () => {
    const written = result();
    const parsed = parseSweepTargetResult(JSON.stringify(written), TARGET_KEY);
    expect(parsed).toEqual(written);
    expect(parsed.groups[0]).toMatchObject({
      groupName: 'bastion',
      vpcId: 'vpc-1',
      policy: 'no-public-admin-ports',
      status: 'violating',
      severity: 'critical',
    });
    expect(parsed.groups[0]?.violations[0]).toMatchObject({ code: 'denied', direction: 'ingress' });
    expect(parsed.groups[1]).toMatchObject({ status: 'unreadable', reason: 'throttled' });
  });

  it('reads a misconfigured group, a mode and an exception in force', () => {
    const group: PostureGroup = {
      ...where,
      groupId: 'sg-3',
      mode: 'enforce',
      status: 'misconfigured',
      severity: 'info',
      violations: [],
      misconfiguration: 'unknown policy nope',
      exceptions: [
        { id: 'ex-1', direction: 'egress', reason: 'vendor', expires: '2026-01-01', applied: false },
      ],
    };
    const parsed = readSweepTargetResult(result({ groups: [group] }), TARGET_KEY);
    expect(parsed.groups).toEqual([group]);
  });

  it('writes an account error with its reason and no groups, and no name when none is known', () => {
    const written = sweepTargetResult({
      sweepId: SWEEP,
      account: ACCOUNT,
      region: REGION,
      writtenAt: now,
      outcome: 'account-error',
      reason: 'AccessDenied',
      groups: [],
    });
    expect(written).toEqual({
      schemaVersion: 1,
      sweepId: SWEEP,
      account: ACCOUNT,
      region: REGION,
      writtenAt: '2025-06-01T12:00:00.000Z',
      outcome: 'account-error',
      reason: 'AccessDenied',
      groups: [],
    });
    expect(readSweepTargetResult(written, TARGET_KEY)).toEqual(written);
  });

  const group = (overrides: Record<string, unknown>) => ({ ...violating(), ...overrides });
  const withGroup = (overrides: Record<string, unknown>) => result({ groups: [group(overrides)] });
  const violationOf = (overrides: Record<string, unknown>) =>
    withGroup({ violations: [{ ...violating().violations[0], ...overrides }] });
  const exceptionOf = (overrides: Record<string, unknown>) =>
    withGroup({
      exceptions: [
        { id: 'e', direction: 'ingress', reason: 'r', expires: '2026-01-01', applied: true, ...overrides },
      ],
    });

  it.each([
    [
      'a result of another key',
      result({ region: 'us-east-1' }),
      '',
      /is the result of sweeps\/.*\/us-east-1\.json, not of this key/,
    ],
    [
      'an unknown outcome',
      result({ outcome: 'retry' }),
      'outcome',
      /expected one of swept, account-error, skipped, got "retry"/,
    ],
    ['a bad writtenAt', result({ writtenAt: '2025-06-01T24:00:00Z' }), 'writtenAt', /ISO 8601/],
    ['no groups', result({ groups: undefined }), 'groups', /is required/],
    [
      'an error without a reason',
      result({ outcome: 'account-error', reason: undefined, groups: [] }),
      'reason',
      /required when the outcome is account-error/,
    ],
    [
      'a skipped target with groups',
      result({ outcome: 'skipped', reason: 'suspended' }),
      'groups',
      /must be empty when the outcome is skipped/,
    ],
    [
      'a group of another account',
      withGroup({ account: '444455556666' }),
      'groups[0].account',
      /is "444455556666", not the result's 111122223333/,
    ],
    [
      'a group of another region',
      withGroup({ region: 'us-east-1' }),
      'groups[0].region',
      /not the result's eu-west-1/,
    ],
    ['a group without an id', withGroup({ groupId: undefined }), 'groups[0].groupId', /is required/],
    [
      'an unknown status',
      withGroup({ status: 'fine' }),
      'groups[0].status',
      /expected one of compliant, violating/,
    ],
    [
      'an unknown severity',
      withGroup({ severity: 'low' }),
      'groups[0].severity',
      /expected one of critical, high, medium, info/,
    ],
    ['an unknown mode', withGroup({ mode: 'strict' }), 'groups[0].mode', /expected one of enforce, audit/],
    ['no violations list', withGroup({ violations: undefined }), 'groups[0].violations', /is required/],
    [
      'an unknown violation code',
      violationOf({ code: 'bad' }),
      'groups[0].violations[0].code',
      /expected one of denied/,
    ],
    [
      'a violation without its rule',
      violationOf({ rule: '' }),
      'groups[0].violations[0].rule',
      /non-empty string/,
    ],
    ['no exceptions list', withGroup({ exceptions: undefined }), 'groups[0].exceptions', /is required/],
    [
      'an exception without applied',
      exceptionOf({ applied: undefined }),
      'groups[0].exceptions[0].applied',
      /is required/,
    ],
    [
      'applied as text',
      exceptionOf({ applied: 'true' }),
      'groups[0].exceptions[0].applied',
      /expected true or false, got "true"/,
    ],
    [
      'an exception of no direction',
      exceptionOf({ direction: 'both' }),
      'groups[0].exceptions[0].direction',
      /expected one of ingress, egress/,
    ],
  ])('refuses %s, naming the key and the path', (_, doc, path, problem) => {
    const error = failure(() => parseSweepTargetResult(JSON.stringify(doc), TARGET_KEY));
    expect(error).toMatchObject({ name: 'SweepDocumentError', key: TARGET_KEY, path });
    expect(error.message).toMatch(problem);
  });
});
