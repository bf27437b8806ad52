/** A sticky opt-in: which tags put a group back under the policy the hub last enforced. */
import { DEFAULT_TAG_KEYS, optInRestoration, type Policy, type PolicyFile, planGroup } from '../../src';

const keys = DEFAULT_TAG_KEYS;
const base: Policy = {
  mode: 'enforce',
  modeOverride: false,
  ingress: { required: [], deny: [] },
  egress: { required: [], deny: [] },
};
const policies: PolicyFile = {
  version: 1,
  policies: {
    sticky: { ...base, optOut: 'restore' },
    stickyOverride: { ...base, optOut: 'restore', modeOverride: true },
    stickyAuditDefault: { ...base, optOut: 'restore', modeOverride: true, mode: 'audit' },
    loose: { ...base, optOut: 'alert' },
    plain: base,
  },
  exceptions: [],
};
const enforced = (policy: string) => ({ policy, mode: 'enforce' as const });
const restore = (tags: Record<string, string>, policy: string, mode: 'enforce' | 'audit' = 'enforce') =>
  optInRestoration({ tags, policies, tagKeys: keys, remembered: { policy, mode } });

describe('optInRestoration', () => {
  it('puts the opt-in tag back when it was removed or names another policy', () => {
    expect(restore({}, 'sticky')).toEqual({ [keys.policy]: 'sticky' });
    expect(restore({ [keys.policy]: 'plain' }, 'sticky')).toEqual({ [keys.policy]: 'sticky' });
  });

  it('sets the mode tag back to enforce when the policy lets it downgrade the group', () => {
    expect(restore({ [keys.policy]: 'stickyOverride', [keys.mode]: 'audit' }, 'stickyOverride')).toEqual({
      [keys.mode]: 'enforce',
    });
    expect(restore({ [keys.mode]: 'Audit ' }, 'stickyOverride')).toEqual({
      [keys.policy]: 'stickyOverride',
      [keys.mode]: 'enforce',
    });
    // A mode tag that misconfigures the group leaves enforcement too.
    expect(restore({ [keys.policy]: 'stickyOverride', [keys.mode]: 'off' }, 'stickyOverride')).toEqual({
      [keys.mode]: 'enforce',
    });
    // Under an audit default, enforcement was the mode tag's: its removal is a downgrade.
    expect(restore({ [keys.policy]: 'stickyAuditDefault' }, 'stickyAuditDefault')).toEqual({
      [keys.mode]: 'enforce',
    });
  });

  it('ignores a mode tag the policy does not honour, and a group still under the policy', () => {
    expect(restore({ [keys.policy]: 'sticky', [keys.mode]: 'audit' }, 'sticky')).toBeUndefined();
    expect(
      restore({ [keys.policy]: 'stickyOverride', [keys.mode]: 'enforce' }, 'stickyOverride'),
    ).toBeUndefined();
  });

  it('restores nothing for a policy that only alerts, one that is gone, or a group it only audited', () => {
    expect(restore({}, 'loose')).toBeUndefined();
    expect(restore({}, 'plain')).toBeUndefined();
    expect(restore({}, 'deleted-from-the-file')).toBeUndefined();
    expect(restore({}, 'sticky', 'audit')).toBeUndefined();
  });
});

describe('planGroup with what the hub remembered', () => {
  const group = { groupId: 'sg-0123456789abcdef0', rules: [], tags: {} };
  const now = new Date('2026-12-02T00:00:00Z');

  it('says which tags restore a sticky opt-in, and nothing without a memory', () => {
    expect(planGroup({ group, policies, now, remembered: enforced('sticky') }).restore).toEqual({
      [keys.policy]: 'sticky',
    });
    expect(planGroup({ group, policies, now }).restore).toBeUndefined();
    expect(planGroup({ group, policies, now, remembered: enforced('loose') })).not.toHaveProperty('restore');
  });
});
