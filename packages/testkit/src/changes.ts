/** SecurityGroupChange builders: a parsed CloudTrail event in one line, for the planner, alerts and the engine. */
import type { SecurityGroupChange } from '@guardrail/core';
import { GROUP_ID, MEMBER_ACCOUNT, REGION } from './defaults';

export type ChangeBuilder = (overrides?: Partial<SecurityGroupChange>) => SecurityGroupChange;

/**
 * An IAM user authorized ingress on GROUP_ID in MEMBER_ACCOUNT, adding nothing yet: tests set
 * what they need (`rulesAdded`, `kind`, `actor`, ...) in `overrides`.
 */
export function securityGroupChange(overrides: Partial<SecurityGroupChange> = {}): SecurityGroupChange {
  return {
    eventId: 'evt-1',
    eventName: 'AuthorizeSecurityGroupIngress',
    eventSource: 'ec2.amazonaws.com',
    eventTime: '2026-06-01T00:00:00Z',
    account: MEMBER_ACCOUNT,
    region: REGION,
    kind: 'authorize',
    groupIds: [GROUP_ID],
    direction: 'ingress',
    actor: { type: 'IAMUser', viaConsole: false },
    byGuardrail: false,
    tagsSet: {},
    tagKeysRemoved: [],
    rulesAdded: [],
    rulesRemoved: [],
    ruleIdsRemoved: [],
    rulesModified: [],
    ...overrides,
  };
}

/** A suite's own builder: its defaults (evaluated on every call) over the kit's, the call's overrides last. */
export function changeBuilder(defaults: () => Partial<SecurityGroupChange>): ChangeBuilder {
  return (overrides = {}) => securityGroupChange({ ...defaults(), ...overrides });
}
