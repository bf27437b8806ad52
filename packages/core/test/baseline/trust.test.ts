import { isTrustedChange, trustedActor } from '../../src/baseline/trust';
import { ALICE, CI, change, GROUP, PIPELINE } from './fixtures';

const policy = {
  trustedPrincipals: [
    'arn:aws:iam::*:role/cdk-*-cfn-exec-role-*',
    'arn:aws:sts::*:assumed-role/ci-deployer/*',
  ],
};

describe('isTrustedChange', () => {
  it('trusts a rule or tag change whose caller or role a pattern matches', () => {
    expect(isTrustedChange(change({ actor: PIPELINE }), policy)).toBe(true);
    expect(isTrustedChange(change({ actor: { ...PIPELINE, arn: undefined } }), policy)).toBe(true);
    expect(isTrustedChange(change.tag({ actor: CI }), policy)).toBe(true);
  });

  it('trusts no one else, no lifecycle change, not the guardrail, and nothing without trustedPrincipals', () => {
    expect(isTrustedChange(change({ actor: ALICE }), policy)).toBe(false);
    expect(isTrustedChange(change.lifecycle({ actor: PIPELINE }), policy)).toBe(false);
    expect(isTrustedChange(change({ actor: PIPELINE, byGuardrail: true }), policy)).toBe(false);
    expect(isTrustedChange(change({ actor: PIPELINE }), {})).toBe(false);
  });
});

describe('trustedActor', () => {
  it('is undefined for a sweep (no change)', () => {
    expect(trustedActor([], policy, GROUP)).toBeUndefined();
  });

  it('is undefined when only failed calls or other groups are left', () => {
    const failed = change({ actor: PIPELINE, error: { code: 'InvalidPermission.Duplicate' } });
    expect(trustedActor([failed], policy, GROUP)).toBeUndefined();
    expect(
      trustedActor([change({ actor: PIPELINE, groupIds: ['sg-0ffffffffffffffff'] })], policy, GROUP),
    ).toBeUndefined();
  });

  it('counts every change when no group is given', () => {
    const elsewhere = change({ actor: ALICE, groupIds: ['sg-0ffffffffffffffff'] });
    expect(trustedActor([change({ actor: PIPELINE }), elsewhere], policy)).toBeUndefined();
    expect(trustedActor([change({ actor: PIPELINE }), elsewhere], policy, GROUP)).toBe(PIPELINE.arn);
  });

  it('credits the newest change, the later one on a tie', () => {
    const early = change({ actor: CI, eventTime: '2026-06-01T00:00:01Z' });
    const late = change({ actor: PIPELINE, eventTime: '2026-06-01T00:00:02Z' });
    expect(trustedActor([late, early], policy, GROUP)).toBe(PIPELINE.arn);
    const tie = change({ actor: CI, eventTime: '2026-06-01T00:00:02Z' });
    expect(trustedActor([late, tie], policy, GROUP)).toBe(CI.arn);
  });
});
